// The device model through its web front door (`handle`): the device's check order as a
// given/want table, CORS and preflight, the options (TLS, descr limit, capacity), the mode
// rule of the key families, faults and the audit log.
import { KEY_FAMILIES, KEY_FORMATS, KEY_TYPES, OPERATIONS, type OperationSpec } from '@hem/types';
import { computeKid, decodeBase64, encodeBase64, isDeviceBase64 } from '@hem/validator/device';
import { describe, expect, test } from 'vitest';
import { createHemDevice, MemoryRepository, type HemDevice, type HemDeviceOptions } from '../src/index.js';
import { writtenBase64 } from '../src/effects.js';
import { compileRoutes, fastMatcher, matchRoute } from '../src/routes.js';
import { NODE_CODECS } from '../src/node.js';
import { headersOf } from './http.js';
import { ed25519, realKey } from '@hem/testkit';

const BASE = 'https://my.ence.do';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const IMPORT = '/api/keymgmt/import';

interface Call {
  path?: string;
  method?: string;
  body?: unknown;
  /** Raw body text (instead of JSON of `body`). */
  text?: string;
  token?: string | null;
  headers?: Record<string, string>;
  plain?: boolean;
  chunked?: boolean;
  contentLength?: number;
}

async function call(device: HemDevice, c: Call = {}): Promise<Response> {
  const text = c.text ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
  const headers = new Headers({ 'content-type': 'application/json', ...c.headers });
  if (c.token) headers.set('authorization', `Bearer ${c.token}`);
  const url = `${c.plain ? 'http://my.ence.do' : BASE}${c.path ?? IMPORT}`;
  return device.handle(new Request(url, { method: c.method ?? (text === undefined ? 'GET' : 'POST'), headers, ...(text !== undefined ? { body: text } : {}) }), {
    ...(c.chunked ? { chunked: true } : {}),
    ...(c.contentLength !== undefined ? { contentLength: c.contentLength } : {}),
  });
}

const withDevice = async (options: HemDeviceOptions = {}) => {
  const device = createHemDevice({ origins: ['https://app.example'], ...options });
  const token = await device.mintToken({ scope: 'keymgmt:imp' });
  return { device, token };
};

describe("the device's check order", () => {
  // Each row breaks several rules at once; the status is the first check that fails.
  const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzY29wZSI6ImtleW1nbXQ6aW1wIiwic3ViIjoiVSIsImV4cCI6OTk5OTk5OTk5OX0.c2lnbmF0dXJl';
  const rows: [string, (t: string) => Call, (d: HemDevice) => void, number][] = [
    [
      'chunked, from a refused Origin, forged token, plain HTTP',
      () => ({ body: ed25519(), chunked: true, headers: { origin: 'https://evil.example' }, token: forged, plain: true }),
      () => undefined,
      411,
    ],
    ['no Content-Length (a bodiless POST), refused Origin', () => ({ method: 'POST', headers: { origin: 'https://evil.example' } }), () => undefined, 411],
    [
      'over 7300 bytes, refused Origin, forged token',
      () => ({ body: ed25519(), contentLength: 7301, headers: { origin: 'https://evil.example' }, token: forged }),
      () => undefined,
      413,
    ],
    ['refused Origin, forged token, plain HTTP', () => ({ body: ed25519(), headers: { origin: 'https://evil.example' }, token: forged, plain: true }), () => undefined, 412],
    ['forged token over plain HTTP, busy', () => ({ body: ed25519(), token: forged, plain: true }), (d) => void d.faults.add({ status: 409 }), 401],
    ['not a Bearer credential, plain HTTP', () => ({ body: ed25519(), headers: { authorization: 'Basic dTpw' }, plain: true }), () => undefined, 401],
    ['busy, no token, plain HTTP', () => ({ body: ed25519(), plain: true }), (d) => void d.faults.add({ status: 409 }), 409],
    ['no token over plain HTTP', () => ({ body: ed25519(), plain: true }), () => undefined, 418],
    ['a Master token over plain HTTP', (t) => ({ body: ed25519(), token: t, plain: true }), () => undefined, 418],
    ['no token, a malformed body', () => ({ text: '{' }), () => undefined, 401],
    ['a get token, a malformed body', () => ({ text: '{' }), () => undefined, 403],
    ['malformed JSON', (t) => ({ text: '{"label":', token: t }), () => undefined, 400],
    ['a bad label and a wrong key length', (t) => ({ body: { ...ed25519(), label: '', pubkey: 'AAAA' }, token: t }), () => undefined, 400],
    ['a wrong key length', (t) => ({ body: { ...ed25519(), pubkey: 'AAAA' }, token: t }), () => undefined, 406],
    ['an unknown type', (t) => ({ body: { ...ed25519(), type: 'RSA4096' }, token: t }), () => undefined, 406],
    ['a valid import from an allowed Origin', (t) => ({ body: ed25519(), token: t, headers: { origin: 'https://app.example' } }), () => undefined, 200],
  ];
  test.each(rows)('%s: %i', async (_name, make, arrange, status) => {
    const { device, token } = await withDevice();
    arrange(device);
    const tokens: Record<string, string> = {
      'a Master token over plain HTTP': await device.mintToken({ scope: 'keymgmt:imp', sub: 'M' }),
      'a get token, a malformed body': await device.mintToken({ scope: 'keymgmt:get' }),
    };
    const c = make(token);
    if (tokens[_name]) c.token = tokens[_name];
    const response = await call(device, c);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json');
    if (status !== 200) expect(await response.text()).toBe('');
  });
});

