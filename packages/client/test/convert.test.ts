import { ECDH, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KEY_FORMATS, KEY_TYPES, type KeyType } from '@hem/types';
import { keyPair, makeKey } from '@hem/testkit';
import { CURVES as CURVE_REGISTRY } from '@hem/validator/curves';
import { describe, expect, test } from 'vitest';
import { HemKeyFormatError, toHemPublicKey, toHemPublicKeyBytes } from '../src/convert.js';
import { expectRejected, oid, pem as armour, rejection, tlv } from './der.js';

// --- helpers ----------------------------------------------------------------

const b64url = (s: string | undefined) => new Uint8Array(Buffer.from(s ?? '', 'base64url'));
const u8 = (b: Uint8Array) => new Uint8Array(b); // compare contents, not Buffer vs Uint8Array

const der = (tag: number, ...parts: Uint8Array[]) => tlv(tag, ...parts);
function spki(algorithm: string, key: Uint8Array, curve?: string): Uint8Array {
  const params = curve ? [oid(curve)] : [];
  return der(0x30, der(0x30, oid(algorithm), ...params), der(0x03, Uint8Array.of(0), key));
}
const pem = (derBytes: Uint8Array, label = 'PUBLIC KEY') => armour(derBytes, { label });

// --- every curve key type of the table, keys from node:crypto ----------------------------

type CurveCase = { type: KeyType; ecdh?: string; gen: () => { publicKey: KeyObject; privateKey: KeyObject } };
// The table says which types are curve keys (not ML-KEM/ML-DSA); the curve registry names each for OpenSSL.
const CURVES: CurveCase[] = KEY_TYPES.filter((type) => !['mlkem', 'mldsa'].includes(KEY_FORMATS[type].family)).map((type) => ({
  type,
  ...(KEY_FORMATS[type].family === 'sec1' ? { ecdh: (CURVE_REGISTRY[KEY_FORMATS[type].curve] as { openssl: string }).openssl } : {}),
  gen: () => keyPair(KEY_FORMATS[type]),
}));

// For SEC1 curves, one key with even y and one with odd y, so both prefixes are exercised
// (the parity is the last byte of the uncompressed point, which ends the SPKI).
const KEYS = CURVES.flatMap((c) => {
  if (!c.ecdh) return [{ ...c, parity: '', key: c.gen().publicKey }];
  const found = new Map<string, KeyObject>();
  while (found.size < 2) {
    const key = c.gen().publicKey;
    found.set(key.export({ type: 'spki', format: 'der' }).at(-1)! & 1 ? 'odd y' : 'even y', key);
  }
  return [...found].map(([parity, key]) => ({ ...c, parity, key }));
});

const FORMS = {
  PEM: (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }) as string,
  DER: (k: KeyObject) => k.export({ type: 'spki', format: 'der' }),
  JWK: (k: KeyObject) => k.export({ format: 'jwk' }),
  KeyObject: (k: KeyObject) => k,
};

/** Checks bytes are the device encoding of this node key (read from its SPKI, which ends with the key). */
function expectDeviceEncoding(c: CurveCase & { key: KeyObject }, bytes: Uint8Array) {
  const spkiDer = c.key.export({ type: 'spki', format: 'der' });
  expect(bytes.length).toBe(KEY_FORMATS[c.type].bytes);
  if (!c.ecdh) {
    expect(u8(bytes)).toEqual(u8(spkiDer.subarray(spkiDer.length - bytes.length)));
    return;
  }
  const uncompressed = spkiDer.subarray(spkiDer.length - (2 * bytes.length - 1));
  expect(uncompressed[0]).toBe(4);
  expect(bytes[0]).toBe(2 | (uncompressed.at(-1)! & 1));
  expect(u8(ECDH.convertKey(bytes, c.ecdh, undefined, undefined, 'uncompressed') as Buffer)).toEqual(u8(uncompressed));
}

