// toHemPublicKey never throws anything but a HemKeyFormatError: not for arbitrary bytes or
// text, not for objects whose getters or Proxy traps throw, not for revoked Proxies.
// Durations are measured and printed, never asserted.
import { generateKeyPairSync } from 'node:crypto';
import { KEY_FORMATS, KEY_TYPES } from '@hem/types';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { HemKeyFormatError, toHemPublicKey, toHemPublicKeyBytes } from '../src/convert.js';

const CODES = ['bad_input', 'too_large', 'bad_hint', 'bad_pem', 'bad_der', 'bad_jwk', 'bad_point', 'unsupported_key', 'rsa_key', 'private_key', 'wrong_length', 'type_mismatch'];

const timings: { name: string; runs: number; totalMs: number; maxMs: number }[] = [];
afterAll(() => {
  for (const t of timings) console.log(`${t.name}: ${t.runs} inputs, ${t.totalMs.toFixed(0)} ms in all, slowest ${t.maxMs.toFixed(2)} ms`);
});

/** Calls toHemPublicKeyBytes and checks the outcome is a key of the table or a HemKeyFormatError. */
function outcome(input: unknown, hint?: unknown): 'key' | string {
  try {
    const { type, bytes } = toHemPublicKeyBytes(input as never, hint as never);
    expect(KEY_TYPES).toContain(type);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.length).toBe(KEY_FORMATS[type].bytes);
    return 'key';
  } catch (e) {
    // Not instanceof first: a foreign throw must fail here, not inside the brand check.
    if (!(e instanceof HemKeyFormatError)) throw new Error(`toHemPublicKey threw something else: ${String((e as Error)?.stack ?? e)}`);
    expect(CODES).toContain(e.code);
    expect(e.message.length).toBeGreaterThan(10);
    return e.code;
  }
}

// Hostile values are built inside the property, from thunks: fast-check itself inspects
// generated values (and would trip over a revoked Proxy).
type Thunk = () => unknown;
const lazy = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<Thunk> => arbitrary.map((value) => () => value);

function measured(name: string, arbitrary: fc.Arbitrary<[Thunk, Thunk]>, numRuns: number) {
  const t = { name, runs: 0, totalMs: 0, maxMs: 0 };
  timings.push(t);
  fc.assert(
    fc.property(arbitrary, ([input, hint]) => {
      const [i, h] = [input(), hint()];
      const start = performance.now();
      outcome(i, h);
      const ms = performance.now() - start;
      t.runs++;
      t.totalMs += ms;
      t.maxMs = Math.max(t.maxMs, ms);
    }),
    { numRuns },
  );
}

const ed = generateKeyPairSync('ed25519').publicKey;
const edPem = ed.export({ type: 'spki', format: 'pem' }) as string;
const edDer = new Uint8Array(ed.export({ type: 'spki', format: 'der' }));
const ecJwk = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'jwk' });

const boom = () => {
  throw new Error('getter says no');
};
const throwers: (() => never)[] = [
  boom as () => never,
  () => {
    throw Object.create(null); // no toString, no message
  },
  () => {
    throw Symbol('thrown symbol');
  },
  () => {
    throw new Proxy({}, { get: boom }); // reading its message throws again
  },
];
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};
const hint: fc.Arbitrary<Thunk> = fc.oneof(
  lazy(fc.constant(undefined)),
  lazy(fc.constantFrom(...KEY_TYPES).map((type) => ({ type }))),
  lazy(fc.anything()),
  fc.constantFrom(...throwers).map((thrower) => () => Object.defineProperty({}, 'type', { get: thrower })),
  fc.constant(revoked),
);
const MEMBERS = [
  'kty',
  'crv',
  'alg',
  'x',
  'y',
  'pub',
  'd',
  'priv',
  'type',
  'export',
  'algorithm',
  'usages',
  'buffer',
  'byteLength',
  'byteOffset',
  'length',
  'toString',
  'valueOf',
  'toJSON',
];
const memberValue = fc.oneof(
  fc.constantFrom('EC', 'OKP', 'AKP', 'RSA', 'P-256', 'Ed25519', 'ML-DSA-44', 'public', 'private', ecJwk.x!, ecJwk.y!),
  fc.anything(),
  fc.constant(() => edDer),
  fc.constant(boom),
);

