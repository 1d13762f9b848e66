// Real public keys for tests, examples and benchmarks, made from the spec's key table: what a
// key type is (family, curve) comes from its x-hem-key-formats entry. Independent
// implementations make them: OpenSSL through node:crypto for the curves, @noble/post-quantum
// for ML-KEM and ML-DSA (Node 20's OpenSSL has no FIPS 203/204). Nothing here comes from
// @hem/validator (whose tests use these keys): node:crypto itself names each curve.
import { ECDH, createECDH, generateKeyPairSync, randomBytes } from 'node:crypto';
import { KEY_FAMILIES, KEY_FORMATS, KEY_TYPES } from '@hem/types';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { ml_kem512, ml_kem768, ml_kem1024 } from '@noble/post-quantum/ml-kem.js';

const LATTICE = { 'ML-KEM-512': ml_kem512, 'ML-KEM-768': ml_kem768, 'ML-KEM-1024': ml_kem1024, 'ML-DSA-44': ml_dsa44, 'ML-DSA-65': ml_dsa65, 'ML-DSA-87': ml_dsa87 };

/** @type {Map<string, string>} */
const names = new Map();

/**
 * OpenSSL's name of a curve of the spec's key table: for SEC1 curves the name OpenSSL reports
 * for a key made on it (`P-256` → `prime256v1`), for the others node:crypto's key type
 * (`Ed25519` → `ed25519`).
 */
function need(family, curve) {
  const key = `${family}:${curve}`;
  let name = names.get(key);
  if (name === undefined) {
    try {
      name = family === 'sec1' ? generateKeyPairSync('ec', { namedCurve: curve }).publicKey.asymmetricKeyDetails.namedCurve : curve.toLowerCase();
      if (family !== 'sec1') generateKeyPairSync(name);
    } catch {
      throw new Error(`node:crypto makes no ${family} key on curve ${curve}: add a key maker for it in tools/testkit/index.js.`);
    }
    names.set(key, name);
  }
  return { openssl: name };
}

/**
 * Both halves encoded by the key generation itself, never a generated KeyObject exported
 * later: Node 20 can deadlock exporting one while the garbage collector frees its job.
 */
const DER = { publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } };

/** The SPKI of a fresh public key, as DER bytes. */
function spkiOf(family, openssl) {
  return family === 'sec1' ? generateKeyPairSync('ec', { namedCurve: openssl, ...DER }).publicKey : generateKeyPairSync(openssl, DER).publicKey;
}

/** An EC key's uncompressed SEC1 point (0x04 || X || Y), made by OpenSSL. */
export function uncompressedPoint(curve) {
  const ecdh = createECDH(need('sec1', curve).openssl);
  return new Uint8Array(ecdh.generateKeys());
}

/** A SEC1 point compressed by OpenSSL. */
export function compress(curve, point) {
  return new Uint8Array(ECDH.convertKey(point, need('sec1', curve).openssl, undefined, undefined, 'compressed'));
}

/** Whether OpenSSL accepts these bytes as a point of the curve. */
export function opensslAcceptsPoint(curve, point) {
  try {
    ECDH.convertKey(point, need('sec1', curve).openssl, undefined, undefined, 'uncompressed');
    return true;
  } catch {
    return false;
  }
}

/** A node:crypto KeyObject pair of a curve key type (not ML-KEM/ML-DSA). */
export function keyPair({ family, curve }) {
  const { openssl } = need(family, curve);
  return family === 'sec1' ? generateKeyPairSync('ec', { namedCurve: openssl }) : generateKeyPairSync(openssl);
}

/** A fresh public key of a key format ({ family, curve }), in the device encoding. */
export function makeKey({ family, curve }) {
  switch (family) {
    case 'sec1':
      return compress(curve, uncompressedPoint(curve));
    case 'montgomery':
    case 'edwards': {
      // An RFC 8410 SPKI is a 12-byte header (SEQUENCE, the algorithm OID, the BIT STRING's
      // header) and then the raw key.
      const der = spkiOf(family, need(family, curve).openssl);
      return new Uint8Array(der.subarray(12));
    }
    case 'mlkem':
    case 'mldsa': {
      const alg = LATTICE[curve];
      if (!alg) throw new Error(`no key maker for ${curve}: add it to LATTICE in tools/testkit/index.js.`);
      return alg.keygen(randomBytes(family === 'mlkem' ? 64 : 32)).publicKey;
    }
    default:
      throw new Error(`family ${family} has no key maker here.`);
  }
}

/** The lattice implementation of a parameter set, for tests that need more than a key. */
export const lattice = (curve) => LATTICE[curve];

/** Standard base64 (as the device writes it). */
export const b64 = (bytes) => Buffer.from(bytes).toString('base64');

/**
 * Values that throw, or trap, when code touches them: for tests that put them anywhere in a
 * request and expect a clear refusal, never a throw or a stray rejection. Each entry is
 * [name, make], so every use gets a fresh value.
 * @type {readonly [string, () => unknown][]}
 */
export const HOSTILE_VALUES = [
  [
    'an object with a throwing getter',
    () =>
      Object.defineProperty({}, 'x', {
        get: () => {
          throw new Error('getter');
        },
        enumerable: true,
      }),
  ],
  [
    'a Proxy whose every trap throws',
    () =>
      new Proxy(
        {},
        new Proxy(
          {},
          {
            get: () => () => {
              throw new Error('trap');
            },
          },
        ),
      ),
  ],
  [
    'a revoked Proxy',
    () => {
      const p = Proxy.revocable({}, {});
      p.revoke();
      return p.proxy;
    },
  ],
  [
    'an object whose toString and valueOf throw',
    () => ({
      toString() {
        throw new Error('toString');
      },
      valueOf() {
        throw new Error('valueOf');
      },
    }),
  ],
  [
    'an object whose Symbol.toPrimitive throws',
    () => ({
      [Symbol.toPrimitive]() {
        throw new Error('primitive');
      },
    }),
  ],
  [
    'an object whose toJSON throws',
    () => ({
      toJSON() {
        throw new Error('toJSON');
      },
    }),
  ],
  [
    'an array with a throwing index getter',
    () =>
      Object.defineProperty([1, 2], 0, {
        get: () => {
          throw new Error('index');
        },
      }),
  ],
  ['a null-prototype object', () => Object.create(null)],
  [
    'an object that contains itself',
    () => {
      /** @type {Record<string, unknown>} */
      const o = {};
      o.self = o;
      return o;
    },
  ],
];

/** A fresh public key of `type` (a KeyType of the spec) as an import body, with `mode` where its family needs it. */
export function realKey(type, label = `${type.toLowerCase()}-peer`) {
  const format = KEY_FORMATS[type];
  if (!format) throw new Error(`${type} is not in the spec's key table (KEY_FORMATS).`);
  return { label, type, pubkey: b64(makeKey(format)), ...(KEY_FAMILIES[format.family].modeRequired ? { mode: 'ECDH' } : {}) };
}

/** One fresh key of every type. */
export const everyType = () => KEY_TYPES.map((type) => realKey(type));

/** A fresh Ed25519 key: the cheapest real key to make in bulk. */
export const ed25519 = (label = 'peer') => realKey('ED25519', label);
