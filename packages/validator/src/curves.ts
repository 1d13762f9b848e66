// The curve registry: what the code knows about each curve or parameter set the spec's key
// table may name (its `curve` field). The deep checks, toHemPublicKey, the mock device and
// the key-making tools all read it here. A new key type of a known family whose curve is
// listed needs no code at all; a curve not listed is reported, not guessed.
// Plain data and a little field arithmetic, no library: importing the registry (as key
// conversion does) costs a few hundred bytes, and the Edwards/Montgomery math of the deep
// checks (@noble/curves) stays in their own lazily loaded module (keys.ts).

/** A short-Weierstrass curve y² = x³ + ax + b over GF(p) whose keys travel as SEC1 points. */
export interface Sec1Curve {
  family: 'sec1';
  /** The name OpenSSL (and node:crypto's namedCurve) gives it. */
  openssl: string;
  /** Length of a field element, in bytes: a compressed point is one more. */
  fieldBytes: number;
  p: bigint;
  a: bigint;
  b: bigint;
}

/** A twisted Edwards curve (RFC 8032 keys); its point arithmetic is @noble/curves' (keys.ts). */
export interface EdwardsCurve {
  family: 'edwards';
  /** node:crypto's key type for it (`ed25519`, `ed448`). */
  openssl: string;
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
}

/** A lattice parameter set (FIPS 203 ML-KEM, FIPS 204 ML-DSA): k is its module rank. */
export interface LatticeSet {
  family: 'mlkem' | 'mldsa';
  k: number;
}

export type CurveInfo = Sec1Curve | EdwardsCurve | MontgomeryCurve | LatticeSet;

// Curve parameters as the standards give them (SEC 2, RFC 5639); a test checks each against
// @noble/curves' own.
const P256 = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;
const P384 = 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n;
const P521 = 2n ** 521n - 1n;

/** Every curve and parameter set the code knows, by the name the spec's key table uses. */
export const CURVES: Readonly<Record<string, CurveInfo>> = {
  'P-256': { family: 'sec1', openssl: 'prime256v1', fieldBytes: 32, p: P256, a: P256 - 3n, b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn },
  'P-384': {
    family: 'sec1',
    openssl: 'secp384r1',
    fieldBytes: 48,
    p: P384,
    a: P384 - 3n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  },
  'P-521': {
    family: 'sec1',
    openssl: 'secp521r1',
    fieldBytes: 66,
    p: P521,
    a: P521 - 3n,
    b: 0x51953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  },
  secp256k1: { family: 'sec1', openssl: 'secp256k1', fieldBytes: 32, p: 2n ** 256n - 2n ** 32n - 977n, a: 0n, b: 7n },
  brainpoolP256r1: {
    family: 'sec1',
    openssl: 'brainpoolP256r1',
    fieldBytes: 32,
    p: 0xa9fb57dba1eea9bc3e660a909d838d726e3bf623d52620282013481d1f6e5377n,
    a: 0x7d5a0975fc2c3057eef67530417affe7fb8055c126dc5c6ce94a4b44f330b5d9n,
    b: 0x26dc5c6ce94a4b44f330b5d9bbd77cbf958416295cf7e1ce6bccdc18ff8c07b6n,
  },
  brainpoolP384r1: {
    family: 'sec1',
    openssl: 'brainpoolP384r1',
    fieldBytes: 48,
    p: 0x8cb91e82a3386d280f5d6f7e50e641df152f7109ed5456b412b1da197fb71123acd3a729901d1a71874700133107ec53n,
    a: 0x7bc382c63d8c150c3c72080ace05afa0c2bea28e4fb22787139165efba91f90f8aa5814a503ad4eb04a8c7dd22ce2826n,
    b: 0x4a8c7dd22ce28268b39b55416f0447c2fb77de107dcd2a62e880ea53eeb62d57cb4390295dbc9943ab78696fa504c11n,
  },
  brainpoolP512r1: {
    family: 'sec1',
    openssl: 'brainpoolP512r1',
    fieldBytes: 64,
    p: 0xaadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca703308717d4d9b009bc66842aecda12ae6a380e62881ff2f2d82c68528aa6056583a48f3n,
    a: 0x7830a3318b603b89e2327145ac234cc594cbdd8d3df91610a83441caea9863bc2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a72bf2c7b9e7c1ac4d77fc94can,
    b: 0x3df91610a83441caea9863bc2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a72bf2c7b9e7c1ac4d77fc94cadc083e67984050b75ebae5dd2809bd638016f723n,
  },
  X25519: { family: 'montgomery', openssl: 'x25519', p: 2n ** 255n - 19n, topBitMask: true },
  X448: { family: 'montgomery', openssl: 'x448', p: 2n ** 448n - 2n ** 224n - 1n, topBitMask: false },
  Ed25519: { family: 'edwards', openssl: 'ed25519' },
  Ed448: { family: 'edwards', openssl: 'ed448' },
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

/** Big-endian bytes as a number. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

const mod = (n: bigint, p: bigint) => ((n % p) + p) % p;

function powMod(base: bigint, exp: bigint, p: bigint): bigint {
  let result = 1n;
  let b = mod(base, p);
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % p;
    b = (b * b) % p;
  }
  return result;
}

/** x³ + ax + b mod p: what y² must equal. */
const rhs = (c: Sec1Curve, x: bigint) => mod(x * x * x + c.a * x + c.b, c.p);

/** Whether some y makes (x, y) a point of the curve: x < p and x³ + ax + b is a square mod p (Euler's criterion). */
export function sec1HasX(c: Sec1Curve, x: bigint): boolean {
  if (x >= c.p) return false;
  const v = rhs(c, x);
  return v === 0n || powMod(v, (c.p - 1n) / 2n, c.p) === 1n;
}

/** Whether (x, y) is a point of the curve: both below p and y² = x³ + ax + b. */
export function sec1OnCurve(c: Sec1Curve, x: bigint, y: bigint): boolean {
  return x < c.p && y < c.p && (y * y) % c.p === rhs(c, x);
}