describe('curve keys from node:crypto', () => {
  // A JWK only where JOSE names the curve (every type of the device contract; not, say, a
  // Brainpool curve the spec may add, which node:crypto cannot write as a JWK either).
  const jwkNamed = (key: KeyObject) => {
    try {
      return key.export({ format: 'jwk' }) !== undefined;
    } catch {
      return false;
    }
  };
  const cases = KEYS.flatMap((k) =>
    Object.entries(FORMS)
      .filter(([form]) => form !== 'JWK' || jwkNamed(k.key))
      .map(([form, make]) => ({ ...k, form, make })),
  );

  test('every key type of the device contract is tried as a JWK', () => {
    const contract = KEY_TYPES.slice(0, 14).filter((type) => KEYS.some((k) => k.type === type));
    expect(contract.length).toBe(8);
    for (const type of contract)
      expect(
        cases.some((c) => c.type === type && c.form === 'JWK'),
        type,
      ).toBe(true);
  });

  test.each(cases)('$type ($parity) from $form', (c) => {
    const got = toHemPublicKey(c.make(c.key));
    expect(got.type).toBe(c.type);
    const bytes = new Uint8Array(Buffer.from(got.pubkey, 'base64'));
    expect(got.pubkey).toBe(Buffer.from(bytes).toString('base64')); // standard alphabet, padded
    expectDeviceEncoding(c, bytes);
  });

  test.each(KEYS)('$type ($parity) as raw bytes with a hint', (c) => {
    const want = toHemPublicKeyBytes(c.key);
    const variants: unknown[] = [want.bytes, want.bytes.slice().buffer, Buffer.from(want.bytes).toString('base64')];
    if (c.ecdh) {
      const spkiDer = c.key.export({ type: 'spki', format: 'der' });
      variants.push(spkiDer.subarray(spkiDer.length - (2 * want.bytes.length - 1))); // uncompressed 0x04 point
    }
    for (const raw of variants) {
      const got = toHemPublicKeyBytes(raw as Uint8Array, { type: c.type });
      expect(got.type).toBe(c.type);
      expectDeviceEncoding(c, got.bytes);
    }
  });

  test('the result is a fresh Uint8Array, not a view of the input', () => {
    const input = Buffer.from(toHemPublicKeyBytes(generateKeyPairSync('x25519').publicKey).bytes);
    const got = toHemPublicKeyBytes(input, { type: 'CURVE25519' });
    expect(got.bytes.constructor).toBe(Uint8Array);
    const before = got.bytes.slice();
    input.fill(0);
    expect(got.bytes).toEqual(before);
  });

  test('an already compressed point in SPKI passes through', () => {
    const { bytes } = toHemPublicKeyBytes(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey);
    const got = toHemPublicKeyBytes(spki('1.2.840.10045.2.1', bytes, '1.2.840.10045.3.1.7'));
    expect(got).toEqual({ type: 'SECP256R1', bytes });
  });

  test('PEM as a Buffer, with CRLF and surrounding text', () => {
    const key = generateKeyPairSync('ed25519').publicKey;
    const text = `key for alice\r\n${(key.export({ type: 'spki', format: 'pem' }) as string).replace(/\n/g, '\r\n')}trailer`;
    const want = toHemPublicKey(key);
    expect(toHemPublicKey(text)).toEqual(want);
    expect(toHemPublicKey(Buffer.from(text.slice(text.indexOf('-----'))))).toEqual(want);
  });

  test('the test DER encoder matches node (so the PQC cases below are meaningful)', () => {
    const key = generateKeyPairSync('ed25519').publicKey;
    const raw = b64url(key.export({ format: 'jwk' }).x);
    expect(spki('1.3.101.112', raw)).toEqual(u8(key.export({ type: 'spki', format: 'der' })));
  });
});

// --- the 6 post-quantum types, keys from @noble/post-quantum ------------------

// Every ML-KEM/ML-DSA type of the table, with its SPKI OID and JOSE name from there.
const PQC: { type: KeyType; oid: string; alg: string; publicKey: Uint8Array }[] = KEY_TYPES.filter((type) => ['mlkem', 'mldsa'].includes(KEY_FORMATS[type].family)).map((type) => ({
  type,
  oid: KEY_FORMATS[type].oid,
  alg: KEY_FORMATS[type].curve,
  publicKey: makeKey(KEY_FORMATS[type]),
}));

