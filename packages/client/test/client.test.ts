import { createHash, generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { OPERATIONS, createHemClient as createCoreClient } from '../src/core.js';
import { HemApiError, HemError, HemNetworkError, HemResponseError, HemTimeoutError, HemValidationError, createHemClient, isHemApiError, toHemPublicKey } from '../src/index.js';
import { TOKEN, startServer, type TestServer } from './server.js';

const key = () => toHemPublicKey(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey);
const request = () => ({ label: 'partner', mode: 'ECDH' as const, ...key() }); // NIST keys need a mode
const kidOf = (pubkey: string) => createHash('sha1').update(Buffer.from(pubkey, 'base64')).digest('hex').slice(0, 32);

let https: TestServer;
let http: TestServer;
beforeAll(async () => {
  // Devices on newer firmware (128-byte descr), so the client's descrMaxBytes option is seen to pass.
  [https, http] = await Promise.all([startServer('https', { descrMaxBytes: 128 }), startServer('http', { descrMaxBytes: 128 })]);
});
afterAll(async () => {
  await Promise.all([https.close(), http.close()]);
});
// A test whose deadline fires before its request is sent or read (a loaded machine) leaves its
// scripted answer unused, or its request to be read later: neither may meet the next test's.
beforeEach(() => {
  https.nextTest();
  http.nextTest();
});
const client = (extra: Partial<Parameters<typeof createHemClient>[0]> = {}) => createHemClient({ baseUrl: https.url, token: TOKEN, fetch: https.fetch, ...extra });
const rejection = async (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

describe('importKey over real HTTPS', () => {
  test('succeeds, returns the kid, and sends exactly what the device needs', async () => {
    const body = request();
    const before = https.requests.length;
    await expect(client().importKey(body)).resolves.toEqual({ kid: kidOf(body.pubkey) });
    const sent = https.requests[before]!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/api/keymgmt/import');
    expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.headers['content-length']).toBe(String(Buffer.byteLength(sent.body)));
    expect(sent.headers['transfer-encoding']).toBeUndefined();
    expect(JSON.parse(sent.body)).toEqual(body);
  });

  test('a base URL with a path prefix keeps it', async () => {
    https.script.push({ status: 200, body: '' });
    await rejection(client({ baseUrl: `${https.url}/device/` }).importKey(request()));
    expect(https.requests.at(-1)!.url).toBe('/device/api/keymgmt/import');
  });

  test('the token may come from an async function, asked on every call', async () => {
    let asked = 0;
    const c = client({
      token: async () => {
        asked++;
        return await Promise.resolve(TOKEN);
      },
    });
    await c.importKey(request());
    await c.importKey(request());
    expect(asked).toBe(2);
  });
});

describe('every error status of the spec becomes a HemApiError with its code and meaning', () => {
  const statuses = Object.entries(OPERATIONS.importKey.statuses).map(([s, v]) => [Number(s), v.code, v.meaning] as const);
  test.each(statuses)('%i %s', async (status, code, meaning) => {
    const body = request();
    https.script.push({ status });
    const error = await rejection(client().importKey(body));
    expect(error).toBeInstanceOf(HemApiError);
    expect(error).toMatchObject({ status, code, meaning, operation: 'importKey' });
    expect(isHemApiError(error, status)).toBe(true);
    expect(isHemApiError(error, status === 406 ? 409 : 406)).toBe(false);
    // Every refusal carries the kid; only the statuses the spec's read-back lists say the key may be stored.
    expect((error as HemApiError).expectedKid).toBe(kidOf(body.pubkey));
    expect((error as Error).message).toContain(meaning);
    expect((error as Error).message.includes(`may already be stored under kid ${kidOf(body.pubkey)}`)).toBe(status === 406 || status === 500);
  });

  test('a status the spec does not list still fails cleanly', async () => {
    https.script.push({ status: 502, body: '<html>bad gateway</html>' });
    expect(await rejection(client().importKey(request()))).toMatchObject({ name: 'HemApiError', status: 502, code: 'http_502' });
  });

  test('plain HTTP against a device-like server: 418, as the device answers', async () => {
    const c = createHemClient({ baseUrl: http.url, token: TOKEN, allowInsecureHttp: true });
    expect(await rejection(c.importKey(request()))).toMatchObject({ status: 418, code: 'tls_required' });
  });

  test("Node's own fetch sends a Content-Length too (no chunked body, no 411)", async () => {
    const before = http.requests.length;
    await rejection(createHemClient({ baseUrl: http.url, token: TOKEN, allowInsecureHttp: true }).importKey(request()));
    const sent = http.requests[before]!;
    expect(sent.headers['content-length']).toBe(String(Buffer.byteLength(sent.body)));
    expect(sent.headers['transfer-encoding']).toBeUndefined();
  });
});

describe('answers that are not what the spec says', () => {
  test.each([
    ['not JSON', '{"kid":'],
    ['empty', ''],
    ['no kid', '{"id":"x"}'],
    ['an array', '[]'],
    ['a kid in capitals', null],
  ])('a 200 body that is %s', async (_name, raw) => {
    const body = request();
    https.script.push({ status: 200, body: raw ?? JSON.stringify({ kid: kidOf(body.pubkey).toUpperCase() }) });
    const error = await rejection(client().importKey(body));
    expect(error).toBeInstanceOf(HemResponseError);
    expect(error).toMatchObject({ code: 'malformed_response' });
  });

  test("a kid that is not the key's", async () => {
    const body = request();
    const other = kidOf(request().pubkey);
    https.script.push({ status: 200, body: JSON.stringify({ kid: other }) });
    expect(await rejection(client().importKey(body))).toMatchObject({ name: 'HemResponseError', code: 'kid_mismatch', expectedKid: kidOf(body.pubkey), receivedKid: other });
  });
});

describe('time and connection failures', () => {
  test('timeout', async () => {
    https.script.push({ status: 200, body: '{}', delayMs: 1_000 });
    const error = await rejection(client({ timeoutMs: 100 }).importKey(request()));
    expect(error).toBeInstanceOf(HemTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100, code: 'timeout' });
  });

  test("a per-call timeout overrides the client's", async () => {
    https.script.push({ status: 200, body: '{}', delayMs: 1_000 });
    expect(await rejection(client({ timeoutMs: 60_000 }).importKey(request(), { timeoutMs: 50 }))).toBeInstanceOf(HemTimeoutError);
  });

  test("abort by the caller rejects with the caller's reason", async () => {
    https.script.push({ status: 200, body: '{}', delayMs: 1_000 });
    const controller = new AbortController();
    const pending = client().importKey(request(), { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user cancelled')), 30);
    expect(await rejection(pending)).toMatchObject({ message: 'user cancelled' });
  });

  test('the connection dropped', async () => {
    https.script.push({ destroy: true });
    expect(await rejection(client().importKey(request()))).toBeInstanceOf(HemNetworkError);
  });

  test('nothing listening', async () => {
    const closed = await startServer('https');
    await closed.close();
    expect(await rejection(createHemClient({ baseUrl: closed.url, token: TOKEN, fetch: closed.fetch }).importKey(request()))).toBeInstanceOf(HemNetworkError);
  });

  test('an untrusted certificate is a network error, not a silent success', async () => {
    expect(await rejection(createHemClient({ baseUrl: https.url, token: TOKEN }).importKey(request()))).toBeInstanceOf(HemNetworkError);
  });
});

describe('options', () => {
  test('descrMaxBytes raises the description limit for newer firmware, and is checked at creation', async () => {
    const body = { ...request(), descr: Buffer.alloc(100, 7).toString('base64') };
    expect(await rejection(client().importKey(body))).toBeInstanceOf(HemValidationError);
    await expect(client({ descrMaxBytes: 128 }).importKey(body)).resolves.toEqual({ kid: kidOf(body.pubkey) });
    expect(() => client({ descrMaxBytes: Number.NaN })).toThrow(/descrMaxBytes must be a whole number/);
  });

  test('a timeout setTimeout cannot hold is refused up front', async () => {
    expect(() => client({ timeoutMs: 1e10 })).toThrow(/timeoutMs must be a number of milliseconds/);
    expect(await rejection(client().importKey(request(), { timeoutMs: -1 }))).toBeInstanceOf(TypeError);
  });

  test("unvalidated, an unreadable pubkey still gives the device's answer", async () => {
    https.script.push({ status: 406 });
    expect(await rejection(client({ validate: false }).importKey({ label: 'a', type: 'ED25519', pubkey: 'A' }))).toMatchObject({ name: 'HemApiError', status: 406 });
    https.script.push({ status: 406 });
    const core = createCoreClient({ baseUrl: https.url, token: TOKEN, fetch: https.fetch });
    expect(await rejection(core.importKey({ label: 'a', type: 'ED25519', pubkey: '*' }))).toMatchObject({ name: 'HemApiError', status: 406 });
  });
});

describe('nothing leaves the process before it is checked', () => {
  test('an http:// base URL is refused at creation, with the reason', () => {
    expect(() => createHemClient({ baseUrl: 'http://192.0.2.1', token: TOKEN })).toThrow(/plain HTTP.*418 \(TLS required\).*allowInsecureHttp/);
  });

  test('a bad request is a HemValidationError and is never sent', async () => {
    const before = https.requests.length;
    const uncompressed = Buffer.from(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'jwk' }).x!, 'base64url');
    const error = await rejection(
      client().importKey({ label: 'x'.repeat(40), type: 'SECP256R1', pubkey: Buffer.concat([Buffer.of(4), uncompressed, uncompressed]).toString('base64') }),
    );
    expect(error).toBeInstanceOf(HemValidationError);
    expect((error as HemValidationError).issues.map((i) => i.code)).toEqual(['too_long', 'required', 'key_uncompressed_point']);
    expect(https.requests.length).toBe(before);
  });

  test('validate: false sends it anyway (the device then decides)', async () => {
    https.script.push({ status: 400 });
    const bad = { label: '', type: 'SECP256R1' as const, pubkey: 'AA' };
    expect(await rejection(client({ validate: false }).importKey(bad))).toMatchObject({ status: 400, code: 'bad_request' });
  });

  test('the core entry has no validator unless given one', async () => {
    https.script.push({ status: 400 });
    const core = createCoreClient({ baseUrl: https.url, token: TOKEN, fetch: https.fetch });
    expect(await rejection(core.importKey({ label: '', type: 'SECP256R1', pubkey: 'AA' }))).toMatchObject({ status: 400 });
  });
});

