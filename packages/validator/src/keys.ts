// Deep public-key checks: is `pubkey` a usable key of its `type`, in the encoding the HEM
// stores? The device checks little beyond length, so a bad point imported there fails later
// and far from its cause. Lengths and families come from KEY_FORMATS (generated from the spec).
import { invert, mod } from '@noble/curves/abstract/modular.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { KEY_FORMATS, type KeyType } from '@hem/types';
import { keyIssue as issue, keyShapeIssue, type KeyIssue } from './shape.js';

export type { KeyIssue, KeyIssueCode } from './shape.js';

type Format = (typeof KEY_FORMATS)[KeyType];

// Built on first use, not at import: with no top-level calls into the curve library, a
// bundler can drop this module (and @noble/curves) from an app that imports only the
// schemas. Measured: 51 kB -> 27 kB min+gz for such an app.
// Small-order u-coordinates: every X25519/X448 shared secret with them is all-zero, whatever the
// private key (RFC 7748 §6; the list at cr.yp.to/ecdh.html#validate). Curve25519 has cofactor 8:
// its small-order points are the images of Ed25519's 8-torsion under u = (1 + y) / (1 - y),
// i.e. 0, 1 and two order-8 u's; its twist adds p - 1. Curve448 (cofactor 4) and its twist
// contribute 0, 1 and p - 1. Inputs are reduced mod p before lookup (as RFC 7748 decoding does),
// which also catches the non-canonical encodings p and p + 1.
let tables: ReturnType<typeof buildTables> | undefined;
const curves = () => (tables ??= buildTables());
function buildTables() {
  return {
    sec1: { 'P-256': p256.Point, 'P-384': p384.Point, 'P-521': p521.Point, secp256k1: secp256k1.Point },
    edwards: { Ed25519: ed25519.Point, Ed448: ed448.Point },
    lowOrderU: {
      X25519: new Set([
        P25519 - 1n,
        ...ED25519_TORSION_SUBGROUP.map((hex) => ed25519.Point.fromHex(hex).y)
          .filter((y) => y !== 1n) // the identity maps to the point at infinity, not to a u
          .map((y) => mod((1n + y) * invert(1n - y, P25519), P25519)),
      ]),
      X448: new Set([0n, 1n, P448 - 1n]),
    },
  };
}

const P25519 = 2n ** 255n - 19n;
const P448 = 2n ** 448n - 2n ** 224n - 1n;
const MONTGOMERY = {
  X25519: { p: P25519, topBitMask: true }, // RFC 7748: X25519 ignores bit 255; X448 uses all 448 bits
  X448: { p: P448, topBitMask: false },
};

const MLKEM_Q = 3329;

/** Only the length/prefix rules (cheap; no curve math). */
export function checkKeyShape(type: KeyType, bytes: Uint8Array): KeyIssue | undefined {
  return keyShapeIssue(type, bytes, formatOf(type));
}

/** Returns undefined when `bytes` is a real public key of `type` in the device's encoding. */
export function checkPublicKey(type: KeyType, bytes: Uint8Array): KeyIssue | undefined {
  const shape = checkKeyShape(type, bytes);
  if (shape) return shape;
  const fmt = formatOf(type);
  switch (fmt.family) {
    case 'sec1':
      try {
        curves().sec1[fmt.curve].fromBytes(bytes);
        return undefined;
      } catch {
        return issue('key_not_on_curve',
          `${type} public key is not a point on ${fmt.curve}: no y satisfies the curve equation for this X ` +
          `(or X is not below the field prime). The key is corrupt or belongs to another curve; ` +
          `re-export it from its source.`);
      }
    case 'edwards': {
      let point;
      try {
        point = curves().edwards[fmt.curve].fromBytes(bytes); // strict RFC 8032 decoding (y < p)
      } catch {
        return issue('key_bad_point',
          `${type} public key does not decode to a point on ${fmt.curve} (RFC 8032 §5.1.3/§5.2.3). ` +
          `The key is corrupt or not an ${fmt.curve} key; re-export it from its source.`);
      }
      // Small-order keys (the identity and the torsion points) are no one's key: no secret scalar
      // yields them, and they let forged signatures verify. Full torsion-freeness is not checked:
      // it costs a scalar multiplication and RFC 8032 verifiers accept mixed-order keys.
      if (point.isSmallOrder()) {
        return issue('key_low_order',
          `${type} public key is a small-order point of ${fmt.curve} (the identity or a torsion point); ` +
          `it would let anyone forge signatures that verify. Use the key's real public half.`);
      }
      return undefined;
    }
    case 'montgomery': {
      const { p, topBitMask } = MONTGOMERY[fmt.curve];
      let u = bytesToNumberLE(bytes);
      if (topBitMask) u &= (1n << 255n) - 1n;
      if (curves().lowOrderU[fmt.curve].has(mod(u, p))) {
        return issue('key_low_order',
          `${type} public key is a small-order u-coordinate of ${fmt.curve} (u mod p is one of 0, 1, p-1` +
          `${fmt.curve === 'X25519' ? ' or an order-8 point' : ''}); every ECDH shared secret with it is ` +
          `all-zero. Use the peer's real public key.`);
      }
      return undefined;
    }
    case 'mlkem': {
      // FIPS 203 §7.2 modulus check: ByteEncode12(ByteDecode12(t)) must equal t, i.e. every
      // 12-bit coefficient is < q. rho (the last 32 bytes) is free.
      const end = bytes.length - 32;
      for (let i = 0; i < end; i += 3) {
        const b1 = bytes[i + 1]!;
        const c0 = bytes[i]! | ((b1 & 0x0f) << 8);
        const c1 = (b1 >> 4) | (bytes[i + 2]! << 4);
        const bad = c0 >= MLKEM_Q ? 0 : c1 >= MLKEM_Q ? 1 : -1;
        if (bad >= 0) {
          const index = (2 * i) / 3 + bad;
          const k = end / 384;
          return issue('key_not_reduced',
            `${type} public key fails the FIPS 203 modulus check: coefficient ${index} of ${k * 256} ` +
            `(polynomial ${Math.floor(index / 256)} of ${k}, position ${index % 256}) is ${bad ? c1 : c0}, ` +
            `not below q = ${MLKEM_Q}. A real encapsulation key never holds such a value, so this one is ` +
            `corrupt or not an ML-KEM key; encapsulation with it would be refused. Re-export it from its source.`);
        }
      }
      return undefined;
    }
    case 'mldsa':
      // FIPS 204 pk = rho || t1 packed in 10 bits; every 10-bit value is a valid t1 coefficient,
      // so any string of the right length decodes: the length is the whole rule.
      return undefined;
  }
}

function formatOf(type: KeyType): Format {
  // Own-property lookup: a JS caller's 'constructor' must not reach Object.prototype.
  if (!Object.hasOwn(KEY_FORMATS, type)) throw new TypeError(`Unknown key type ${JSON.stringify(type)}; expected one of ${Object.keys(KEY_FORMATS).join(', ')}.`);
  return KEY_FORMATS[type];
}
