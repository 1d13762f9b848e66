// A third party's mock of our spec: @hem/client against Prism (@stoplight/prism-cli) serving
// spec/openapi.yaml. Prism answers from the spec's examples and validates requests by the
// schemas; every other status it gives only when told to (the `Prefer: code=N` header).
// The last block pins down what it cannot produce on its own, which is what the HEM mock
// is for.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { HemApiError, createHemClient } from '../../src/index.js';
import { OPERATIONS, createHemClient as createCoreClient } from '../../src/core.js';
import type { ImportKeyRequest } from '@hem/types';
import { loadSpec } from '@hem/codegen';
import { parseResponse } from '@hem/validator';
import { computeKid } from '@hem/validator/device';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ed25519 } from '@hem/testkit';

const SPEC = fileURLToPath(new URL('../../../../spec/openapi.yaml', import.meta.url));
const require = createRequire(import.meta.url);
const PRISM_DIR = dirname(require.resolve('@stoplight/prism-cli/package.json'));
const PRISM_BIN = join(PRISM_DIR, JSON.parse(readFileSync(join(PRISM_DIR, 'package.json'), 'utf8')).bin.prism);
// Prism takes seconds to start; a loaded machine gets room.
const SLOW = { timeout: 120_000 };

let prism: ChildProcess;
let base: string;
let example: ImportKeyRequest;
let exampleKid: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  // The spec's own examples, as the generator loads it (external files inlined).
  const { document } = await loadSpec(SPEC);
  const { path, method } = OPERATIONS.importKey;
  const at = (...keys: string[]): unknown => keys.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document.paths);
  const operation = [path, method.toLowerCase()];
  example = at(...operation, 'requestBody', 'content', 'application/json', 'examples', 'SECP256R1', 'value') as ImportKeyRequest;
  exampleKid = at(...operation, 'responses', '200', 'content', 'application/json', 'examples', 'imported', 'value', 'kid') as string;
  const port = await freePort();
  // Its own bin through node, so the pid is Prism's and it stops with it.
  prism = spawn(process.execPath, [PRISM_BIN, 'mock', SPEC, '-h', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  base = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      const m = /Prism is listening on (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]!);
    };
    prism.stdout!.on('data', onData);
    prism.stderr!.on('data', onData);
    prism.once('exit', (code) => reject(new Error(`Prism exited (${code}) before listening:\n${output}`)));
  });
}, 120_000);

afterAll(async () => {
  if (!prism || prism.exitCode !== null) return;
  const exited = new Promise((resolve) => prism.once('exit', resolve));
  prism.kill('SIGTERM');
  await exited;
});

const token = 'any-token-at-all';
const withHeaders =
  (set: Record<string, string>): typeof fetch =>
  (input, init) => {
    const headers = new Headers(init?.headers);
    for (const [k, v] of Object.entries(set)) headers.set(k, v);
    return fetch(input, { ...init, headers });
  };
const client = (extra: Record<string, unknown> = {}) => createHemClient({ baseUrl: base, allowInsecureHttp: true, token, ...extra });
const core = (extra: Record<string, unknown> = {}) => createCoreClient({ baseUrl: base, allowInsecureHttp: true, token, ...extra });
const failure = (p: Promise<unknown>) =>
  p.then(
    (v) => ({ resolved: v }),
    (e: unknown) => e,
  );

describe('@hem/client against Prism serving the spec', () => {
  test('importKey 200: the example key gets the example kid, which is its real kid', SLOW, async () => {
    expect(computeKid(example.pubkey)).toBe(exampleKid);
    await expect(client().importKey(example)).resolves.toEqual({ kid: exampleKid });
  });

  test('getKey 200: the StoredKey example, valid by the spec', SLOW, async () => {
    const key = await client().getKey({ kid: exampleKid });
    expect(parseResponse('getKey', 200, key).ok).toBe(true);
    expect(key.pubkey).toBe(example.pubkey);
  });

  test('401 without a token: Prism checks that a credential is present', SLOW, async () => {
    const stripped: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.delete('authorization');
      return fetch(input, { ...init, headers });
    };
    expect(await failure(client({ fetch: stripped }).importKey(example))).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(await failure(client({ fetch: stripped }).getKey({ kid: exampleKid }))).toMatchObject({ status: 401 });
  });

  test('400 for a request the schemas refuse (a bad label, a bad kid)', SLOW, async () => {
    expect(await failure(core().importKey({ ...example, label: '' }))).toMatchObject({ status: 400, code: 'bad_request' });
    expect(await failure(core().getKey({ kid: 'XYZ' }))).toMatchObject({ status: 400, code: 'bad_kid' });
  });

  // Every listed status, on request: the client maps each to its code and meaning.
  const forced = Object.entries(OPERATIONS).flatMap(([id, op]) => Object.keys(op.statuses).map((s) => [id, Number(s)] as const));
  test.each(forced)('%s %i when asked for with Prefer: code', SLOW, async (id, status) => {
    const c = client({ fetch: withHeaders({ prefer: `code=${status}` }) });
    const error = await failure(id === 'importKey' ? c.importKey(example) : c.getKey({ kid: exampleKid }));
    expect(error).toBeInstanceOf(HemApiError);
    expect(error).toMatchObject({ status, code: (OPERATIONS[id as keyof typeof OPERATIONS].statuses as Record<number, { code: string }>)[status]!.code });
  });
});

describe('what Prism cannot produce on its own (the HEM mock can)', () => {
  test('406 for a duplicate: it keeps no state, a second import of one key is 200 again', SLOW, async () => {
    await client().importKey(example);
    await expect(client().importKey(example)).resolves.toEqual({ kid: exampleKid });
  });

  test("a 200 with another key's kid: it answers the example's kid, which the client rejects", SLOW, async () => {
    expect(await failure(client().importKey(ed25519()))).toMatchObject({ name: 'HemResponseError', code: 'kid_mismatch' });
  });

  test('401 for an expired or forged token, 403 for a Master token or another scope: any bearer string passes', SLOW, async () => {
    for (const t of ['expired.jwt.token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJNIiwic2NvcGUiOiJrZXltZ210OmdldCJ9.x']) {
      await expect(client({ token: t }).importKey(example)).resolves.toEqual({ kid: exampleKid });
    }
  });

  test('411 for a chunked body, 412 for a foreign Origin, 413 for a body over 7300 bytes: all answered 200', SLOW, async () => {
    const chunked: typeof fetch = (input, init) =>
      fetch(input, { ...init, body: Readable.toWeb(Readable.from([init!.body as Uint8Array])) as ReadableStream, duplex: 'half' } as RequestInit);
    await expect(client({ fetch: chunked }).importKey(example)).resolves.toEqual({ kid: exampleKid });
    await expect(client({ fetch: withHeaders({ origin: 'https://evil.example' }) }).importKey(example)).resolves.toEqual({ kid: exampleKid });
    const big = { ...example, descr: 'A'.repeat(8000) };
    await expect(core().importKey(big)).resolves.toEqual({ kid: exampleKid });
  });

  test('418 for plain HTTP: Prism serves plain HTTP; forced, its 418 has the usual reason phrase and no JSON content type', SLOW, async () => {
    const response = await fetch(`${base}/api/keymgmt/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', prefer: 'code=418' },
      body: JSON.stringify(example),
    });
    expect(response.status).toBe(418);
    expect(response.statusText).not.toBe('');
    expect(response.headers.get('content-type')).toBeNull();
    await expect(client().importKey(example)).resolves.toEqual({ kid: exampleKid });
  });
});