describe('hostile input gives a key or a HemKeyFormatError, nothing else', () => {
  test('arbitrary bytes, in every kind of view', () => {
    const view = fc
      .uint8Array({ maxLength: 3000 })
      .chain((b) =>
        fc.constantFrom(b, b.buffer, new DataView(b.buffer), new Uint16Array(b.buffer, 0, b.length >> 1), Buffer.from(b), new Float64Array(b.buffer, 0, b.length >> 3)),
      );
    measured('arbitrary bytes', fc.tuple(lazy(view), hint), 500);
  });

  test('DER SPKI with one byte changed, cut or grown', () => {
    const mutated = fc.tuple(fc.nat(edDer.length - 1), fc.integer({ min: 0, max: 255 }), fc.integer({ min: -3, max: 3 })).map(([at, value, grow]) => {
      const out = new Uint8Array(Math.max(0, edDer.length + grow));
      out.set(edDer.subarray(0, out.length));
      if (at < out.length) out[at] = value;
      return out;
    });
    measured('mutated DER', fc.tuple(lazy(mutated), hint), 500);
  });

  test('arbitrary strings, and strings made of PEM pieces', () => {
    const pieces = fc
      .array(
        fc.constantFrom('-----BEGIN ', '-----END ', 'PUBLIC KEY', 'EC PARAMETERS', '-----', '-', '\n', '\r\n', ' ', '=', 'MCowBQYDK2VwAyEA', edPem, edPem.slice(0, 40), 'AAAA'),
        { maxLength: 60 },
      )
      .map((parts) => parts.join(''));
    measured('strings', fc.tuple(lazy(fc.oneof(fc.string({ unit: 'binary', maxLength: 500 }), fc.string({ unit: 'grapheme', maxLength: 500 }), pieces)), hint), 1000);
  });

  test('arbitrary values and JSON-like objects', () => {
    measured('anything', fc.tuple(lazy(fc.anything({ withTypedArray: true, withBigInt: true, withMap: true, withSet: true, withNullPrototype: true })), hint), 500);
  });

  test('objects whose members are getters that throw, or odd values', () => {
    const object = fc
      .dictionary(
        fc.constantFrom(...MEMBERS),
        fc.oneof(
          memberValue.map((value) => ({ value })),
          fc.constantFrom(...throwers).map((get) => ({ get })),
        ),
        { maxKeys: 8 },
      )
      .map((members) => () => {
        const o = {};
        for (const [key, descriptor] of Object.entries(members)) Object.defineProperty(o, key, { ...descriptor, enumerable: true, configurable: true });
        return o;
      });
    measured('throwing getters', fc.tuple(object, hint), 1000);
  });

  test('Proxies whose traps throw or lie, and revoked Proxies', () => {
    const targets = fc.constantFrom<() => object>(
      () => ({}),
      () => ({ ...ecJwk }),
      () => ed,
      () => new Uint8Array(edDer),
      () => edDer.buffer,
      () => [1, 2, 3],
      () => function keyish() {},
    );
    const trap = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(...throwers),
      memberValue.map((value) => () => value),
    );
    const proxy = fc
      .tuple(targets, fc.dictionary(fc.constantFrom('get', 'has', 'ownKeys', 'getPrototypeOf', 'getOwnPropertyDescriptor', 'apply'), trap))
      .map(([target, traps]) => () => {
        const handler: ProxyHandler<object> = {};
        for (const [name, fn] of Object.entries(traps)) if (fn) (handler as Record<string, unknown>)[name] = fn;
        return new Proxy(target(), handler);
      });
    measured('proxies', fc.tuple(fc.oneof(proxy, fc.constant(revoked)), hint), 1000);
  });

  test('KeyObject look-alikes whose export returns hostile values', () => {
    const exported: fc.Arbitrary<Thunk> = fc.oneof(
      lazy(fc.anything()),
      fc.constant(revoked),
      fc.constant(() => new Proxy(new Uint8Array(edDer), {})),
      fc.constant(() => Object.defineProperty(new Uint8Array(edDer), 'buffer', { get: boom })),
      fc.constant(() => edDer),
      fc.constant(() => {
        const detached = new Uint8Array(edDer);
        structuredClone(detached.buffer, { transfer: [detached.buffer] });
        return detached;
      }),
    );
    const keyObject = fc.tuple(fc.constantFrom('public', 'private', 'secret'), exported, fc.nat(throwers.length)).map(([type, value, thrower]) => () => ({
      type,
      export: throwers[thrower] ?? (() => value()),
    }));
    measured('KeyObject look-alikes', fc.tuple(keyObject, hint), 500);
  });
});

