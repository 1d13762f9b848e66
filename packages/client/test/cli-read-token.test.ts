// hem-import --if-absent with a token per scope, as a device issues them: the import token
// (HEM_TOKEN_IMP, HEM_TOKEN or --token-file) for the import, the read token (HEM_TOKEN_GET or
// --read-token-file) for the read-back. The built CLI runs against the device mock over HTTPS,
// which checks each token's scope: most cases in one batch child that calls the built runCli
// (dist/cli-run.mjs, the function the bin calls; see cli-batch.mjs), and the tests that go
// through both() also through the bin, whose answer the batch must match byte for byte. No
// token may appear in any output.
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Certificate, createMockHem, type Fault, type MockHem, selfSignedCertificate } from '@hem/mock-server';
import { OPERATIONS } from '@hem/types';
import { computeKid } from '@hem/validator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type CliBatch, type CliOutcome as Outcome, runNode, startCliBatch } from './cli-batch.mjs';

const CLI = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const CLI_RUN = fileURLToPath(new URL('../dist/cli-run.mjs', import.meta.url));
const IMPORT_SCOPE = OPERATIONS.importKey.hem.scopes[0].claim;
const READ_SCOPE = OPERATIONS.getKey.hem.scopes[0].claim;
const EXIT_NO_READ_TOKEN = 8;

const dir = mkdtempSync(join(tmpdir(), 'hem-cli-read-token-'));
const file = (name: string, data: string, mode = 0o600) => {
  writeFileSync(join(dir, name), data);
  chmodSync(join(dir, name), mode);
  return join(dir, name);
};
const spki = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' });
// The raw Ed25519 key: the last 32 bytes of its SubjectPublicKeyInfo.
const KEY = { type: 'ED25519', pubkey: spki.subarray(-32).toString('base64') };
const KID = computeKid(KEY.pubkey);
const PEM = file('peer.pem', generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string);
const B64 = file('peer.b64', `${KEY.pubkey}\n`);
const ARGS = ['--label', 'partner', '--type', 'ED25519', '--if-absent', B64];

let mock: MockHem;
/** One certificate for every test's mock: the batch child trusts it from its start (NODE_EXTRA_CA_CERTS). */
let certificate: Certificate;
let ca: string;
let batch: CliBatch;
/** Every token minted in the test: none may show up in what the CLI prints. */
let minted: string[];
let imp: string;
let get: string;
/** Counts the reads that reach the device (the mock's audit log holds imports, not reads). */
let readProbe: Fault;

/** What every run's process has in its environment; a case adds its own variables. */
const baseEnv = () => ({ PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: ca });
beforeAll(async () => {
  for (const built of [CLI, CLI_RUN]) if (!existsSync(built)) throw new Error(`${built} is missing: run pnpm build first.`);
  certificate = await selfSignedCertificate();
  ca = file('ca.pem', certificate.cert);
  batch = startCliBatch({ module: CLI_RUN, env: baseEnv(), memoryLimit: 512 * 1024 * 1024 });
});
beforeEach(async () => {
  // A new device per test (its keys, log and faults), on the one certificate.
  mock = await createMockHem({ tls: certificate });
  watchReads();
  minted = [];
  imp = await mint(IMPORT_SCOPE);
  get = await mint(READ_SCOPE);
});
afterEach(async () => {
  await mock?.close();
});
afterAll(async () => {
  const closed = await batch?.close();
  rmSync(dir, { recursive: true, force: true });
  // No batch child printed anything of its own (a warning, a stray log) or ended before it was told to.
  if (closed) expect(closed).toEqual({ unexpected: [], stray: '' });
});

function watchReads() {
  readProbe = mock.faults.add({ operation: 'getKey', delayMs: 0, times: Infinity });
}

async function mint(scope: string): Promise<string> {
  const token = await mock.mintToken({ scope });
  minted.push(token);
  return token;
}

/** Runs hem-import (in the batch child) against the mock with only these variables; fails the test if a token is printed. */
async function run(args: string[], env: Record<string, string>, url = mock.url): Promise<Outcome> {
  const { code, stdout, stderr, killed } = await batch.run(['--url', url, ...args], { ...baseEnv(), ...env });
  if (killed) throw new Error(`the batch child was killed: ${killed}`);
  return shown({ code: code!, stdout, stderr });
}

/** run() through the bin, in a child process of its own. */
async function bin(args: string[], env: Record<string, string>, url = mock.url): Promise<Outcome> {
  return shown(await runNode([CLI, '--url', url, ...args], { ...baseEnv(), ...env }));
}