describe('the bearer token never appears in an error', () => {
  const leaks = (error: unknown) => {
    const views = [String(error), (error as Error).stack ?? '', JSON.stringify(error), inspect(error, { depth: Infinity, showHidden: true })];
    return views.some((v) => v.includes(TOKEN) || v.includes(TOKEN.slice(10, 40)));
  };
  /** An import answered by `answer`. */
  const scripted = (answer: TestServer['script'][number], extra?: Parameters<typeof client>[0]) => {
    https.script.push(answer);
    return client(extra).importKey(request());
  };
  const paths: [string, () => Promise<unknown>][] = [
    ['api error', async () => scripted({ status: 401 })],
    ['validation', async () => client().importKey({ label: '', type: 'ED25519', pubkey: 'AA' })],
    ['timeout', async () => scripted({ status: 200, delayMs: 500 }, { timeoutMs: 50 })],
    ['network', async () => scripted({ destroy: true })],
    ['malformed', async () => scripted({ status: 200, body: 'nope' })],
    ['kid mismatch', async () => scripted({ status: 200, body: JSON.stringify({ kid: '0'.repeat(32) }) })],
    // A fetch that puts the Authorization header into its own error message.
    [
      'a fetch that echoes headers',
      async () =>
        client({
          fetch: (async (_u: unknown, init: RequestInit) => {
            throw new TypeError(`failed: ${JSON.stringify(init.headers)}`);
          }) as typeof fetch,
        }).importKey(request()),
    ],
  ];
  test.each(paths)('%s', async (_name, run) => {
    const error = await rejection(run());
    expect(error).toBeInstanceOf(HemError);
    expect(leaks(error)).toBe(false);
    expect(JSON.stringify((error as HemError).toJSON())).not.toContain(TOKEN);
  });
});
