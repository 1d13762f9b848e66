import { createPublicKey, diffieHellman, generateKeyPairSync, randomBytes } from 'node:crypto';
import { ED25519_TORSION_SUBGROUP } from '@noble/curves/ed25519.js';
import { ml_kem1024, ml_kem512, ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { KEY_FORMATS, KEY_TYPES, type KeyType } from '@hem/types';
import { describe, expect, test } from 'vitest';
import { checkKeyShape, checkPublicKey } from '../src/keys.js';
import { REAL_KEY, SEC1_TYPES, opensslAcceptsPoint as nodeAcceptsSec1, uncompressedPoint, type Sec1Type } from './real-keys.js';

// ---- real keys, made by independent implementations ------------------------------------------

// ---- little-endian helpers for hand-made points ----------------------------------------------

const le = (n: bigint, len: number) => {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
};
const P25519 = 2n ** 255n - 19n;
const P448 = 2n ** 448n - 2n ** 224n - 1n;
const modPow = (b: bigint, e: bigint, m: bigint) => {
  let r = 1n;
  for (b %= m; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
};
const isSquare = (a: bigint, p: bigint) => ((a % p) + p) % p === 0n || modPow(((a % p) + p) % p, (p - 1n) / 2n, p) === 1n;

// ---- tests ------------------------------------------------------------------------------------

describe('real keys of every type pass', () => {
  test('the table covers the 14 types', () => {
    expect(Object.keys(REAL_KEY).sort()).toEqual([...KEY_TYPES].sort());
  });

  test.each(KEY_TYPES.map((t) => [t]))('%s', (type) => {
    for (let i = 0; i < 3; i++) {
      const key = REAL_KEY[type]();
      expect(key.length).toBe(KEY_FORMATS[type].bytes);
      expect(checkKeyShape(type, key)).toBeUndefined();
      expect(checkPublicKey(type, key)).toBeUndefined();
    }
  });
});

describe('key_length', () => {
  const cases = KEY_TYPES.flatMap((type) => {
    const n = KEY_FORMATS[type].bytes;
    return [
      { type, given: 0 },
      { type, given: n - 1 },
      { type, given: n + 1 },
      { type, given: 2 * n },
    ];
  });
  test.each(cases)('$type with $given bytes', ({ type, given }) => {
    const key = new Uint8Array(given).fill(0x02);
    const want = KEY_FORMATS[type].bytes;
    for (const check of [checkKeyShape, checkPublicKey]) {
      const got = check(type, key);
      expect(got?.code).toBe('key_length');
      expect(got?.message).toContain(type);
      expect(got?.message).toContain(`must be ${want} bytes`);
      expect(got?.message).toContain(`got ${given} bytes`);
    }
  });

  test('an SPKI DER export is refused by length, with the hint', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const got = checkPublicKey('ED25519', new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })));
    expect(got?.code).toBe('key_length');
    expect(got?.message).toMatch(/RFC 8032/);
    expect(got?.message).toMatch(/SPKI/);
  });

  test('a 65-byte P-256 string not starting with 0x04 is a length problem, not an uncompressed point', () => {
    const point = uncompressedPoint('SECP256R1');
    point[0] = 0x02;
    expect(checkPublicKey('SECP256R1', point)?.code).toBe('key_length');
  });
});

describe('key_uncompressed_point', () => {
  test.each(SEC1_TYPES)('%s, uncompressed by node:crypto', (type) => {
    const point = uncompressedPoint(type);
    expect(nodeAcceptsSec1(type, point)).toBe(true);
    const n = KEY_FORMATS[type].bytes;
    for (const check of [checkKeyShape, checkPublicKey]) {
      const got = check(type, point);
      expect(got?.code).toBe('key_uncompressed_point');
      expect(got?.message).toContain(type);
      expect(got?.message).toContain(`${point.length} bytes`);
      expect(got?.message).toContain(`0x02/0x03 || X, ${n} bytes`);
      expect(got?.message).toContain('toHemPublicKey()');
    }
  });

  test('a 65-byte 0x04 string is not an uncompressed point for the 33-byte non-SEC1 families', () => {
    const bytes = new Uint8Array(65);
    bytes[0] = 0x04;
    expect(checkPublicKey('ED25519', bytes)?.code).toBe('key_length');
  });
});

describe('key_bad_prefix', () => {
  const cases = SEC1_TYPES.flatMap((type) => [0x00, 0x01, 0x04, 0x05, 0x06, 0x07, 0x82, 0xff].map((prefix) => ({ type, prefix })));
  test.each(cases)('$type with prefix $prefix', ({ type, prefix }) => {
    const key = REAL_KEY[type]();
    key[0] = prefix;
    for (const check of [checkKeyShape, checkPublicKey]) {
      const got = check(type, key);
      expect(got?.code).toBe('key_bad_prefix');
      expect(got?.message).toContain(type);
      expect(got?.message).toContain(`0x${prefix.toString(16).padStart(2, '0')}`);
    }
  });
});