function shown(result: Outcome): Outcome {
  for (const token of minted) {
    expect(result.stdout).not.toContain(token);
    expect(result.stderr).not.toContain(token);
  }
  return result;
}

/**
 * Runs the bin, then the batch, each on the device as `setup` leaves it (emptied first: no
 * keys, log or faults): the batch must answer exactly what the bin does. The bin's answer is
 * returned; the device's state is the batch run's.
 */
async function both(args: string[], env: Record<string, string>, setup: () => void = () => undefined): Promise<Outcome> {
  const prepare = () => {
    mock.keys.clear();
    mock.log.length = 0;
    mock.faults.clear();
    watchReads();
    setup();
  };
  prepare();
  const real = await bin(args, env);
  prepare();
  expect(await run(args, env), 'the batch answers what the bin does').toEqual(real);
  return real;
}

/** How many import requests reached the device (its audit log), and how many reads. */
const imports = () => mock.log.filter((e) => e.operation === 'importKey').length;
const reads = () => readProbe.hits;
/** Nothing reached the device. */
const untouched = () => expect([mock.log.length, reads()]).toEqual([0, 0]);

describe('hem-import --if-absent: a token per scope', () => {
  test('import token only, key already stored: refused with exit 8, naming HEM_TOKEN_GET and --read-token-file; the key is said to be there', async () => {
    const out = await both(ARGS, { HEM_TOKEN_IMP: imp }, () => mock.device.seed(KEY));
    expect(out.code, out.stderr).toBe(EXIT_NO_READ_TOKEN);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('HEM_TOKEN_GET');
    expect(out.stderr).toContain('--read-token-file');
    expect(out.stderr).toContain(READ_SCOPE);
    expect(out.stderr).toMatch(new RegExp(`406 \\(key_rejected\\): the key is most likely already stored under kid ${KID}`));
    // Warned before sending, too.
    expect(out.stderr).toMatch(/warning: --if-absent has no read token/);
    // One import, no read (there was no token to read with), the key stored once.
    expect([imports(), reads(), mock.keys.size]).toEqual([1, 0, 1]);
  });

  test('the same refusal as JSON: exit code, kid, "stored: likely" and the import\'s answer', async () => {
    const out = await both([...ARGS, '--json'], { HEM_TOKEN: imp }, () => mock.device.seed(KEY));
    expect(out.code).toBe(EXIT_NO_READ_TOKEN);
    const json = JSON.parse(out.stdout);
    expect(json).toMatchObject({
      ok: false,
      exitCode: EXIT_NO_READ_TOKEN,
      error: { name: 'NoReadTokenError', code: 'no_read_token', kid: KID, stored: 'likely', cause: { name: 'HemApiError', status: 406 } },
    });
    expect(json.message).toContain('HEM_TOKEN_GET');
    expect(json.warnings).toEqual([expect.stringContaining('--read-token-file')]);
  });

  test('import token only, a 500 after the key was stored: exit 8, and the outcome is said to be unknown', async () => {
    mock.faults.add({ operation: 'importKey', status: 500, after: true });
    const out = await run(ARGS, { HEM_TOKEN_IMP: imp });
    expect(out.code, out.stderr).toBe(EXIT_NO_READ_TOKEN);
    expect(out.stderr).toContain(`500 (internal_error), so whether the key is stored under kid ${KID} is unknown`);
    expect(out.stderr).toContain('HEM_TOKEN_GET');
    expect(mock.keys.has(KID)).toBe(true);
  });

  test('import token only, the device unreachable: exit 5 (nothing was sent), not a missing read token', async () => {
    const out = await run(ARGS, { HEM_TOKEN_IMP: imp }, 'https://127.0.0.1:1');
    expect(out.code, out.stderr).toBe(5);
    expect(out.stderr).toContain('could not reach the device');
    expect(out.stderr).not.toContain('is unknown');
  });

  test('import token only, a new key: imported (the read token is only needed for a read-back)', async () => {
    const out = await run(ARGS, { HEM_TOKEN_IMP: imp });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout.trim()).toBe(`${KID} imported`);
    expect(mock.keys.has(KID)).toBe(true);
  });

  test.each([
    ['HEM_TOKEN_IMP and HEM_TOKEN_GET', () => ({ args: [], env: { HEM_TOKEN_IMP: imp, HEM_TOKEN_GET: get } })],
    ['HEM_TOKEN (as before) and HEM_TOKEN_GET', () => ({ args: [], env: { HEM_TOKEN: imp, HEM_TOKEN_GET: get } })],
    ['--token-file and --read-token-file', () => ({ args: ['--token-file', file('imp.jwt', `${imp}\n`), '--read-token-file', file('get.jwt', `${get}\n`)], env: {} })],
  ])('both tokens (%s), key already stored: already present, the import sent once', async (_, given) => {
    mock.device.seed(KEY);
    const { args, env } = given();
    const out = await run([...args, ...ARGS], env);
    expect(out).toEqual({ code: 0, stdout: `${KID} already present\n`, stderr: '' });
    expect([imports(), reads()]).toEqual([1, 1]);
  });

  test('both tokens, JSON: outcome already-present', async () => {
    mock.device.seed(KEY);
    const out = await run([...ARGS, '--json'], { HEM_TOKEN_IMP: imp, HEM_TOKEN_GET: get });
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ ok: true, kid: KID, outcome: 'already-present', type: 'ED25519', label: 'partner' });
  });

  test('the read token given for the import: the device refuses the import (403, exit 4), nothing stored', async () => {
    const out = await run(ARGS, { HEM_TOKEN_IMP: get, HEM_TOKEN_GET: get });
    expect(out.code).toBe(4);
    expect(out.stderr).toMatch(/403 \(forbidden\)/);
    expect(mock.keys.has(KID)).toBe(false);
    expect(reads()).toBe(0);
  });

  test('control: the import token given as the read token: the read-back is refused (403), the outcome is not claimed', async () => {
    mock.device.seed(KEY);
    const out = await run(ARGS, { HEM_TOKEN_IMP: imp, HEM_TOKEN_GET: imp });
    expect(out.code).toBe(4);
    expect(out.stderr).toMatch(/reading kid [0-9a-f]{32} back failed too \(the device answered 403 \(forbidden\)\)/);
    expect(out.stdout).not.toContain('already present');
  });

  test('HEM_TOKEN_IMP wins over a different HEM_TOKEN, with a warning', async () => {
    const stale = await mint(READ_SCOPE);
    const out = await both(ARGS, { HEM_TOKEN_IMP: imp, HEM_TOKEN: stale, HEM_TOKEN_GET: get });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain('warning: HEM_TOKEN_IMP and HEM_TOKEN hold different tokens; using HEM_TOKEN_IMP');
  });
});

