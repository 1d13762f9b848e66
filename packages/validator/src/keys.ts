// Deep public-key checks: is `pubkey` a usable key of its `type`, in the encoding the HEM
// stores? The device checks little beyond length, so a bad point imported there fails later
// and far from its cause. Lengths and families come from KEY_FORMATS (generated from the
// spec); what each curve is comes from the curve registry (curves.ts).
import { invert, mod } from '@noble/curves/abstract/modular.js';
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { KEY_FORMATS, type KeyType } from '@hem/types';
import { bytesToBigInt, curveOf, sec1HasX, type MontgomeryCurve } from './curves.js';
import { keyIssue as issue, keyShapeIssue, type KeyIssue } from './shape.js';

export type { KeyIssue, KeyIssueCode } from './shape.js';

type Format = (typeof KEY_FORMATS)[KeyType];

const MLKEM_Q = 3329;

/** RFC 8032 point decoders (@noble/curves), by the registry's node:crypto name of the curve. */
const EDWARDS_POINTS: Record<string, () => { fromBytes(bytes: Uint8Array): { isSmallOrder(): boolean } }> = {
  ed25519: () => ed25519.Point,
  ed448: () => ed448.Point,
};

// Small-order u-coordinates (RFC 7748 §6; the list at cr.yp.to/ecdh.html#validate): every
// shared secret with them is all-zero. Curve25519 has cofactor 8: its small-order points are
// the images of Ed25519's 8-torsion under u = (1 + y) / (1 - y), i.e. 0, 1 and two order-8
// u's; its twist adds p - 1. Curve448 (cofactor 4) and its twist contribute 0, 1 and p - 1.
// Computed on first use.
const lowOrder = new Map<string, Set<bigint>>();
function lowOrderU(c: MontgomeryCurve): Set<bigint> {
  let set = lowOrder.get(c.openssl);
  if (!set) {
    set = new Set([0n, 1n, c.p - 1n]);
    if (c.openssl === 'x25519') {
      for (const hex of ED25519_TORSION_SUBGROUP) {
        const y = ed25519.Point.fromHex(hex).y;
        if (y !== 1n) set.add(mod((1n + y) * invert(1n - y, c.p), c.p)); // the identity has no u
      }
    }
    lowOrder.set(c.openssl, set);
  }
  return set;
}

/** Only the length/prefix rules (cheap; no curve math). */
export function checkKeyShape(type: KeyType, bytes: Uint8Array): KeyIssue | undefined {
  return keyShapeIssue(type, bytes, formatOf(type));
}

/** Returns undefined when `bytes` is a real public key of `type` in the device's encoding. */
export function checkPublicKey(type: KeyType, bytes: Uint8Array): KeyIssue | undefined {
  const shape = checkKeyShape(type, bytes);
  if (shape) return shape;
  const fmt: { family: Format['family']; curve: string } = formatOf(type);
  const unknownCurve = () =>
    issue(
      'key_unsupported_curve',
      `${type} names curve ${fmt.curve}, which the curve registry (packages/validator/src/curves.ts) does not know for the ${fmt.family} family: the key cannot be checked. Add the curve there.`,
    );
  switch (fmt.family) {
    case 'sec1': {
      const curve = curveOf('sec1', fmt.curve);
      if (!curve) return unknownCurve();
      if (sec1HasX(curve, bytesToBigInt(bytes.subarray(1)))) return undefined;
      return issue(
        'key_not_on_curve',
        `${type} public key is not a point on ${fmt.curve}: no y satisfies the curve equation for this X ` +
          `(or X is not below the field prime). The key is corrupt or belongs to another curve; ` +
          `re-export it from its source.`,
      );
    }
    case 'edwards': {
      const curve = curveOf('edwards', fmt.curve);
      const decoder = curve && EDWARDS_POINTS[curve.openssl];
      if (!decoder) return unknownCurve();
      let point;
      try {
        point = decoder().fromBytes(bytes); // strict RFC 8032 decoding (y < p)
      } catch {
        return issue(
          'key_bad_point',
          `${type} public key does not decode to a point on ${fmt.curve} (RFC 8032 §5.1.3/§5.2.3). ` +
            `The key is corrupt or not an ${fmt.curve} key; re-export it from its source.`,
        );
      }
      // Small-order keys (the identity and the torsion points) are no one's key: no secret scalar
      // yields them, and they let forged signatures verify. Full torsion-freeness is not checked:
      // it costs a scalar multiplication and RFC 8032 verifiers accept mixed-order keys.
      if (point.isSmallOrder()) {
        return issue(
          'key_low_order',
          `${type} public key is a small-order point of ${fmt.curve} (the identity or a torsion point); ` +
            `it would let anyone forge signatures that verify. Use the key's real public half.`,
        );
      }
      return undefined;
    }
    case 'montgomery': {
      const curve = curveOf('montgomery', fmt.curve);
      if (!curve) return unknownCurve();
      let u = bytesToNumberLE(bytes);
      if (curve.topBitMask) u &= (1n << BigInt(bytes.length * 8 - 1)) - 1n;
      // Reduced mod p before the lookup, as RFC 7748 decoding does: this also catches the
      // non-canonical encodings p and p + 1.
      if (lowOrderU(curve).has(mod(u, curve.p))) {
        return issue(
          'key_low_order',
          `${type} public key is a small-order u-coordinate of ${fmt.curve} (u mod p is one of 0, 1, p-1` +
            `${lowOrderU(curve).size > 3 ? ' or an order-8 point' : ''}); every ECDH shared secret with it is ` +
            `all-zero. Use the peer's real public key.`,
        );
      }
      return undefined;
    }
    case 'mlkem': {
      if (!curveOf('mlkem', fmt.curve)) return unknownCurve();
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
          return issue(
            'key_not_reduced',
            `${type} public key fails the FIPS 203 modulus check: coefficient ${index} of ${k * 256} ` +
              `(polynomial ${Math.floor(index / 256)} of ${k}, position ${index % 256}) is ${bad ? c1 : c0}, ` +
              `not below q = ${MLKEM_Q}. A real encapsulation key never holds such a value, so this one is ` +
              `corrupt or not an ML-KEM key; encapsulation with it would be refused. Re-export it from its source.`,
          );
        }
      }
      return undefined;
    }
    case 'mldsa':
      if (!curveOf('mldsa', fmt.curve)) return unknownCurve();
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