describe('post-quantum keys', () => {
  const forms = {
    DER: (c: (typeof PQC)[number]) => spki(c.oid, c.publicKey),
    PEM: (c: (typeof PQC)[number]) => pem(spki(c.oid, c.publicKey)),
    'AKP JWK': (c: (typeof PQC)[number]) => ({ kty: 'AKP', alg: c.alg, pub: Buffer.from(c.publicKey).toString('base64url') }),
  };
  const cases = PQC.flatMap((c) => Object.entries(forms).map(([form, make]) => ({ ...c, form, make })));

  test.each(cases)('$type from $form', (c) => {
    const got = toHemPublicKey(c.make(c));
    expect(got.type).toBe(c.type);
    expect(u8(Buffer.from(got.pubkey, 'base64'))).toEqual(c.publicKey);
    expect(c.publicKey.length).toBe(KEY_FORMATS[c.type].bytes);
  });

  test.each(PQC)('$type as raw bytes with a hint', (c) => {
    expect(toHemPublicKeyBytes(c.publicKey, { type: c.type })).toEqual({ type: c.type, bytes: c.publicKey });
  });
});

// --- rejections ---------------------------------------------------------------

describe('rejections', () => {
  const supportedList = new RegExp(KEY_TYPES.join(', '));
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

  test.each([
    ['SPKI PEM', rsa.publicKey.export({ type: 'spki', format: 'pem' })],
    ['SPKI DER', rsa.publicKey.export({ type: 'spki', format: 'der' })],
    ['PKCS#1 PEM', rsa.publicKey.export({ type: 'pkcs1', format: 'pem' })],
    ['JWK', rsa.publicKey.export({ format: 'jwk' })],
    ['KeyObject', rsa.publicKey],
  ])('RSA %s', (_, input) => {
    expectRejected(() => toHemPublicKey(input as never), 'rsa_key', /RSA keys cannot be imported into the HEM/);
    expect(rejection(() => toHemPublicKey(input as never)).message).toMatch(supportedList);
  });

  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  test.each([
    ['PKCS#8 PEM', ec.privateKey.export({ type: 'pkcs8', format: 'pem' }), 'private_key', /'PRIVATE KEY'.*public key/],
    ['SEC1 PEM', ec.privateKey.export({ type: 'sec1', format: 'pem' }), 'private_key', /'EC PRIVATE KEY'/],
    ['KeyObject', ec.privateKey, 'private_key', /createPublicKey/],
    ['JWK', ec.privateKey.export({ format: 'jwk' }), 'private_key', /"d"/],
    ['PKCS#8 DER', ec.privateKey.export({ type: 'pkcs8', format: 'der' }), 'bad_der', /private key/],
  ] as const)('private key as %s', (_, input, code, message) => {
    expectRejected(() => toHemPublicKey(input as never), code, message);
  });

  test.each([
    ['CERTIFICATE', /'CERTIFICATE'.*x509/],
    ['SSH2 PUBLIC KEY', /'SSH2 PUBLIC KEY'.*BEGIN PUBLIC KEY/],
  ])('PEM labelled %s', (label, message) => {
    expectRejected(() => toHemPublicKey(pem(randomBytes(40), label)), 'bad_pem', message);
  });

  test.each([
    ['DSA (unknown OID)', spki('1.2.840.10040.4.1', randomBytes(64)), /1\.2\.840\.10040\.4\.1/],
    // A curve OpenSSL knows and the key table does not (checked below).
    ['P-224', generateKeyPairSync('ec', { namedCurve: 'secp224r1' }).publicKey, /1\.3\.132\.0\.33/],
    ['JWK P-192', { kty: 'EC', crv: 'P-192', x: 'AA', y: 'AA' }, /crv "P-192"/],
    ['JWK kty oct', { kty: 'oct', k: 'AAAA' }, /kty "oct"/],
    ['JWK EC with an OKP curve', { kty: 'EC', crv: 'Ed25519', x: 'AA', y: 'AA' }, /crv/],
  ])('unsupported: %s', (_, input, message) => {
    const e = expectRejected(() => toHemPublicKey(input as never), 'unsupported_key', message);
    expect(e.message).toMatch(supportedList);
  });

  test('P-224 is not in the key table (the unsupported curve above)', () => {
    expect(Object.values(KEY_FORMATS).map((f) => f.oid)).not.toContain('1.3.132.0.33');
  });

  test('a hint that disagrees with the key', () => {
    const key = generateKeyPairSync('ed25519').publicKey;
    expectRejected(() => toHemPublicKey(key, { type: 'CURVE25519' }), 'type_mismatch', /ED25519.*CURVE25519/);
  });

  test('a hint that is not a key type', () => {
    expectRejected(() => toHemPublicKey(randomBytes(33), { type: 'P-256' as KeyType }), 'bad_hint', /"P-256".*SECP256R1/);
  });

  test.each([
    ['ED25519', 31, /32 bytes.*received 31/],
    ['CURVE448', 57, /56 bytes/],
    ['SECP256R1', 64, /33 bytes.*65 bytes.*received 64/],
    ['MLKEM512', 801, /800 bytes/],
    ['MLDSA87', 2591, /2592 bytes/],
  ] as const)('raw %s of %d bytes', (type, length, message) => {
    expectRejected(() => toHemPublicKey(randomBytes(length).fill(1, 0, 1), { type }), 'wrong_length', message);
  });

  const edDer = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' });
  test.each([
    ['truncated', edDer.subarray(0, -1), /truncated/],
    ['with trailing bytes', Buffer.concat([edDer, Uint8Array.of(0)]), /1 bytes follow/],
    ['with unused bits in the BIT STRING', Buffer.from(edDer).fill(1, 11, 12), /unused bits/],
    ['without the BIT STRING', der(0x30, der(0x30, oid('1.3.101.112'))), /ends before the BIT STRING/],
    ['with a truncated OID', der(0x30, der(0x30, der(0x06, Uint8Array.of(0x2b, 0x85))), der(0x03, Uint8Array.of(0))), /malformed OID/],
  ])('DER SPKI %s', (_, input, message) => {
    expectRejected(() => toHemPublicKey(input), 'bad_der', message);
  });

  test('a SEC1 point with a bad prefix', () => {
    expectRejected(() => toHemPublicKey(Buffer.alloc(33, 5), { type: 'SECP256R1' }), 'bad_point', /0x05/);
  });

  test('JWK with a short coordinate or a missing member', () => {
    const jwk = ec.publicKey.export({ format: 'jwk' });
    expectRejected(() => toHemPublicKey({ ...jwk, x: jwk.x!.slice(4) }), 'wrong_length', /32 bytes each; received 29 and 32/);
    expectRejected(() => toHemPublicKey({ ...jwk, y: undefined }), 'bad_jwk', /"y"/);
  });

  test('a WebCrypto CryptoKey gets told how to export itself', async () => {
    const { publicKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    expectRejected(() => toHemPublicKey(publicKey as never), 'bad_input', /exportKey/);
    const spkiBytes = new Uint8Array(await crypto.subtle.exportKey('spki', publicKey));
    expect(toHemPublicKey(spkiBytes).type).toBe('SECP256R1');
  });

  const goodPem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string;
  test.each<[string, unknown]>([
    ...[0, 1, 2, 16, 32, 33, 65, 100, 1000].map((n): [string, unknown] => [`${n} random bytes`, randomBytes(n)]),
    ['DER with a huge length', Uint8Array.of(0x30, 0x83, 0xff, 0xff, 0xff, 0x30)],
    ['DER with an indefinite length', Uint8Array.of(0x30, 0x80, 0x00, 0x00)],
    ['empty string', ''],
    ['hello', 'hello'],
    ['non-ASCII text', 'ключ 🔑'],
    ['truncated PEM', goodPem.slice(0, 40)],
    ['PEM with a cut body', goodPem.replace(/\n[^-\n]+\n-----END/, '\nMCow\n-----END')],
    ['PEM with a non-base64 body', '-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----'],
    ['two public keys', goodPem + goodPem],
    ['number', 42],
    ['NaN', Number.NaN],
    ['null', null],
    ['undefined', undefined],
    ['boolean', true],
    ['bigint', 10n],
    ['symbol', Symbol('key')],
    ['function', () => 1],
    ['empty object', {}],
    ['array', [1, 2, 3]],
    ['JWK without kty value', { kty: undefined }],
    ['JWK with a non-string x', { kty: 'OKP', crv: 'Ed25519', x: 7 }],
    ['secret KeyObject', { type: 'secret', export: () => new Uint8Array(16) }],
    [
      'KeyObject whose export throws',
      {
        type: 'public',
        export: () => {
          throw new Error('nope');
        },
      },
    ],
    ['KeyObject exporting garbage', { type: 'public', export: () => 'not bytes' }],
  ])('garbage: %s', (_, input) => {
    rejection(() => toHemPublicKey(input as never));
    rejection(() => toHemPublicKey(input as never, { type: 'MLDSA44' })); // no garbage here is 1312 bytes long
  });

  test('fuzz: random and mutated inputs only ever throw HemKeyFormatError', () => {
    const seeds = [goodPem, ...KEYS.map((k) => k.key.export({ type: 'spki', format: 'der' })), spki(PQC[0]!.oid, PQC[0]!.publicKey)];
    for (let i = 0; i < 2000; i++) {
      const seed = seeds[i % seeds.length]!;
      let input: string | Uint8Array;
      if (typeof seed === 'string') {
        const at = i % seed.length;
        input = seed.slice(0, at) + String.fromCharCode(i % 128) + seed.slice(at + 1);
      } else {
        const bytes = new Uint8Array(seed.subarray(0, seed.length - (i % 3 === 0 ? i % 7 : 0)));
        const at = i % Math.max(bytes.length, 1);
        if (bytes.length > 0) bytes[at] = bytes[at]! ^ (1 << (i % 8));
        input = i % 5 === 0 ? randomBytes(i % 300) : bytes;
      }
      const hint = i % 2 ? { type: KEY_TYPES[i % KEY_TYPES.length]! } : undefined;
      try {
        const got = toHemPublicKeyBytes(input, hint);
        expect(got.bytes.length).toBe(KEY_FORMATS[got.type].bytes);
      } catch (e) {
        if (!(e instanceof HemKeyFormatError)) throw e;
      }
    }
  });

  test('HemKeyFormatError has a name and a code', () => {
    const e = rejection(() => toHemPublicKey(null as never));
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('HemKeyFormatError');
    expect(e.code).toBe('bad_input');
    expect(e.message).toMatch(/null.*PUBLIC KEY/);
  });
});

test('convert.ts stays browser-safe: no node: imports, no Buffer or process', () => {
  const source = readFileSync(new URL('../src/convert.ts', import.meta.url), 'utf8');
  expect(source).not.toMatch(/from ['"]node:|require\(|\bBuffer\.|\bprocess\./);
});

test('a private key in the input is not echoed into the error message', () => {
  const text = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const body = text.split('\n')[1]!;
  expect(rejection(() => toHemPublicKey(text)).message).not.toContain(body.slice(0, 16));
  expect(rejection(() => toHemPublicKey(body)).message).not.toContain(body.slice(0, 16));
});

// Keeps the helpers honest: createPublicKey round-trips what the tests above build.
test('createPublicKey accepts the SPKI built for a compressed point', () => {
  const { bytes } = toHemPublicKeyBytes(generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey);
  const key = createPublicKey({ key: Buffer.from(spki('1.2.840.10045.2.1', bytes, '1.3.132.0.34')), format: 'der', type: 'spki' });
  expect(toHemPublicKeyBytes(key).bytes).toEqual(bytes);
});

describe('an uncompressed point off its curve is refused before compression', () => {
  // Compression keeps x only: a corrupt y would become a valid key that is not the sender's.
  test.each(['prime256v1', 'secp384r1', 'secp521r1', 'secp256k1'] as const)('%s: a flipped y byte in SPKI or JWK', (namedCurve) => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve });
    const jwk = publicKey.export({ format: 'jwk' });
    const y = Buffer.from(jwk.y!, 'base64url');
    y[5]! ^= 0x40;
    expect(() => toHemPublicKey({ ...jwk, y: y.toString('base64url') })).toThrow(
      expect.objectContaining({ code: 'bad_point', message: expect.stringMatching(/not on the curve/) }),
    );
    const der = Buffer.from(publicKey.export({ type: 'spki', format: 'der' }));
    der[der.length - 3]! ^= 0x01;
    expect(() => toHemPublicKey(der)).toThrow(expect.objectContaining({ code: 'bad_point' }));
  });
});