describe('--read-token-file is read like --token-file', () => {
  test('a file the group may read: warned, with the chmod to run', async () => {
    mock.device.seed(KEY);
    const loose = file('loose.jwt', get, 0o640);
    const out = await run(['--read-token-file', loose, ...ARGS], { HEM_TOKEN_IMP: imp });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain(`warning: --read-token-file ${loose} may be read by the group or others (mode 640); run: chmod 600 ${loose}`);
  });

  test.each([
    ['larger than 16 KiB', () => file('big.jwt', 'x'.repeat(16 * 1024 + 1)), /--read-token-file \S+ is larger than 16384 bytes/],
    ['empty', () => file('empty.jwt', '\n'), /--read-token-file \S+ is empty/],
    ['missing', () => join(dir, 'nope.jwt'), /cannot read --read-token-file \S+: ENOENT/],
    ['of two lines', () => file('two.jwt', `${get}\n${imp}\n`), /--read-token-file \S+ holds a line break or another control character; a token is one line/],
  ])('a read token file %s: exit 2 before anything is sent', async (_, path, message) => {
    const out = await run(['--read-token-file', path(), ...ARGS], { HEM_TOKEN_IMP: imp });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    untouched();
  });

  test('HEM_TOKEN_GET of two lines: exit 2 before anything is sent, neither line printed', async () => {
    const out = await run(ARGS, { HEM_TOKEN_IMP: imp, HEM_TOKEN_GET: `${get}\n${imp}` });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('HEM_TOKEN_GET holds a line break');
    untouched();
  });

  test('--read-token-file without --if-absent: exit 2, nothing sent', async () => {
    const out = await run(['--label', 'partner', '--read-token-file', file('get.jwt', get), PEM], { HEM_TOKEN_IMP: imp });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--read-token-file is for the read-back of --if-absent');
    untouched();
  });

  test('the usage text shows both tokens and exit code 8', async () => {
    const out = await run(['--help'], {});
    for (const word of ['--read-token-file', 'HEM_TOKEN_GET', 'HEM_TOKEN_IMP', READ_SCOPE, '8 --if-absent']) expect(out.stdout).toContain(word);
  });
});
