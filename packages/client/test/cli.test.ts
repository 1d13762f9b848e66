import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { ml_dsa44 } from '@noble/post-quantum/ml-dsa.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type CliBatch, type CliOutcome as Outcome, runNode, startCliBatch } from './cli-batch.mjs';
import { type Answer, TOKEN, startServer, type TestServer } from './server.js';

// Most cases run through one child process that calls the built runCli (dist/cli-run.mjs, the
// function the bin calls) once per case: run(). The cases that need a process of their own (the
// modules a run loads) use the bin, and so do the tests that go through both(): one per kind of
// outcome, whose batch answer must be byte for byte the bin's.
const CLI = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const CLI_RUN = fileURLToPath(new URL('../dist/cli-run.mjs', import.meta.url));
/** A child (the bin's, or the batch) past this resident memory is killed: see runGuarded. */
const MEMORY_GUARD = 512 * 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'hem-cli-'));
const file = (name: string, data: string | Uint8Array) => {
  writeFileSync(join(dir, name), data);
  return join(dir, name);
};

const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
const PEM = file('p256.pem', p256.export({ type: 'spki', format: 'pem' }) as string);
const ed = generateKeyPairSync('ed25519').publicKey;
const JWK = file('ed25519.jwk', JSON.stringify(ed.export({ format: 'jwk' })));
const RAW = file('ed25519.raw', Buffer.from(ed.export({ format: 'jwk' }).x!, 'base64url'));
const B64 = file('ed25519.b64', `${Buffer.from(ed.export({ format: 'jwk' }).x!, 'base64url').toString('base64')}\n`);
// A raw key whose first byte is "{" must not be taken for JSON.
const BRACE = file('brace.raw', Uint8Array.of(0x7b, ...new Uint8Array(31).fill(9)));
// An ML-DSA-44 key as `base64` wraps it: 76 columns.
const MLDSA = ml_dsa44.keygen().publicKey;
const WRAPPED = file('mldsa.b64', `${Buffer.from(MLDSA).toString('base64').replace(/.{76}/g, '$&\n')}\n`);
const RSA = file('rsa.pem', generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }) as string);
const TOKEN_FILE = file('token.jwt', `${TOKEN}\n`);
chmodSync(TOKEN_FILE, 0o600);
const kidOf = (raw: Buffer) => createHash('sha1').update(raw).digest('hex').slice(0, 32);
const compressed = () => Buffer.from(JSON.parse(JSON.stringify(p256.export({ format: 'jwk' }))).x, 'base64url');

let server: TestServer;
let batch: CliBatch;
/** What every run's process has in its environment; a case adds its own variables. */
const baseEnv = () => ({ PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: server.caFile! });
beforeAll(async () => {
  for (const built of [CLI, CLI_RUN]) if (!existsSync(built)) throw new Error(`${built} is missing: run pnpm build first.`);
  server = await startServer('https');
  batch = startCliBatch({ module: CLI_RUN, env: baseEnv(), memoryLimit: MEMORY_GUARD });
});
// The same key file is imported again and again: each test starts with an empty device (a second import would be a 406).
beforeEach(() => server.device.keys.clear());
afterAll(async () => {
  const closed = await batch?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
  // No batch child printed anything of its own (a warning, a stray log) or ended before it was told to.
  if (closed) expect(closed).toEqual({ unexpected: [], stray: '' });
});

/** Runs hem-import in the batch child, with only PATH, NODE_EXTRA_CA_CERTS and `env` as variables. */
async function run(args: string[], env: Record<string, string> = { HEM_TOKEN: TOKEN }): Promise<Outcome> {
  const { code, stdout, stderr, killed } = await batch.run(args, { ...baseEnv(), ...env });
  if (killed) throw new Error(`the batch child was killed: ${killed}`);
  return { code: code!, stdout, stderr };
}

/** Runs the bin in a child process of its own, with the same variables as run(). */
function bin(args: string[], env: Record<string, string> = { HEM_TOKEN: TOKEN }): Promise<Outcome> {
  return runNode([CLI, ...args], { ...baseEnv(), ...env });
}

/**
 * Runs the bin, then the batch, each with an empty device and `answer` scripted: the batch
 * must answer exactly what the bin does. The bin's answer is returned.
 */
async function both(args: string[], env: Record<string, string> = { HEM_TOKEN: TOKEN }, answer?: Answer): Promise<Outcome> {
  const prepare = () => {
    server.device.keys.clear();
    if (answer) server.script.push(answer);
  };
  prepare();
  const real = await bin(args, env);
  prepare();
  expect(await run(args, env), 'the batch answers what the bin does').toEqual(real);
  return real;
}