describe('answers', () => {
  test('418 has an empty reason phrase; 411 and 413 close the connection', async () => {
    const { device, token } = await withDevice();
    expect((await call(device, { body: ed25519(), token, plain: true })).statusText).toBe('');
    expect((await call(device, { body: ed25519(), token, chunked: true })).headers.get('connection')).toBe('close');
    expect((await call(device, { text: 'x'.repeat(7301), token })).headers.get('connection')).toBe('close');
    expect((await call(device, { text: 'x'.repeat(7300), token })).status).toBe(400);
  });

  test('an unknown path is 404, a known one with another method 405 with Allow', async () => {
    const { device, token } = await withDevice();
    expect((await call(device, { path: '/api/no-such-path', token })).status).toBe(404);
    const wrong = await call(device, { method: 'GET', token });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });

  test("the fast matcher finds what matchRoute finds, for every operation's path and method", () => {
    // Paths without parameters are looked up in a table: the same operation, parameters and Allow list.
    const routes = compileRoutes(OPERATIONS as unknown as Record<string, OperationSpec>);
    const match = fastMatcher(routes);
    const paths = routes.flatMap((r) => [r.op.path, r.op.path.replace(/\{[^}]+\}/g, 'ab12'), `${r.op.path}/`, r.op.path.toUpperCase()]);
    const methods = [...new Set(routes.map((r) => r.op.method)), 'PUT', 'PATCH'];
    for (const path of paths) for (const method of methods) expect(match(method, path)).toEqual(matchRoute(routes, method, path));
    expect(routes.some((r) => r.names.length === 0)).toBe(true);
  });

  test('OPTIONS preflight: allowed Origin gets CORS headers, another 412, none the Allow list', async () => {
    const { device } = await withDevice();
    const allowed = await call(device, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-headers': 'authorization, content-type' } });
    expect(allowed.status).toBe(204);
    expect(headersOf(allowed.headers)).toMatchObject({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'authorization, content-type',
      vary: 'Origin',
    });
    expect((await call(device, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } })).status).toBe(412);
    const none = await call(device, { method: 'OPTIONS', path: '/api/keymgmt/get/0123456789abcdef0123456789abcdef' });
    expect([none.status, none.headers.get('allow'), none.headers.get('access-control-allow-origin')]).toEqual([204, 'GET, OPTIONS', null]);
    expect(createHemDevice({ origins: '*' }).options.origins).toBe('*');
  });

  test('requireTls: false serves plain HTTP', async () => {
    const { device, token } = await withDevice({ requireTls: false });
    const body = ed25519();
    const response = await call(device, { body, token, plain: true });
    expect(await response.json()).toEqual({ kid: computeKid(body.pubkey) });
  });
});

