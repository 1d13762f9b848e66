// Hostile input over real sockets: oversize, truncated and chunked bodies, invalid UTF-8,
// deeply nested JSON, prototype keys, thousands of random bodies. The right status every
// time, nothing 5xx, and a valid import still works afterwards.
import { OPERATIONS } from '@hem/types';
import { KEY_FAMILIES, KEY_FORMATS, KEY_MODES, KEY_TYPES } from '@hem/types';
import { computeKid, encodeBase64 } from '@hem/validator/device';
import fc from 'fast-check';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMockHem, type Exchange, type MockHem } from '../src/index.js';
import { ed25519 } from '@hem/testkit';
import { head, raw } from './raw.js';
import { send } from './http.js';

// Servers and sockets on a loaded machine: room, not a race.
const SLOW = { timeout: 120_000 };
const IMPORT = '/api/keymgmt/import';

let mock: MockHem;
let token: string;
let pool: Pool;
const answers: Exchange[] = [];
beforeAll(async () => {
  mock = await createMockHem({ requireTls: false, capacity: Infinity, onAnswer: (e) => answers.push(e) });
  token = await mock.mintToken({ scope: 'keymgmt:imp', expiresIn: 3600 });
  pool = new Pool(mock.httpUrl, { connections: 8 });
});
afterAll(async () => {
  await pool.close();
  await mock.close();
});

/** A POST of `body` (bytes or text) with a correct Content-Length, over plain HTTP. */
async function post(body: string | Uint8Array, headers: Record<string, string> = {}) {
  const {
    statusCode,
    body: stream,
    headers: h,
  } = await pool.request({ path: IMPORT, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body });
  return { status: statusCode, text: await stream.text(), type: h['content-type'] };
}

const auth = () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

