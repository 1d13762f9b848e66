import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { ml_dsa44 } from '@noble/post-quantum/ml-dsa.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TOKEN, startServer, type TestServer } from './server.js';

const CLI = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hem-cli-'));
const file = (name: string, data: string | Uint8Array) => (writeFileSync(join(dir, name), data), join(dir, name));

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
const kidOf = (raw: Buffer) => createHash('sha1').update(raw).digest('hex').slice(0, 32);
const compressed = () => Buffer.from(JSON.parse(JSON.stringify(p256.export({ format: 'jwk' }))).x, 'base64url');

let server: TestServer;
beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run pnpm build first.`);
  server = await startServer('https');
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = { HEM_TOKEN: TOKEN }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: server.caFile!, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
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
    const out = await run(['--url', server.url, '--label', 'ed', '--descr-text', 'signing key', '--json', '--token-file', TOKEN_FILE, JWK], {});
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
    server.script.push({ status: 406 });
    const out = await run(['--url', server.url, '--label', 'dup', '--mode', 'ECDH', PEM]);
    expect(out.code).toBe(4);
    expect(out.stderr).toMatch(/406 \(key_rejected\).*kid is [0-9a-f]{32}/s);
  });

  test('a wrong kid in the answer: exit 6', async () => {
    server.script.push({ status: 200, body: JSON.stringify({ kid: '0'.repeat(32) }) });
    expect((await run(['--url', server.url, '--label', 'x', '--mode', 'ECDH', PEM])).code).toBe(6);
  });

  test('unreachable: exit 5', async () => {
    const gone = await startServer('https');
    await gone.close();
    expect((await run(['--url', gone.url, '--label', 'x', '--mode', 'ECDH', PEM])).code).toBe(5);
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

  test('--help explains the command', async () => {
    const out = await run(['--help'], {});
    expect(out.code).toBe(0);
    for (const word of ['--url', '--label', '--dry-run', 'HEM_TOKEN', 'Exit codes', 'Example']) expect(out.stdout).toContain(word);
  });
});
