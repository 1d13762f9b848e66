import { ECDH, createPublicKey, diffieHellman, generateKeyPairSync } from 'node:crypto';
import { ml_kem1024, ml_kem512, ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { KEY_FORMATS, KEY_TYPES, type KeyType } from '@hem/types';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkPublicKey, type KeyIssueCode } from '../src/keys.js';

const CODES: readonly KeyIssueCode[] = ['key_length', 'key_uncompressed_point', 'key_bad_prefix', 'key_not_on_curve', 'key_bad_point', 'key_low_order', 'key_not_reduced'];

describe('SEC1: accepted exactly when node:crypto (OpenSSL) decompresses the point', () => {
  const CURVES = [
    { type: 'SECP256R1', curve: 'prime256v1' },
    { type: 'SECP384R1', curve: 'secp384r1' },
    { type: 'SECP521R1', curve: 'secp521r1' },
    { type: 'SECP256K1', curve: 'secp256k1' },
  ] as const;
  test.each(CURVES)('$type', ({ type, curve }) => {
    const xLen = KEY_FORMATS[type].bytes - 1;
    // Fully random X is mostly >= p on P-521 (p has 521 bits in 66 bytes): also draw X with the
    // top byte cut to 0..1 so both outcomes are common on every curve.
    const x = fc.oneof(
      fc.uint8Array({ minLength: xLen, maxLength: xLen }),
      fc.uint8Array({ minLength: xLen, maxLength: xLen }).map((b) => {
        b[0] = b[0]! & 1;
        return b;
      }),
    );
    let accepted = 0;
    fc.assert(
      fc.property(fc.constantFrom(0x02, 0x03), x, (prefix, xs) => {
        const key = new Uint8Array([prefix, ...xs]);
        let node = true;
        try {
          ECDH.convertKey(key, curve, undefined, undefined, 'uncompressed');
        } catch {
          node = false;
        }
        const got = checkPublicKey(type, key);
        if (node) accepted++;
        else expect(got?.code).toBe('key_not_on_curve');
        expect(got === undefined).toBe(node);
      }),
      { numRuns: 400 },
    );
    expect(accepted).toBeGreaterThan(50); // the property saw both outcomes
  });
});

describe('X25519/X448: refused exactly when OpenSSL refuses the shared secret', () => {
  const le = (n: bigint, len: number) => Uint8Array.from({ length: len }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
  const P25519 = 2n ** 255n - 19n;
  const P448 = 2n ** 448n - 2n ** 224n - 1n;
  const CASES = [
    { type: 'CURVE25519', crv: 'X25519', len: 32, special: [0n, 1n, P25519 - 1n, P25519, P25519 + 1n, 2n ** 255n + 1n] },
    { type: 'CURVE448', crv: 'X448', len: 56, special: [0n, 1n, P448 - 1n, P448, P448 + 1n] },
  ] as const;
  test.each(CASES)('$type', ({ type, crv, len, special }) => {
    const { privateKey } = generateKeyPairSync(crv.toLowerCase() as 'x25519');
    const u = fc.oneof(
      fc.uint8Array({ minLength: len, maxLength: len }),
      fc.constantFrom(...special).map((n) => le(n, len)),
    );
    fc.assert(
      fc.property(u, (key) => {
        const publicKey = createPublicKey({ key: { kty: 'OKP', crv, x: Buffer.from(key).toString('base64url') }, format: 'jwk' });
        let node = true;
        try {
          diffieHellman({ privateKey, publicKey });
        } catch {
          node = false;
        }
        const got = checkPublicKey(type, key);
        expect(got === undefined).toBe(node);
        if (!node) expect(got?.code).toBe('key_low_order');
      }),
      { numRuns: 200 },
    );
  });
});

describe('ML-KEM: a coefficient >= q is always caught, at the right index', () => {
  const KEM = { MLKEM512: ml_kem512, MLKEM768: ml_kem768, MLKEM1024: ml_kem1024 } as const;
  /** Overwrite 12-bit coefficient `j` of the packed t (two per three bytes, little-endian). */
  const setCoeff = (key: Uint8Array, j: number, v: number) => {
    const i = 3 * (j >> 1);
    if (j % 2 === 0) key.set([v & 0xff, (key[i + 1]! & 0xf0) | (v >> 8)], i);
    else key.set([(key[i + 1]! & 0x0f) | ((v & 0x0f) << 4), v >> 4], i + 1);
  };
  test.each(Object.keys(KEM) as (keyof typeof KEM)[])('%s', (type) => {
    const n = ((KEY_FORMATS[type].bytes - 32) / 384) * 256;
    // Keys come from a random 64-byte keygen seed: realistic, and cheap to shrink on failure.
    const input = fc.record({
      seed: fc.uint8Array({ minLength: 64, maxLength: 64 }),
      index: fc.integer({ min: 0, max: n - 1 }),
      value: fc.integer({ min: 3329, max: 4095 }),
    });
    fc.assert(
      fc.property(input, ({ seed, index, value }) => {
        const key = KEM[type].keygen(seed).publicKey;
        expect(checkPublicKey(type, key)).toBeUndefined();
        setCoeff(key, index, value);
        const got = checkPublicKey(type, key);
        expect(got?.code).toBe('key_not_reduced');
        expect(got?.message).toContain(`coefficient ${index} of ${n}`);
        expect(got?.message).toContain(`is ${value},`);
        expect(() => KEM[type].encapsulate(key)).toThrow(/modulus/);
      }),
      { numRuns: 150 },
    );
  });
});

describe('arbitrary input never throws', () => {
  // Bias towards each type's exact length (and the uncompressed SEC1 length), where the deep
  // checks run; plain random lengths only reach the length rule.
  const input = fc.constantFrom(...KEY_TYPES).chain((type) => {
    const n = KEY_FORMATS[type].bytes;
    const lens = fc.oneof(fc.constant(n), fc.constant(2 * (n - 1) + 1), fc.integer({ min: 0, max: 3000 }));
    return fc.tuple(
      fc.constant<KeyType>(type),
      lens.chain((len) => fc.uint8Array({ minLength: len, maxLength: len })),
    );
  });
  test('result is undefined or a KeyIssue with a known code and a message naming the type', () => {
    fc.assert(
      fc.property(input, ([type, bytes]) => {
        const got = checkPublicKey(type, bytes);
        if (got !== undefined) {
          expect(CODES).toContain(got.code);
          expect(got.message).toContain(type);
          expect(Object.keys(got).sort()).toEqual(['code', 'message']);
        }
      }),
      { numRuns: 500 },
    );
  });
});