describe('bodies the transport refuses', () => {
  test.each(['https', 'http'] as const)('over %s: 7301 bytes is 413 and the connection is closed; 7300 is read', SLOW, async (scheme) => {
    const url = scheme === 'https' ? mock.url : mock.httpUrl;
    const big = 'x'.repeat(7301);
    const over = await raw({ url, ca: mock.ca, parts: [head('POST', IMPORT, { ...auth(), 'content-length': 7301 }), big] });
    expect(over).toMatchObject({ status: 413, body: '', closed: true, headers: { 'content-type': 'application/json', 'content-length': '0' } });
    const at = await raw({ url, ca: mock.ca, parts: [head('POST', IMPORT, { ...auth(), 'content-length': 7300 }), big.slice(1)] });
    expect(at).toMatchObject({ status: 400, closed: false });
  });

  test('a huge declared length is refused at once: the body is never waited for', SLOW, async () => {
    const answer = await raw({ url: mock.url, ca: mock.ca, parts: [head('POST', IMPORT, { ...auth(), 'content-length': 50_000_000 }), 'x'.repeat(1024)] });
    expect(answer).toMatchObject({ status: 413, closed: true });
  });

  test.each(['https', 'http'] as const)('over %s: a chunked body is 411 and closed; so is a POST without Content-Length', SLOW, async (scheme) => {
    const url = scheme === 'https' ? mock.url : mock.httpUrl;
    const body = JSON.stringify(ed25519());
    const chunked = await raw({
      url,
      ca: mock.ca,
      parts: [head('POST', IMPORT, { ...auth(), 'transfer-encoding': 'chunked' }), `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`],
    });
    expect(chunked).toMatchObject({ status: 411, body: '', closed: true, headers: { 'content-type': 'application/json' } });
    const none = await raw({ url, ca: mock.ca, parts: [head('POST', IMPORT, auth())] });
    expect(none).toMatchObject({ status: 411, closed: true });
    const zero = await raw({ url, ca: mock.ca, parts: [head('POST', IMPORT, { ...auth(), 'content-length': 0 })] });
    expect(zero).toMatchObject({ status: 411, closed: true });
  });

  test.each(['https', 'http'] as const)('over %s: a body cut short (the client ends the connection) is 400, with nothing stored', SLOW, async (scheme) => {
    const url = scheme === 'https' ? mock.url : mock.httpUrl;
    const key = ed25519();
    const body = JSON.stringify(key);
    const before = mock.keys.size;
    const answer = await raw({ url, ca: mock.ca, parts: [head('POST', IMPORT, { ...auth(), 'content-length': body.length }), body.slice(0, 40)], end: true });
    expect(answer).toMatchObject({ status: 400, body: '', closed: true, headers: { 'content-type': 'application/json' } });
    expect(mock.keys.size).toBe(before);
  });

  // What follows a refusal that closes the connection is never read or run: the import
  // pipelined behind it must not store its key (its answer could never be sent anyway).
  const pipelined = (scheme: 'https' | 'http', first: string[]) => {
    const key = ed25519();
    const body = JSON.stringify(key);
    const second = `${head('POST', IMPORT, { ...auth(), 'content-length': Buffer.byteLength(body) })}${body}`;
    const url = scheme === 'https' ? mock.url : mock.httpUrl;
    return { kid: computeKid(key.pubkey), sent: raw({ url, ca: mock.ca, parts: [[...first, second].join('')] }) };
  };
  const importsOf = (kid: string) => mock.log.filter((e) => e.kid === kid).length;

  test.each(['https', 'http'] as const)('over %s: an import pipelined behind a 411 is not run', SLOW, async (scheme) => {
    const { kid, sent } = pipelined(scheme, [head('POST', IMPORT, auth())]);
    expect(await sent).toMatchObject({ status: 411, closed: true });
    // A request after it on a fresh connection is answered, so the server had every chance to run the second.
    await expect(send(mock.fetch, mock.url, OPERATIONS.importKey, { token, body: ed25519() })).resolves.toMatchObject({ status: 200 });
    expect(mock.keys.has(kid)).toBe(false);
    expect(importsOf(kid)).toBe(0);
  });

  test.each(['https', 'http'] as const)('over %s: an import pipelined behind a 413 (its body sent whole) is not run', SLOW, async (scheme) => {
    const { kid, sent } = pipelined(scheme, [head('POST', IMPORT, { ...auth(), 'content-length': 7301 }), 'x'.repeat(7301)]);
    expect(await sent).toMatchObject({ status: 413, closed: true });
    await expect(send(mock.fetch, mock.url, OPERATIONS.importKey, { token, body: ed25519() })).resolves.toMatchObject({ status: 200 });
    expect(mock.keys.has(kid)).toBe(false);
    expect(importsOf(kid)).toBe(0);
  });

  test('an import pipelined behind a smuggling attempt (Content-Length and Transfer-Encoding) is not run', SLOW, async () => {
    const { kid, sent } = pipelined('http', [head('POST', IMPORT, { ...auth(), 'content-length': 5, 'transfer-encoding': 'chunked' }), '0\r\n\r\n']);
    expect(await sent).toMatchObject({ status: 400, closed: true });
    await expect(send(mock.fetch, mock.url, OPERATIONS.importKey, { token, body: ed25519() })).resolves.toMatchObject({ status: 200 });
    expect(mock.keys.has(kid)).toBe(false);
  });

  test('both Content-Length and Transfer-Encoding (request smuggling) is 400', SLOW, async () => {
    const answer = await raw({ url: mock.httpUrl, parts: [head('POST', IMPORT, { ...auth(), 'content-length': 4, 'transfer-encoding': 'chunked' }), '0\r\n\r\n'] });
    expect(answer).toMatchObject({ status: 400, closed: true });
  });
});