describe('what the spec and the options say of a body', () => {
  test('descr: 64 decoded bytes on 1.2.2, 128 with descrMaxBytes: 128', async () => {
    const descr = (n: number) => encodeBase64(new Uint8Array(n).fill(9));
    const old = await withDevice();
    expect((await call(old.device, { body: { ...ed25519(), descr: descr(64) }, token: old.token })).status).toBe(200);
    expect((await call(old.device, { body: { ...ed25519(), descr: descr(65) }, token: old.token })).status).toBe(400);
    const newer = await withDevice({ descrMaxBytes: 128 });
    expect((await call(newer.device, { body: { ...ed25519(), descr: descr(128) }, token: newer.token })).status).toBe(200);
    expect((await call(newer.device, { body: { ...ed25519(), descr: descr(129) }, token: newer.token })).status).toBe(400);
  });

  test('mode is required exactly for the families whose rule says so, and accepted on every type', async () => {
    const { device, token } = await withDevice();
    for (const type of KEY_TYPES) {
      const { mode: _mode, ...bare } = realKey(type);
      const without = await call(device, { body: bare, token });
      expect(without.status, `${type} without mode`).toBe(KEY_FAMILIES[KEY_FORMATS[type].family].modeRequired ? 400 : 200);
      // The vendor's test suite sends ECDH with every type.
      expect((await call(device, { body: { ...realKey(type), mode: 'ECDH' }, token })).status, `${type} with ECDH`).toBe(200);
    }
    expect((await call(device, { body: { ...realKey('ED25519'), mode: '' }, token })).status).toBe(400);
  });

  test('the device checks length, not the key itself: 800 arbitrary bytes are an ML-KEM-512 key', async () => {
    const { device, token } = await withDevice();
    const pubkey = encodeBase64(new Uint8Array(800).fill(0xff));
    expect((await call(device, { body: { label: 'junk', type: 'MLKEM512', pubkey }, token })).status).toBe(200);
  });

  test('a body that is not application/json, or not UTF-8, is 400', async () => {
    const { device, token } = await withDevice();
    expect((await call(device, { body: ed25519(), token, headers: { 'content-type': 'text/plain' } })).status).toBe(400);
    const bytes = new TextEncoder().encode(JSON.stringify(ed25519()).replace('peer', 'p\u0000er'));
    bytes[bytes.indexOf(0)] = 0xff;
    const response = await device.handle(
      new Request(`${BASE}${IMPORT}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: bytes }),
    );
    expect(response.status).toBe(400);
  });
});

describe('tokens', () => {
  test('a token of this device is accepted until it expires; sub carries the role', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const device = createHemDevice({ now: () => now });
    const token = await device.mintToken({ scope: 'keymgmt:imp', expiresIn: 60 });
    expect((await call(device, { body: ed25519(), token })).status).toBe(200);
    now += 61_000;
    expect((await call(device, { body: ed25519(), token })).status).toBe(401);
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(payload).toMatchObject({ scope: 'keymgmt:imp', sub: 'U' });
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  test('an unsigned token (alg none) and one signed by another secret are refused', async () => {
    const device = createHemDevice({ secret: 'a'.repeat(32) });
    const same = createHemDevice({ secret: 'a'.repeat(32) });
    const other = createHemDevice({ secret: 'b'.repeat(32) });
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"scope":"keymgmt:imp","sub":"U","exp":9999999999}').toString('base64url')}.`;
    expect((await call(device, { body: ed25519(), token: none })).status).toBe(401);
    expect((await call(device, { body: ed25519(), token: await other.mintToken({ scope: 'keymgmt:imp' }) })).status).toBe(401);
    expect((await call(device, { body: ed25519(), token: await same.mintToken({ scope: 'keymgmt:imp' }) })).status).toBe(200);
  });

  test('bad arguments are named', async () => {
    const device = createHemDevice();
    await expect(device.mintToken({ scope: '' })).rejects.toThrow(/scope must be a non-empty string/);
    await expect(device.mintToken({ scope: 'keymgmt:imp', expiresIn: Number.NaN })).rejects.toThrow(/expiresIn/);
    expect(() => createHemDevice({ secret: 'short' })).toThrow(/at least 32 bytes/);
    expect(() => createHemDevice({ origins: ['not an origin'] })).toThrow(/origins must be origins/);
    expect(() => createHemDevice({ descrMaxBytes: -1 })).toThrow(/descrMaxBytes/);
  });
});

describe('the key store', () => {
  test('a store that cannot make the key durable: 500, and the key is not kept', async () => {
    class Failing extends MemoryRepository {
      override get synced() {
        return false;
      }
      override flush() {
        return Promise.reject(new Error('disk full'));
      }
    }
    const repository = new Failing();
    const { device, token } = await withDevice({ repository });
    expect((await call(device, { body: ed25519(), token })).status).toBe(500);
    expect(repository.size).toBe(0);
  });

  test('a store that does not say it is synced is waited for: no 200 before its write is done', async () => {
    let release!: () => void;
    const written = new Promise<void>((resolve) => (release = resolve));
    const repository: MemoryRepository = Object.assign(new MemoryRepository(), { flush: () => written });
    Object.defineProperty(repository, 'synced', { value: undefined });
    const { device, token } = await withDevice({ repository });
    let status = 0;
    const answered = call(device, { body: ed25519(), token }).then((r) => (status = r.status));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(status).toBe(0);
    expect(repository.size).toBe(1);
    release();
    await answered;
    expect(status).toBe(200);
  });

  test('every short text the device reads is stored as the device writes its bytes', () => {
    // Every string up to 5 characters over letters worth 0 and each single bit (so every pad
    // bit is set in some text), both alphabets' extra characters and padding: the spelling
    // kept is always the re-encoding.
    const chars = ['A', 'B', 'C', 'E', 'I', 'Q', 'g', '+', '/', '-', '_', '='];
    let texts = [''];
    let checked = 0;
    for (let length = 0; length <= 5; length++) {
      for (const text of texts) {
        if (!isDeviceBase64(text)) continue;
        checked++;
        expect(writtenBase64(text, NODE_CODECS)).toBe(encodeBase64(decodeBase64(text)!));
      }
      texts = texts.flatMap((t) => chars.map((c) => t + c));
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  test('a key and a descr sent in any spelling the device reads are stored as the device writes them', async () => {
    // Every spelling of some bytes: standard or URL-safe, padded or not, pad bits zero or not.
    const spellings = (bytes: Uint8Array): string[] => {
      const standard = encodeBase64(bytes);
      const pad = standard.length - standard.replace(/=+$/, '').length;
      const out = [standard, standard.replace(/=+$/, ''), standard.replace(/\+/g, '-').replace(/\//g, '_')];
      if (pad) {
        // The last character before the padding with its unused low bits set: the same bytes.
        const at = standard.length - pad - 1;
        const c = ALPHABET.indexOf(standard[at]!) | (pad === 1 ? 0b11 : 0b1111);
        const dirty = `${standard.slice(0, at)}${ALPHABET[c]}${standard.slice(at + 1)}`;
        out.push(dirty, dirty.replace(/=+$/, ''));
      }
      return out;
    };
    for (let length = 0; length < 70; length++) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      for (const text of spellings(bytes)) {
        expect(decodeBase64(text)).toEqual(bytes);
        expect(writtenBase64(text, NODE_CODECS)).toBe(encodeBase64(bytes));
      }
    }
    const { device, token } = await withDevice();
    const key = crypto.getRandomValues(new Uint8Array(32));
    const descr = crypto.getRandomValues(new Uint8Array(13));
    for (const [i, pubkey] of spellings(key).entries()) {
      const sent = { ...ed25519(), pubkey, descr: spellings(descr)[i]! };
      device.keys.clear();
      const answer = await call(device, { body: sent, token });
      expect(answer.status).toBe(200);
      const { kid } = (await answer.json()) as { kid: string };
      expect(device.keys.get(kid)).toMatchObject({ pubkey: encodeBase64(key), descr: encodeBase64(descr) });
    }
  });

  test("node:http's kid and base64 are the web ones (any length, any view of a buffer)", () => {
    for (let length = 0; length < 200; length++) {
      const whole = crypto.getRandomValues(new Uint8Array(length + 7));
      const bytes = whole.subarray(3, 3 + length);
      expect(NODE_CODECS.kid(bytes)).toBe(computeKid(bytes));
      expect(NODE_CODECS.base64(bytes)).toBe(encodeBase64(bytes));
    }
  });
});

describe('faults', () => {
  test('times, match and remove; a status the operation does not list is refused', async () => {
    const { device, token } = await withDevice();
    const chosen = ed25519('chosen');
    const fault = device.faults.add({ operation: 'importKey', status: 500, times: 2, match: (r) => (r.body as { label?: string }).label === 'chosen' });
    expect((await call(device, { body: ed25519(), token })).status).toBe(200);
    expect((await call(device, { body: chosen, token })).status).toBe(500);
    expect((await call(device, { body: chosen, token })).status).toBe(500);
    expect([fault.hits, fault.remaining, device.faults.list.length]).toEqual([2, 0, 0]);
    expect((await call(device, { body: chosen, token })).status).toBe(200);
    const forever = device.faults.add({ status: 409, times: Infinity });
    expect((await call(device, { body: ed25519(), token })).status).toBe(409);
    forever.remove();
    expect((await call(device, { body: ed25519(), token })).status).toBe(200);
    expect(() => device.faults.add({ operation: 'getKey', status: 500 })).toThrow(/lists no 500 for getKey/);
    expect(() => device.faults.add({ operation: 'noSuchOperation', status: 409 })).toThrow(/not an operation/);
    expect(() => device.faults.add({ status: 409, after: true })).toThrow(/cannot come after/);
    expect(() => device.faults.add({})).toThrow(/say what the fault does/);
  });

  test('a dropped connection after the key was stored: a network error, and the key is there', async () => {
    const { device, token } = await withDevice();
    const body = ed25519();
    device.faults.add({ operation: 'importKey', drop: true, after: true });
    const response = await call(device, { body, token });
    expect(response.type).toBe('error');
    expect(device.keys.has(computeKid(body.pubkey))).toBe(true);
    expect((await call(device, { body, token })).status).toBe(406);
  });

  test('a delayed answer comes after an undelayed one sent later', async () => {
    const { device, token } = await withDevice();
    const slow = ed25519('slow');
    device.faults.add({ operation: 'importKey', delayMs: 300, match: (r) => (r.body as { label?: string }).label === 'slow' });
    const order: string[] = [];
    await Promise.all([call(device, { body: slow, token }).then(() => order.push('slow')), call(device, { body: ed25519(), token }).then(() => order.push('fast'))]);
    expect(order).toEqual(['fast', 'slow']);
  });
});

describe('audit log', () => {
  test("entries follow the spec's x-hem-audit: import results and failed scope checks", async () => {
    const { device, token } = await withDevice();
    const body = ed25519();
    await call(device, { body, token });
    await call(device, { body, token });
    await call(device, { body: { ...ed25519(), label: '' }, token });
    await call(device, { body: ed25519(), token: await device.mintToken({ scope: 'keymgmt:imp', sub: 'M' }) });
    await call(device, { body: ed25519() });
    const kid = computeKid(body.pubkey);
    expect(device.log.map(({ time: _t, ...e }) => e)).toEqual([
      { operation: 'importKey', event: 'LOG_TYPE_KEY_IMPORT', code: 22, result: 'LOG_RESULT_OK', status: 200, role: 'User', kid },
      { operation: 'importKey', event: 'LOG_TYPE_KEY_IMPORT', code: 22, result: 'LOG_RESULT_FAILED', status: 406, role: 'User', kid },
      { operation: 'importKey', event: 'LOG_TYPE_KEY_IMPORT', code: 22, result: 'LOG_RESULT_ERROR', status: 400, role: 'User' },
      { operation: 'importKey', event: 'LOG_TYPE_FAILED_SCOPE_CHECK', result: 'LOG_RESULT_FAILED', status: 403, role: 'Master' },
    ]);
  });

  test('the log keeps the newest auditLimit entries', async () => {
    const device = createHemDevice({ auditLimit: 3 });
    const token = await device.mintToken({ scope: 'keymgmt:imp' });
    const kids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const body = ed25519();
      kids.push(computeKid(body.pubkey));
      await call(device, { body, token });
    }
    expect(device.log.length).toBeLessThanOrEqual(4);
    expect(device.log.at(-1)?.kid).toBe(kids.at(-1));
    expect(device.log.map((e) => e.kid)).toEqual(kids.slice(-device.log.length));
    expect(() => createHemDevice({ auditLimit: -1 })).toThrow(/auditLimit/);
  });

  test('seed stores directly; capacity is a setting', async () => {
    const device = createHemDevice({ capacity: 1 });
    const kid = device.seed(ed25519());
    expect(device.keys.get(kid)?.type).toBe('ED25519');
    expect(() => device.seed(ed25519())).toThrow(/full/);
    expect(() => createHemDevice({ capacity: 1.5 })).toThrow(/capacity/);
  });
});