// Each of these threw a TypeError or the caller's own error before.
describe('hostile objects, one by one', () => {
  const detached = () => {
    const bytes = new Uint8Array(edDer);
    structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
    return bytes;
  };
  test.each<[string, () => unknown, unknown, string, RegExp]>([
    ['a revoked Proxy', revoked, undefined, 'bad_input', /cannot be inspected|Reading "kty"/],
    ['a Proxy whose has trap throws', () => new Proxy({}, { has: boom }), undefined, 'bad_input', /Reading "kty" of the input threw \(Error: getter says no\)/],
    ['a JWK whose crv getter throws', () => Object.defineProperty({ kty: 'OKP', x: 'AA' }, 'crv', { get: boom }), undefined, 'bad_input', /Reading "crv"/],
    ['a JWK whose x getter throws', () => Object.defineProperty({ kty: 'OKP', crv: 'Ed25519' }, 'x', { get: boom }), undefined, 'bad_input', /Reading "x" of the JWK/],
    ['a KeyObject whose type getter throws', () => Object.defineProperty({ export: () => edDer }, 'type', { get: boom }), undefined, 'bad_input', /Reading "type"/],
    [
      'a KeyObject whose export throws an object without toString',
      () => ({ type: 'public', export: throwers[1] }),
      undefined,
      'unsupported_key',
      /cannot be exported as SPKI: a thrown object/,
    ],
    ['a KeyObject whose export throws a Proxy that throws again', () => ({ type: 'public', export: throwers[3] }), undefined, 'unsupported_key', /a thrown object/],
    ['a Proxy of a Uint8Array', () => new Proxy(new Uint8Array(edDer), {}), undefined, 'bad_input', /Cannot read a public key/],
    ['bytes on a detached buffer', detached, undefined, 'bad_input', /detached/],
    ['a hint whose type getter throws', () => edDer, Object.defineProperty({}, 'type', { get: boom }), 'bad_input', /Reading "type" of the hint/],
    ['a revoked Proxy as the hint', () => edDer, 'revoked', 'bad_input', /Reading "type" of the hint/],
  ])('%s', (_, make, hintValue, code, message) => {
    const h = hintValue === 'revoked' ? revoked() : hintValue;
    let error: unknown;
    try {
      toHemPublicKey(make() as never, h as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HemKeyFormatError);
    expect({ code: (error as HemKeyFormatError).code, message: (error as HemKeyFormatError).message }).toEqual({ code, message: expect.stringMatching(message) });
  });

  test("bytes are read through the engine's own accessors: an own buffer getter that throws is never called", () => {
    const view = Object.defineProperty(new DataView(edDer.slice().buffer), 'buffer', { get: boom });
    expect(toHemPublicKey(view)).toEqual(toHemPublicKey(ed));
  });

  test('each getter of the input runs once: what is checked is what is used', () => {
    const reads: string[] = [];
    const jwk = ed.export({ format: 'jwk' });
    const tracked = new Proxy(jwk, {
      get: (target, key) => {
        reads.push(String(key));
        return Reflect.get(target, key);
      },
      has: (target, key) => {
        reads.push(`has ${String(key)}`);
        return Reflect.has(target, key);
      },
    });
    expect(toHemPublicKey(tracked).type).toBe('ED25519');
    expect(reads.filter((r) => !r.startsWith('has ')).sort()).toEqual(['crv', 'kty', 'x']);
    expect(new Set(reads).size).toBe(reads.length);
  });

  test('the bytes are copied once: changing the caller buffer afterwards changes nothing', () => {
    const input = new Uint8Array(edDer);
    const got = toHemPublicKey(input);
    input.fill(0);
    expect(got).toEqual(toHemPublicKey(ed));
  });
});