describe('bodies the device cannot read', () => {
  test('invalid UTF-8 is 400', SLOW, async () => {
    const text = JSON.stringify(ed25519('LABEL'));
    const bytes = Buffer.from(text);
    const at = bytes.indexOf('LABEL');
    bytes[at] = 0xc3;
    bytes[at + 1] = 0x28; // a lead byte without its continuation
    expect((await post(bytes)).status).toBe(400);
    expect((await post(Buffer.concat([bytes.subarray(0, at), Buffer.from([0xed, 0xa0, 0x80]), bytes.subarray(at + 3)]))).status).toBe(400); // a UTF-16 surrogate
  });

  test('deeply nested JSON is 400 and the server is unharmed', SLOW, async () => {
    const depth = 3600;
    for (const body of ['['.repeat(depth) + ']'.repeat(depth), `{"label":${'['.repeat(3000)}${']'.repeat(3000)}}`, `${'{"a":'.repeat(1200)}1${'}'.repeat(1200)}`]) {
      expect(body.length).toBeLessThanOrEqual(7300);
      const answer = await post(body);
      expect(answer).toEqual({ status: 400, text: '', type: 'application/json' });
    }
  });

  test('__proto__, constructor and prototype keys are 400 and pollute nothing', SLOW, async () => {
    const valid = JSON.stringify(ed25519()).slice(0, -1);
    for (const extra of ['"__proto__":{"polluted":"yes"}', '"constructor":{"prototype":{"polluted":"yes"}}', '"prototype":{"polluted":"yes"}']) {
      expect((await post(`${valid},${extra}}`)).status).toBe(400);
    }
    expect((await post('{"__proto__":{"polluted":"yes"}}')).status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
});

// Random bodies built from parts whose verdict is known when they are made: a part that
// breaks the form of the request makes it 400; one that names a key the device will not
// take makes it 406 (unless something is 400); otherwise 200.
type Verdict = 200 | 400 | 406;
type Part = { value: unknown; verdict: Verdict } | { absent: true; verdict: Verdict };
const part = (arb: fc.Arbitrary<unknown>, verdict: Verdict) => arb.map((value): Part => ({ value, verdict }));
const absent = (verdict: Verdict) => fc.constant<Part>({ absent: true, verdict });

const PRINTABLE = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
const NOT_JSON_STRING = fc.oneof(
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);
const label = fc.oneof(
  { weight: 14, arbitrary: part(fc.string({ unit: PRINTABLE, minLength: 1, maxLength: 32 }), 200) },
  part(fc.constant(''), 400),
  part(fc.string({ unit: PRINTABLE, minLength: 33, maxLength: 60 }), 400),
  part(
    fc.tuple(fc.string({ unit: PRINTABLE, maxLength: 10 }), fc.constantFrom('é', '\t', '\n', '\u0000', '€', '\u007f')).map(([s, c]) => s + c),
    400,
  ),
  part(NOT_JSON_STRING, 400),
  absent(400),
);

/** Base64 in any form the device reads: standard or URL-safe alphabet, padded or not. */
const anyBase64 = (bytes: Uint8Array) =>
  fc.tuple(fc.boolean(), fc.boolean()).map(([urlSafe, padded]) => {
    let text = encodeBase64(bytes);
    if (urlSafe) text = text.replace(/\+/g, '-').replace(/\//g, '_');
    return padded ? text : text.replace(/=+$/, '');
  });
/** Random bytes of `n`, a SEC1 prefix first when `sec1`. */
const bytesOf = (n: number, sec1: boolean) =>
  fc.uint8Array({ minLength: n, maxLength: n }).chain((b) => (sec1 ? fc.constantFrom(2, 3).map((p) => (b.length ? Uint8Array.of(p, ...b.subarray(1)) : b)) : fc.constant(b)));
// fast-check favours small values (all-zero keys); a serial number in each key keeps every
// generated key new, so a 200 is never a duplicate's 406.
let serial = 0;
const stamped = (b: Uint8Array) => {
  const copy = Uint8Array.from(b);
  new DataView(copy.buffer).setUint32(1, ++serial);
  return copy;
};

// type, pubkey and mode together: the mode rule and the key length depend on the type.
const keyParts = fc.constantFrom(...KEY_TYPES).chain((type) => {
  const { bytes, family } = KEY_FORMATS[type];
  const sec1 = family === 'sec1';
  const typePart = fc.oneof(
    { weight: 24, arbitrary: part(fc.constant(type), 200) },
    {
      weight: 3,
      arbitrary: part(
        fc.string({ maxLength: 12 }).filter((t) => !(KEY_TYPES as readonly string[]).includes(t)),
        406,
      ),
    },
    part(NOT_JSON_STRING, 400),
    absent(400),
  );
  const pubkey = fc.oneof(
    {
      weight: 16,
      arbitrary: bytesOf(bytes, sec1)
        .map(stamped)
        .chain(anyBase64)
        .map((value): Part => ({ value, verdict: 200 })),
    },
    {
      weight: 3,
      arbitrary: fc
        .integer({ min: 1, max: 200 })
        .filter((n) => n !== bytes)
        .chain((n) => bytesOf(n, false))
        .chain(anyBase64)
        .map((value): Part => ({ value, verdict: 406 })),
    },
    part(
      fc
        .tuple(fc.string({ unit: fc.constantFrom('A', 'b', '+', '/'), minLength: 4, maxLength: 40 }), fc.constantFrom(' ', '!', '*', '=A', '\n'))
        .map(([s, bad]) => `${s.slice(0, 2)}${bad}${s.slice(2)}`),
      400,
    ),
    part(fc.constant(''), 400),
    part(NOT_JSON_STRING, 400),
    absent(400),
  );
  const modeNeeded = KEY_FAMILIES[family].modeRequired;
  const mode = fc.oneof(
    { weight: 12, arbitrary: part(fc.constantFrom(...KEY_MODES), 200) },
    absent(modeNeeded ? 400 : 200),
    part(fc.constantFrom('', 'ExDSA,ECDH', 'ecdh', 'ECDH, ExDSA', 'EdDSA'), 400),
    part(
      fc.string({ maxLength: 8 }).filter((m) => !(KEY_MODES as readonly string[]).includes(m)),
      400,
    ),
    part(NOT_JSON_STRING, 400),
  );
  return fc.tuple(typePart, pubkey, mode).map(([t, p, m]) => {
    // An unknown or missing type leaves the key's length and the mode rule unjudged.
    const typed = t.verdict === 200;
    return {
      type: t,
      pubkey: typed ? p : { ...p, verdict: p.verdict === 406 ? 200 : p.verdict },
      mode: typed ? m : { ...m, verdict: m.verdict === 400 && 'absent' in m ? 200 : m.verdict },
    } as Record<string, Part>;
  });
});
const descr = fc.oneof(
  { weight: 8, arbitrary: absent(200) },
  {
    weight: 4,
    arbitrary: fc
      .uint8Array({ minLength: 1, maxLength: 64 })
      .chain(anyBase64)
      .map((value): Part => ({ value, verdict: 200 })),
  },
  fc
    .uint8Array({ minLength: 65, maxLength: 200 })
    .chain(anyBase64)
    .map((value): Part => ({ value, verdict: 400 })),
  part(fc.constant(''), 400),
  part(fc.constant('not base64!'), 400),
);
const extra = fc.oneof({ weight: 16, arbitrary: fc.constant(undefined) }, fc.constantFrom('__proto__', 'constructor', 'kid', 'Label', 'pubKey', 'x'));

const body = fc.record({ label, keys: keyParts, descr, extra, extraValue: fc.jsonValue({ maxDepth: 2 }) }).map(({ label, keys, descr, extra, extraValue }) => {
  const parts: Record<string, Part> = { label, ...keys, descr };
  const fields: string[] = [];
  for (const [name, p] of Object.entries(parts)) if (!('absent' in p)) fields.push(`${JSON.stringify(name)}:${JSON.stringify(p.value)}`);
  if (extra !== undefined) fields.push(`${JSON.stringify(extra)}:${JSON.stringify(extraValue ?? null)}`);
  const verdicts = [...Object.values(parts).map((p) => p.verdict), extra !== undefined ? 400 : 200];
  const status: Verdict = verdicts.includes(400) ? 400 : verdicts.includes(406) ? 406 : 200;
  return { text: `{${fields.join(',')}}`, status };
});

describe('random bodies', () => {
  test('2000 random import bodies each get the status their parts call for', SLOW, async () => {
    const counts: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(body, async ({ text, status }) => {
        const answer = await post(text);
        counts[answer.status] = (counts[answer.status] ?? 0) + 1;
        expect({ status: answer.status, text: answer.status === 200 ? '' : answer.text, body: text }).toEqual({ status, text: '', body: text });
        expect(answer.type).toBe('application/json');
      }),
      { numRuns: 2000 },
    );
    // Every verdict was reached many times, so the property said something about each.
    for (const status of [200, 400, 406]) expect(counts[status], JSON.stringify(counts)).toBeGreaterThan(100);
  });

  test('1000 random byte strings: 400, 411 when empty, 413 when too long', SLOW, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 9000 }), async (bytes) => {
        const { status } = await post(bytes);
        expect(status).toBe(bytes.length === 0 ? 411 : bytes.length > 7300 ? 413 : 400);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('afterwards', () => {
  test('no answer was a 5xx, and a valid import over HTTPS still works', SLOW, async () => {
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(answers.length).toBeGreaterThan(3000);
    const key = ed25519();
    const token = await mock.mintToken({ scope: 'keymgmt:imp' });
    await expect(send(mock.fetch, mock.url, OPERATIONS.importKey, { token, body: key })).resolves.toEqual({ status: 200, body: { kid: computeKid(key.pubkey) } });
    await expect(send(mock.fetch, mock.url, OPERATIONS.importKey, { token, body: key })).resolves.toEqual({ status: 406, body: undefined });
  });
});