describe('key_not_on_curve', () => {
  /** Walk X upward from a real key until node:crypto refuses the point. */
  function offCurve(type: Sec1Type): Uint8Array {
    const key = REAL_KEY[type]();
    for (let tries = 0; tries < 1000; tries++) {
      key[key.length - 1] = (key[key.length - 1]! + 1) & 0xff;
      if (!nodeAcceptsSec1(type, key)) return key;
    }
    throw new Error('no off-curve x found');
  }

  test.each(SEC1_TYPES)('%s, an X with no y (node:crypto refuses it too)', (type) => {
    const key = offCurve(type);
    const got = checkPublicKey(type, key);
    expect(got?.code).toBe('key_not_on_curve');
    expect(got?.message).toContain(type);
    expect(got?.message).toContain(`not a point on ${KEY_FORMATS[type].curve}`);
    // The shape check does no curve math.
    expect(checkKeyShape(type, key)).toBeUndefined();
  });

  test.each(SEC1_TYPES)('%s, X = 0xff..ff (not below the field prime)', (type) => {
    const key = new Uint8Array(KEY_FORMATS[type].bytes).fill(0xff);
    key[0] = 0x03;
    expect(nodeAcceptsSec1(type, key)).toBe(false);
    expect(checkPublicKey(type, key)?.code).toBe('key_not_on_curve');
  });
});

describe('key_bad_point (Edwards)', () => {
  // Ed25519: -x² + y² = 1 + d x²y², so x² = (y² - 1) / (d y² + 1); Ed448: x² = (y² - 1) / (d y² - 1).
  const D25519 = (-121665n * modPow(121666n, P25519 - 2n, P25519)) % P25519;
  const D448 = -39081n;
  function firstNonPoint(p: bigint, num: (y: bigint) => bigint, den: (y: bigint) => bigint): bigint {
    for (let y = 2n; ; y++) if (!isSquare(num(y) * modPow(((den(y) % p) + p) % p, p - 2n, p), p)) return y;
  }
  const y25519 = firstNonPoint(
    P25519,
    (y) => y * y - 1n,
    (y) => D25519 * y * y + 1n,
  );
  const y448 = firstNonPoint(
    P448,
    (y) => y * y - 1n,
    (y) => D448 * y * y - 1n,
  );
  const ed448Bad = le(1n, 57);
  ed448Bad[56] = 0x01; // the last Ed448 byte holds only the sign bit

  const cases: { name: string; type: KeyType; key: Uint8Array }[] = [
    { name: `Ed25519 y = ${y25519} (no x)`, type: 'ED25519', key: le(y25519, 32) },
    { name: 'Ed25519 y = p (non-canonical)', type: 'ED25519', key: le(P25519, 32) },
    { name: 'Ed25519 y = 2^255 - 1 (non-canonical)', type: 'ED25519', key: le(2n ** 255n - 1n, 32) },
    { name: 'Ed25519 y = 1, x = 0 with the sign bit set', type: 'ED25519', key: le(1n + 2n ** 255n, 32) },
    { name: `Ed448 y = ${y448} (no x)`, type: 'ED448', key: le(y448, 57) },
    { name: 'Ed448 y = p (non-canonical)', type: 'ED448', key: le(P448, 57) },
    { name: 'Ed448 with bits set in the last byte', type: 'ED448', key: ed448Bad },
  ];
  test.each(cases)('$name', ({ type, key }) => {
    const got = checkPublicKey(type, key);
    expect(got?.code).toBe('key_bad_point');
    expect(got?.message).toContain(type);
    expect(checkKeyShape(type, key)).toBeUndefined();
  });
});

describe('key_low_order (Edwards)', () => {
  const ed448 = (y: bigint, sign = 0n) => le(y + (sign << 455n), 57);
  const cases: { name: string; type: KeyType; key: Uint8Array }[] = [
    ...ED25519_TORSION_SUBGROUP.map((hex, i) => ({ name: `Ed25519 torsion point ${i}`, type: 'ED25519' as const, key: new Uint8Array(Buffer.from(hex, 'hex')) })),
    { name: 'Ed448 identity (0, 1)', type: 'ED448', key: ed448(1n) },
    { name: 'Ed448 order 2 (0, -1)', type: 'ED448', key: ed448(P448 - 1n) },
    { name: 'Ed448 order 4 (1, 0)', type: 'ED448', key: ed448(0n, 1n) },
    { name: 'Ed448 order 4 (-1, 0)', type: 'ED448', key: ed448(0n, 0n) },
  ];
  test.each(cases)('$name', ({ type, key }) => {
    const got = checkPublicKey(type, key);
    expect(got?.code).toBe('key_low_order');
    expect(got?.message).toContain(type);
  });
});