describe('hem-import', () => {
  test('imports a PEM key and prints its kid', async () => {
    const before = server.requests.length;
    const out = await run(['--url', server.url, '--label', 'partner', '--mode', 'ECDH', PEM]);
    expect(out).toMatchObject({ code: 0, stderr: '' });
    const sent = JSON.parse(server.requests[before]!.body);
    expect(sent).toMatchObject({ label: 'partner', type: 'SECP256R1', mode: 'ECDH' });
    expect(out.stdout.trim()).toBe(kidOf(Buffer.from(sent.pubkey, 'base64')));
    // The PEM held an uncompressed point; the CLI sent the compressed form.
    expect(Buffer.from(sent.pubkey, 'base64')).toHaveLength(33);
    expect(Buffer.from(sent.pubkey, 'base64').subarray(1)).toEqual(compressed());
  });

  test('--json, a JWK file and a token file', async () => {
    const out = await both(['--url', server.url, '--label', 'ed', '--descr-text', 'signing key', '--json', '--token-file', TOKEN_FILE, JWK], {});
    expect(out.code).toBe(0);
    const raw = Buffer.from(ed.export({ format: 'jwk' }).x!, 'base64url');
    expect(JSON.parse(out.stdout)).toEqual({ ok: true, kid: kidOf(raw), type: 'ED25519', label: 'ed' });
    expect(JSON.parse(server.requests.at(-1)!.body).descr).toBe(Buffer.from('signing key').toString('base64'));
  });

  test('--dry-run prints the request and the expected kid and sends nothing, without a token', async () => {
    const before = server.requests.length;
    const out = await run(['--label', 'raw', '--type', 'ED25519', '--dry-run', '--json', RAW], {});
    expect(out.code).toBe(0);
    const raw = Buffer.from(ed.export({ format: 'jwk' }).x!, 'base64url');
    expect(JSON.parse(out.stdout)).toEqual({ ok: true, dryRun: true, kid: kidOf(raw), request: { label: 'raw', type: 'ED25519', pubkey: raw.toString('base64') } });
    expect(server.requests.length).toBe(before);
  });

  test('a raw key starting with "{" and line-wrapped base64 text are read as keys', async () => {
    const brace = await run(['--label', 'b', '--type', 'CURVE25519', '--dry-run', '--json', BRACE], {});
    expect(brace.stderr).toBe('');
    expect(JSON.parse(brace.stdout).request.pubkey).toBe(Buffer.from(readFileSync(BRACE)).toString('base64'));
    const wrapped = await run(['--label', 'w', '--type', 'MLDSA44', '--dry-run', '--json', WRAPPED], {});
    expect(JSON.parse(wrapped.stdout).request.pubkey).toBe(Buffer.from(MLDSA).toString('base64'));
  });

  test('--descr-max-bytes raises the description limit for newer firmware', async () => {
    const descr = Buffer.alloc(100, 1).toString('base64');
    expect((await run(['--label', 'd', '--descr-b64', descr, '--dry-run', '--mode', 'ECDH', PEM], {})).code).toBe(3);
    expect((await run(['--label', 'd', '--descr-b64', descr, '--descr-max-bytes', '128', '--dry-run', '--mode', 'ECDH', PEM], {})).code).toBe(0);
  });

  test('raw base64 text with --type', async () => {
    const out = await run(['--label', 'b64', '--type', 'ED25519', '--dry-run', '--json', B64], {});
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).request.pubkey).toBe(Buffer.from(ed.export({ format: 'jwk' }).x!, 'base64url').toString('base64'));
  });

  test.each([
    ['an RSA key', ['--label', 'x', RSA], 3, /RSA keys cannot be imported/],
    ['a bad label', ['--label', 'é', PEM], 3, /label: .*printable ASCII/],
    ['an empty mode', ['--label', 'x', '--mode', '', PEM], 3, /mode: .*omit the field/],
    ['a missing file', ['--label', 'x', join(dir, 'nope.pem')], 2, /cannot read KEYFILE/],
    ['no label', [PEM], 2, /--label is required/],
    ['an unknown option', ['--label', 'x', '--token', TOKEN, PEM], 2, /Unknown option '--token'/],
    ['raw bytes without --type', ['--label', 'x', RAW], 3, /type/],
  ])('%s: exit %i, nothing sent', async (_name, args, code, says) => {
    const before = server.requests.length;
    const out = await run(['--url', server.url, ...(args as string[])]);
    expect(out.code).toBe(code);
    expect(out.stderr).toMatch(says as RegExp);
    expect(server.requests.length).toBe(before);
  });

  test('no token: exit 2 with what to do', async () => {
    const out = await run(['--url', server.url, '--label', 'x', '--mode', 'ECDH', PEM], {});
    expect(out).toMatchObject({ code: 2 });
    expect(out.stderr).toMatch(/set HEM_TOKEN or pass --token-file/);
  });

  test('the device refuses (406): exit 4, and the kid to look for', async () => {
    const out = await both(['--url', server.url, '--label', 'dup', '--mode', 'ECDH', PEM], undefined, { status: 406 });
    expect(out.code).toBe(4);
    expect(out.stderr).toMatch(/406 \(key_rejected\).*may already be stored under kid [0-9a-f]{32}/s);
  });

  test('a wrong kid in the answer: exit 6', async () => {
    const wrongKid = { status: 200, body: JSON.stringify({ kid: '0'.repeat(32) }) };
    expect((await both(['--url', server.url, '--label', 'x', '--mode', 'ECDH', PEM], undefined, wrongKid)).code).toBe(6);
  });

  test('unreachable: exit 5', async () => {
    const gone = await startServer('https');
    await gone.close();
    expect((await both(['--url', gone.url, '--label', 'x', '--mode', 'ECDH', PEM])).code).toBe(5);
  });

  test('the connection lost after the request left: exit 7, the outcome is unknown', async () => {
    const out = await both(['--url', server.url, '--label', 'x', '--mode', 'ECDH', PEM], undefined, { destroy: true });
    expect(out.code).toBe(7);
    expect(out.stderr).toMatch(/may have reached the device and taken effect/);
  });

  test('http:// is refused unless --allow-http', async () => {
    const out = await run(['--url', server.url.replace('https', 'http'), '--label', 'x', '--mode', 'ECDH', PEM]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/418/);
  });

  test('the token never shows, whatever happens', async () => {
    server.script.push({ status: 401 });
    const outs = await Promise.all([
      run(['--url', server.url, '--label', 'x', '--mode', 'ECDH', PEM]),
      run(['--url', server.url, '--label', 'x', '--json', RSA]),
      run(['--url', 'https://127.0.0.1:1', '--label', 'x', '--json', '--mode', 'ECDH', PEM]),
    ]);
    for (const out of outs) expect(out.stdout + out.stderr).not.toContain(TOKEN);
  });

  test("--help and usage errors load no zod; only --dry-run loads the full validator (an import checks with the client's own)", async () => {
    // A resolve hook (Node's module.register) appends every module the CLI loads to a file.
    const hooks = file(
      'record-hooks.mjs',
      `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const r = await next(specifier, context);\n  appendFileSync(process.env.HEM_LOADED, r.url + '\\n');\n  return r;\n}\n`,
    );
    const preload = file('record.mjs', `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    // Each run goes through the bin, and then through the batch, which must answer the same.
    const loaded = async (args: string[], env: Record<string, string>) => {
      const list = join(dir, `loaded-${args.length}-${Date.now()}.txt`);
      writeFileSync(list, '');
      server.device.keys.clear();
      const out = await runNode(['--import', pathToFileURL(preload).href, CLI, ...args], { ...baseEnv(), HEM_LOADED: list, ...env });
      server.device.keys.clear();
      expect(await run(args, env), 'the batch answers what the bin does').toEqual(out);
      return { ...out, urls: readFileSync(list, 'utf8').split('\n').filter(Boolean) };
    };
    const zod = (urls: string[]) => urls.filter((u) => u.includes('/zod/'));
    const fullValidator = (urls: string[]) => urls.filter((u) => /\/validator\/dist\/index\.(c|m)?js$/.test(u));
    for (const args of [['--help'], ['--label', 'x']]) {
      const run = await loaded(args, {});
      expect(run.code, args.join(' ')).toBe(args[0] === '--help' ? 0 : 2);
      expect(
        run.urls.some((u) => u.endsWith('/dist/cli.mjs')),
        'the hook saw the CLI',
      ).toBe(true);
      expect(zod(run.urls), args.join(' ')).toEqual([]);
    }
    const imported = await loaded(['--url', server.url, '--label', 'lazy', '--mode', 'ECDH', PEM], { HEM_TOKEN: TOKEN });
    expect(imported.code).toBe(0);
    expect(zod(imported.urls).length, 'the client checks the request').toBeGreaterThan(0);
    expect(fullValidator(imported.urls)).toEqual([]);
    const dry = await loaded(['--label', 'x', '--type', 'ED25519', '--dry-run', RAW], {});
    expect(dry.code).toBe(0);
    expect(fullValidator(dry.urls).length).toBeGreaterThan(0);
  });

  test('--help explains the command', async () => {
    const out = await run(['--help'], {});
    expect(out.code).toBe(0);
    for (const word of ['--url', '--label', '--dry-run', 'HEM_TOKEN', 'Exit codes', 'Example']) expect(out.stdout).toContain(word);
  });
});

// --- bounded reads, --json for every outcome, the token file's mode ---------------------------

const KEYFILE_LIMIT = 64 * 1024;
const TOKEN_FILE_LIMIT = 16 * 1024;
// Generous: the children run on a loaded machine. It only stops a read that never ends (the defect).
const SLOW = { timeout: 120_000 };

/**
 * Runs the CLI like run(), in the batch child, whose memory is watched (Linux /proc): a child
 * past MEMORY_GUARD is killed, so a read without a bound fails the test instead of eating the
 * machine (it reached 19 GB before the fix). Also killed after 100 s, before the test's own
 * timeout. The next case starts a new batch child.
 */
function runGuarded(args: string[], env: Record<string, string>) {
  return batch.run(args, { ...baseEnv(), ...env }, { killAfterMs: 100_000 });
}

/** runGuarded() through the bin, in a child process of its own. */
function binGuarded(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string; peakRss: number; killed?: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...baseEnv(), ...env } });
    let stdout = '';
    let stderr = '';
    let peakRss = 0;
    let killed: string | undefined;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const watch = setInterval(() => {
      try {
        const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peakRss = Math.max(peakRss, kb * 1024);
      } catch {
        return; // exited between two looks
      }
      if (peakRss > MEMORY_GUARD && !killed) {
        killed = `its memory passed ${MEMORY_GUARD / 2 ** 20} MiB`;
        child.kill('SIGKILL');
      }
    }, 100);
    const stop = setTimeout(() => {
      killed = 'it ran for 100 s';
      child.kill('SIGKILL');
    }, 100_000);
    child.on('close', (code) => {
      clearInterval(watch);
      clearTimeout(stop);
      resolve({ code, stdout, stderr, peakRss, ...(killed ? { killed } : {}) });
    });
  });
}

/** A writer into the FIFO at `path`: `endless` bytes until the reader goes away, or `data` and close. */
const writers: ChildProcess[] = [];
// A shell and yes/printf, not a Node process: starting Node cost each writer about 0.1 s of CPU.
function feed(path: string, data: 'endless' | string): void {
  const script = data === 'endless' ? 'exec yes AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA > "$1"' : 'printf %s "$2" > "$1"';
  writers.push(spawn('sh', ['-c', script, 'sh', path, ...(data === 'endless' ? [] : [data])], { stdio: 'ignore' }));
}
function fifo(name: string): string {
  const path = join(dir, name);
  rmSync(path, { force: true });
  execFileSync('mkfifo', [path]);
  return path;
}
afterAll(() => {
  for (const w of writers) if (w.exitCode === null && w.signalCode === null) w.kill();
});

describe('hem-import reads at most a bounded amount from KEYFILE and --token-file', SLOW, () => {
  test('KEYFILE /dev/zero: exit 2 naming the file and the limit (read for ever before); the bin and the batch alike', async () => {
    const outs = [];
    for (const runner of [binGuarded, runGuarded]) {
      const out = await runner(['--label', 'x', '--dry-run', '/dev/zero'], {});
      expect(out.killed).toBeUndefined();
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(new RegExp(`KEYFILE /dev/zero is larger than ${KEYFILE_LIMIT} bytes`));
      outs.push({ code: out.code, stdout: out.stdout, stderr: out.stderr });
    }
    expect(outs[1], 'the batch answers what the bin does').toEqual(outs[0]);
  });

  test('--token-file /dev/zero: exit 2 naming the file and the limit, nothing sent', async () => {
    const before = server.requests.length;
    const out = await runGuarded(['--url', server.url, '--label', 'x', '--mode', 'ECDH', '--token-file', '/dev/zero', PEM], {});
    expect(out.killed).toBeUndefined();
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(new RegExp(`--token-file /dev/zero is larger than ${TOKEN_FILE_LIMIT} bytes`));
    expect(out.stderr).not.toMatch(/warning/); // a character device has no mode to fix
    expect(server.requests.length).toBe(before);
  });

  test('a FIFO that never ends, as KEYFILE and as --token-file: exit 2', async () => {
    const keyPipe = fifo('endless-key');
    feed(keyPipe, 'endless');
    const key = await runGuarded(['--label', 'x', '--dry-run', '--json', keyPipe], {});
    expect(key.killed).toBeUndefined();
    expect(JSON.parse(key.stdout)).toMatchObject({ ok: false, exitCode: 2, message: expect.stringContaining(`KEYFILE ${keyPipe} is larger than ${KEYFILE_LIMIT} bytes`) });
    const tokenPipe = fifo('endless-token');
    feed(tokenPipe, 'endless');
    const token = await runGuarded(['--url', server.url, '--label', 'x', '--mode', 'ECDH', '--token-file', tokenPipe, PEM], {});
    expect(token.killed).toBeUndefined();
    expect(token.code).toBe(2);
    expect(token.stderr).toMatch(new RegExp(`--token-file ${tokenPipe} is larger than ${TOKEN_FILE_LIMIT} bytes`));
  });

  test('a FIFO that delivers a key and a token, then ends, is read like a file', async () => {
    const keyPipe = fifo('key-once');
    const tokenPipe = fifo('token-once');
    feed(keyPipe, readFileSync(PEM, 'utf8'));
    feed(tokenPipe, `${TOKEN}\n`);
    const out = await run(['--url', server.url, '--label', 'piped', '--mode', 'ECDH', '--json', '--token-file', tokenPipe, keyPipe], {});
    const sent = server.requests.at(-1)!;
    expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(out.stdout)).toEqual({ ok: true, kid: kidOf(Buffer.from(JSON.parse(sent.body).pubkey, 'base64')), type: 'SECP256R1', label: 'piped' });
  });

  test('the limits are exact: a JWK of exactly 64 KiB is read, one byte more is refused; the same for a token file', async () => {
    const jwk = ed.export({ format: 'jwk' }) as Record<string, unknown>;
    const base = JSON.stringify({ ...jwk, note: '' });
    const at = file('limit.jwk', JSON.stringify({ ...jwk, note: 'n'.repeat(KEYFILE_LIMIT - base.length) }));
    expect(statSync(at).size).toBe(KEYFILE_LIMIT);
    expect((await run(['--label', 'j', '--dry-run', at], {})).code).toBe(0);
    const over = file('over.jwk', JSON.stringify({ ...jwk, note: 'n'.repeat(KEYFILE_LIMIT - base.length + 1) }));
    const refused = await run(['--label', 'j', '--dry-run', over], {});
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`KEYFILE ${over} is larger than ${KEYFILE_LIMIT} bytes`);

    const longToken = file('long.jwt', `${TOKEN}${' '.repeat(TOKEN_FILE_LIMIT - TOKEN.length)}`);
    chmodSync(longToken, 0o600);
    expect((await run(['--url', server.url, '--label', 't', '--mode', 'ECDH', '--token-file', longToken, PEM], {})).code).toBe(0);
    const tooLong = file('too-long.jwt', `${TOKEN}${' '.repeat(TOKEN_FILE_LIMIT - TOKEN.length + 1)}`);
    chmodSync(tooLong, 0o600);
    const no = await run(['--url', server.url, '--label', 't', '--mode', 'ECDH', '--token-file', tooLong, PEM], {});
    expect(no.code).toBe(2);
    expect(no.stderr).toContain(`--token-file ${tooLong} is larger than ${TOKEN_FILE_LIMIT} bytes`);
    expect(no.stderr).not.toContain(TOKEN);
  });
});

describe('--json: one JSON object on stdout for every outcome', SLOW, () => {
  test.each<[string, string[], Record<string, string>, RegExp]>([
    ['an unknown option', ['--label', 'x', '--token', TOKEN, PEM], { HEM_TOKEN: TOKEN }, /Unknown option '--token'/],
    ['an option without its value', ['--label', '--json', PEM], { HEM_TOKEN: TOKEN }, /--label/],
    ['no KEYFILE', ['--label', 'x'], { HEM_TOKEN: TOKEN }, /KEYFILE is missing/],
    ['no label', [PEM], { HEM_TOKEN: TOKEN }, /--label is required/],
    ['--label twice', ['--label', 'a', '--label', 'b', PEM], { HEM_TOKEN: TOKEN }, /--label is given 2 times; give it once/],
    ['a bad --timeout-ms', ['--label', 'x', '--timeout-ms', '0', PEM], { HEM_TOKEN: TOKEN }, /--timeout-ms/],
    ['a missing file', ['--label', 'x', 'nope.pem'], { HEM_TOKEN: TOKEN }, /cannot read KEYFILE nope\.pem: ENOENT/],
    ['no --url', ['--label', 'x', '--mode', 'ECDH', PEM], { HEM_TOKEN: TOKEN }, /--url is required/],
    ['no token', ['--url', 'https://127.0.0.1:1', '--label', 'x', '--mode', 'ECDH', PEM], {}, /set HEM_TOKEN or pass --token-file/],
    ['an empty token file', ['--url', 'https://127.0.0.1:1', '--label', 'x', '--mode', 'ECDH', '--token-file', '/dev/null', PEM], {}, /--token-file \/dev\/null is empty/],
  ])('%s: exit 2, ok false, the message, nothing on stderr', async (_, args, env, message) => {
    const out = await run([...args, '--json'], env);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe('');
    expect(out.stdout.trim().split('\n')).toHaveLength(1);
    const json = JSON.parse(out.stdout);
    expect(json).toMatchObject({ ok: false, exitCode: 2, message: expect.stringMatching(message), error: { message: json.message } });
    expect(out.stdout).not.toContain(TOKEN);
  });

  test('--help --json is one object too', async () => {
    const out = await run(['--help', '--json'], {});
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ ok: true, usage: expect.stringContaining('--token-file') });
  });

  test('a refused key with --json: exit 3 and the code', async () => {
    const out = await both(['--label', 'x', '--dry-run', '--json', RSA], {});
    expect(out.code).toBe(3);
    expect(JSON.parse(out.stdout)).toMatchObject({ ok: false, exitCode: 3, message: expect.stringMatching(/RSA keys/), error: { name: 'HemKeyFormatError', code: 'rsa_key' } });
  });
});

describe('a token file others may read gets a warning with the chmod to run', SLOW, () => {
  test.each([0o644, 0o640, 0o604, 0o660].map((mode) => [mode.toString(8), mode] as const))('mode %s: warned on stderr, and in the JSON as warnings', async (_, mode) => {
    const open = file(`open-${mode.toString(8)}.jwt`, `${TOKEN}\n`);
    chmodSync(open, mode);
    const text = await run(['--url', server.url, '--label', 'w', '--mode', 'ECDH', '--token-file', open, PEM], {});
    expect(text.code).toBe(0);
    const warning = `--token-file ${open} may be read by the group or others (mode ${mode.toString(8)}); run: chmod 600 ${open}`;
    expect(text.stderr).toBe(`hem-import: warning: ${warning}\n`);
    server.device.keys.clear(); // the same key again: a second import would be a 406
    const json = await run(['--url', server.url, '--label', 'w', '--mode', 'ECDH', '--json', '--token-file', open, PEM], {});
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, warnings: [warning] });
    // and on failure too, next to the error
    const failed = await run(['--url', 'https://127.0.0.1:1', '--label', 'w', '--mode', 'ECDH', '--json', '--token-file', open, PEM], {});
    expect(JSON.parse(failed.stdout)).toMatchObject({ ok: false, exitCode: 5, warnings: [warning] });
    for (const out of [text, json, failed]) expect(out.stdout + out.stderr).not.toContain(TOKEN);
  });

  test('mode 600 and 400: no warning', async () => {
    for (const mode of [0o600, 0o400]) {
      server.device.keys.clear(); // the same key again: a second import would be a 406
      const closed = file(`closed-${mode.toString(8)}.jwt`, `${TOKEN}\n`);
      chmodSync(closed, mode);
      const out = await run(['--url', server.url, '--label', 'c', '--mode', 'ECDH', '--token-file', closed, PEM], {});
      expect(out).toMatchObject({ code: 0, stderr: '' });
    }
  });

  test('a path with a space is quoted in the chmod to run', async () => {
    const spaced = file('my token.jwt', `${TOKEN}\n`);
    chmodSync(spaced, 0o644);
    const out = await both(['--url', server.url, '--label', 'q', '--mode', 'ECDH', '--token-file', spaced, PEM], {});
    expect(out.stderr).toContain(`run: chmod 600 '${spaced}'`);
  });
});
