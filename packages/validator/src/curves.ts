// The curve registry: what the code knows about each curve or parameter set the spec's key
// table may name (its `curve` field). The deep checks, toHemPublicKey, the mock device and
// the example-key script all read it here. A new key type of a known family whose curve
// is listed needs no code at all; a curve not listed is reported, not guessed.
// Everything heavy is behind a function, so importing the registry costs nothing until a
// key is checked (a bundler drops @noble/curves from an app that never checks one).
import { invert, mod } from '@noble/curves/abstract/modular.js';
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';

/** A point decoder: throws when the bytes are not a point of the curve. */
interface PointClass {
  fromBytes(bytes: Uint8Array): { isSmallOrder?(): boolean };
}

/** A short-Weierstrass curve whose keys travel as SEC1 points. */
export interface Sec1Curve {
  family: 'sec1';
  /** The name OpenSSL (and node:crypto's namedCurve) gives it. */
  openssl: string;
  /** Length of a field element, in bytes: a compressed point is one more. */
  fieldBytes: number;
  point(): PointClass;
}

/** A twisted Edwards curve (RFC 8032 keys). */
export interface EdwardsCurve {
  family: 'edwards';
  /** node:crypto's key type for it (`ed25519`, `ed448`). */
  openssl: string;
  point(): PointClass;
}

/** A Montgomery curve (RFC 7748 u-coordinates). */
export interface MontgomeryCurve {
  family: 'montgomery';
  /** node:crypto's key type for it (`x25519`, `x448`). */
  openssl: string;
  /** The field prime. */
  p: bigint;
  /** RFC 7748: X25519 ignores the top bit of the last byte; X448 uses every bit. */
  topBitMask: boolean;
  /** u-coordinates of small order (every shared secret with them is all-zero), reduced mod p. */
  lowOrder(): ReadonlySet<bigint>;
}

/** A lattice parameter set (FIPS 203 ML-KEM, FIPS 204 ML-DSA): k is its module rank. */
export interface LatticeSet {
  family: 'mlkem' | 'mldsa';
  k: number;
}

export type CurveInfo = Sec1Curve | EdwardsCurve | MontgomeryCurve | LatticeSet;

const P25519 = 2n ** 255n - 19n;
const P448 = 2n ** 448n - 2n ** 224n - 1n;

// Small-order u-coordinates (RFC 7748 §6; the list at cr.yp.to/ecdh.html#validate).
// Curve25519 has cofactor 8: its small-order points are the images of Ed25519's 8-torsion
// under u = (1 + y) / (1 - y), i.e. 0, 1 and two order-8 u's; its twist adds p - 1.
// Curve448 (cofactor 4) and its twist contribute 0, 1 and p - 1. Computed on first use.
let lowOrder25519: Set<bigint> | undefined;
let lowOrder448: Set<bigint> | undefined;
const lowOrderX25519 = () =>
  (lowOrder25519 ??= new Set([
    P25519 - 1n,
    ...ED25519_TORSION_SUBGROUP.map((hex) => ed25519.Point.fromHex(hex).y)
      .filter((y) => y !== 1n) // the identity maps to the point at infinity, not to a u
      .map((y) => mod((1n + y) * invert(1n - y, P25519), P25519)),
  ]));
const lowOrderX448 = () => (lowOrder448 ??= new Set([0n, 1n, P448 - 1n]));

/**
 * Every curve and parameter set the code knows, by the name the spec's key table uses. Plain
 * literals (no calls at load time), so an app that never checks a key drops all of it.
 */
export const CURVES: Readonly<Record<string, CurveInfo>> = {
  'P-256': { family: 'sec1', openssl: 'prime256v1', fieldBytes: 32, point: () => p256.Point },
  'P-384': { family: 'sec1', openssl: 'secp384r1', fieldBytes: 48, point: () => p384.Point },
  'P-521': { family: 'sec1', openssl: 'secp521r1', fieldBytes: 66, point: () => p521.Point },
  secp256k1: { family: 'sec1', openssl: 'secp256k1', fieldBytes: 32, point: () => secp256k1.Point },
  brainpoolP256r1: { family: 'sec1', openssl: 'brainpoolP256r1', fieldBytes: 32, point: () => brainpoolP256r1.Point },
  brainpoolP384r1: { family: 'sec1', openssl: 'brainpoolP384r1', fieldBytes: 48, point: () => brainpoolP384r1.Point },
  brainpoolP512r1: { family: 'sec1', openssl: 'brainpoolP512r1', fieldBytes: 64, point: () => brainpoolP512r1.Point },
  X25519: { family: 'montgomery', openssl: 'x25519', p: P25519, topBitMask: true, lowOrder: lowOrderX25519 },
  X448: { family: 'montgomery', openssl: 'x448', p: P448, topBitMask: false, lowOrder: lowOrderX448 },
  Ed25519: { family: 'edwards', openssl: 'ed25519', point: () => ed25519.Point },
  Ed448: { family: 'edwards', openssl: 'ed448', point: () => ed448.Point },
  'ML-KEM-512': { family: 'mlkem', k: 2 },
  'ML-KEM-768': { family: 'mlkem', k: 3 },
  'ML-KEM-1024': { family: 'mlkem', k: 4 },
  'ML-DSA-44': { family: 'mldsa', k: 4 },
  'ML-DSA-65': { family: 'mldsa', k: 6 },
  'ML-DSA-87': { family: 'mldsa', k: 8 },
};

/** The registry entry of `curve` for a key of `family`; undefined when the code does not know it. */
export function curveOf<F extends CurveInfo['family']>(family: F, curve: string): Extract<CurveInfo, { family: F }> | undefined {
  const info = Object.hasOwn(CURVES, curve) ? CURVES[curve] : undefined;
  return info?.family === family ? (info as Extract<CurveInfo, { family: F }>) : undefined;
}