describe('key_low_order (Montgomery)', () => {
  // cr.yp.to/ecdh.html#validate: the small-order u's of Curve25519 and its twist.
  const U25519 = [
    0n,
    1n,
    325606250916557431795983626356110631294008115727848805560023387167927233504n,
    39382357235489614581723060781553021112529911719440698176882885853963445705823n,
    P25519 - 1n,
    P25519, // non-canonical 0
    P25519 + 1n, // non-canonical 1
  ];
  const U448 = [0n, 1n, P448 - 1n, P448, P448 + 1n];
  const cases = [
    ...U25519.map((u) => ({ type: 'CURVE25519' as const, u, key: le(u, 32) })),
    // RFC 7748 ignores bit 255 of an X25519 u: the same points with it set.
    ...U25519.filter((u) => u < 2n ** 255n).map((u) => ({ type: 'CURVE25519' as const, u: u + 2n ** 255n, key: le(u + 2n ** 255n, 32) })),
    ...U448.map((u) => ({ type: 'CURVE448' as const, u, key: le(u, 56) })),
  ];

  /** node:crypto (OpenSSL) refuses a shared secret that comes out all-zero. */
  const nodeRefuses = (type: 'CURVE25519' | 'CURVE448', key: Uint8Array) => {
    const crv = type === 'CURVE25519' ? 'X25519' : 'X448';
    const { privateKey } = generateKeyPairSync(crv.toLowerCase() as 'x25519');
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv, x: Buffer.from(key).toString('base64url') }, format: 'jwk' });
    try {
      diffieHellman({ privateKey, publicKey });
      return false;
    } catch {
      return true;
    }
  };

  test.each(cases)('$type u = $u', ({ type, key }) => {
    expect(nodeRefuses(type, key)).toBe(true);
    const got = checkPublicKey(type, key);
    expect(got?.code).toBe('key_low_order');
    expect(got?.message).toContain(type);
    expect(checkKeyShape(type, key)).toBeUndefined();
  });

  test.each([
    { type: 'CURVE25519' as const, u: 9n, key: le(9n, 32) },
    { type: 'CURVE25519' as const, u: 2n, key: le(2n, 32) },
    { type: 'CURVE25519' as const, u: P25519 - 2n, key: le(P25519 - 2n, 32) },
    { type: 'CURVE448' as const, u: 5n, key: le(5n, 56) },
    { type: 'CURVE448' as const, u: P448 - 2n, key: le(P448 - 2n, 56) },
  ])('$type u = $u is fine', ({ type, key }) => {
    expect(nodeRefuses(type, key)).toBe(false);
    expect(checkPublicKey(type, key)).toBeUndefined();
  });
});

describe('key_not_reduced (ML-KEM)', () => {
  const KEM = { MLKEM512: ml_kem512, MLKEM768: ml_kem768, MLKEM1024: ml_kem1024 } as const;
  /** Overwrite 12-bit coefficient `j` of the packed t (two per three bytes, little-endian). */
  const setCoeff = (key: Uint8Array, j: number, v: number) => {
    const i = 3 * (j >> 1);
    if (j % 2 === 0) {
      key[i] = v & 0xff;
      key[i + 1] = (key[i + 1]! & 0xf0) | (v >> 8);
    } else {
      key[i + 1] = (key[i + 1]! & 0x0f) | ((v & 0x0f) << 4);
      key[i + 2] = v >> 4;
    }
  };
  const cases = (Object.keys(KEM) as (keyof typeof KEM)[]).flatMap((type) => {
    const coeffs = ((KEY_FORMATS[type].bytes - 32) / 384) * 256;
    return [0, 1, 257, coeffs - 1].flatMap((index) => [3329, 4095].map((value) => ({ type, index, value })));
  });
  test.each(cases)('$type coefficient $index = $value', ({ type, index, value }) => {
    const key = REAL_KEY[type]();
    setCoeff(key, index, value);
    expect(() => KEM[type].encapsulate(key)).toThrow(/modulus/);
    const got = checkPublicKey(type, key);
    expect(got?.code).toBe('key_not_reduced');
    expect(got?.message).toContain(type);
    expect(got?.message).toContain(`coefficient ${index} of`);
    expect(got?.message).toContain(`is ${value}`);
    expect(got?.message).toContain('q = 3329');
    expect(checkKeyShape(type, key)).toBeUndefined();
  });

  test.each(Object.keys(KEM) as (keyof typeof KEM)[])('%s with 3328 everywhere and any rho is fine', (type) => {
    const key = REAL_KEY[type]();
    for (let j = 0; j < ((key.length - 32) / 384) * 256; j++) setCoeff(key, j, 3328);
    key.fill(0xff, key.length - 32);
    expect(() => KEM[type].encapsulate(key)).not.toThrow();
    expect(checkPublicKey(type, key)).toBeUndefined();
  });
});

describe('ML-DSA: the length is the whole rule', () => {
  test.each(['MLDSA44', 'MLDSA65', 'MLDSA87'] as const)('%s random bytes of the right length pass', (type) => {
    expect(checkPublicKey(type, new Uint8Array(randomBytes(KEY_FORMATS[type].bytes)))).toBeUndefined();
    expect(checkPublicKey(type, new Uint8Array(KEY_FORMATS[type].bytes).fill(0xff))).toBeUndefined();
  });
});

test('an unknown type is a programming error, not a key issue', () => {
  for (const type of ['AES256', 'constructor', 'secp256r1']) expect(() => checkPublicKey(type as KeyType, new Uint8Array(32))).toThrow(TypeError);
});
