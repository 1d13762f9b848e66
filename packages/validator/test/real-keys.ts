// Real public keys of every type, made at test time by independent implementations:
// OpenSSL through node:crypto for the curves, @noble/post-quantum for ML-KEM and ML-DSA.
import { ECDH, generateKeyPairSync } from 'node:crypto';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { ml_kem1024, ml_kem512, ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { KEY_FORMATS, type KeyType } from '@hem/types';

export const OPENSSL_CURVE = { SECP256R1: 'prime256v1', SECP384R1: 'secp384r1', SECP521R1: 'secp521r1', SECP256K1: 'secp256k1' } as const;
export type Sec1Type = keyof typeof OPENSSL_CURVE;
export const SEC1_TYPES = Object.keys(OPENSSL_CURVE) as Sec1Type[];

/** A node:crypto EC key's uncompressed point (0x04 || X || Y), from the end of its SPKI. */
export function uncompressedPoint(type: Sec1Type): Uint8Array {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: OPENSSL_CURVE[type] });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return new Uint8Array(der.subarray(der.length - (2 * (KEY_FORMATS[type].bytes - 1) + 1)));
}

export const compress = (type: Sec1Type, point: Uint8Array) =>
  new Uint8Array(ECDH.convertKey(point, OPENSSL_CURVE[type], undefined, undefined, 'compressed') as Buffer);

/** Whether OpenSSL accepts these bytes as a point of the curve. */
export const opensslAcceptsPoint = (type: Sec1Type, point: Uint8Array) => {
  try {
    ECDH.convertKey(point, OPENSSL_CURVE[type], undefined, undefined, 'uncompressed');
    return true;
  } catch {
    return false;
  }
};

const OKP = { CURVE25519: 'x25519', CURVE448: 'x448', ED25519: 'ed25519', ED448: 'ed448' } as const;
function okpKey(type: keyof typeof OKP): Uint8Array {
  // The overloads want a literal; the four calls have the same shape.
  const { publicKey } = generateKeyPairSync(OKP[type] as 'x25519');
  return new Uint8Array(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'));
}

export const REAL_KEY: Record<KeyType, () => Uint8Array> = {
  SECP256R1: () => compress('SECP256R1', uncompressedPoint('SECP256R1')),
  SECP384R1: () => compress('SECP384R1', uncompressedPoint('SECP384R1')),
  SECP521R1: () => compress('SECP521R1', uncompressedPoint('SECP521R1')),
  SECP256K1: () => compress('SECP256K1', uncompressedPoint('SECP256K1')),
  CURVE25519: () => okpKey('CURVE25519'),
  CURVE448: () => okpKey('CURVE448'),
  ED25519: () => okpKey('ED25519'),
  ED448: () => okpKey('ED448'),
  MLKEM512: () => ml_kem512.keygen().publicKey,
  MLKEM768: () => ml_kem768.keygen().publicKey,
  MLKEM1024: () => ml_kem1024.keygen().publicKey,
  MLDSA44: () => ml_dsa44.keygen().publicKey,
  MLDSA65: () => ml_dsa65.keygen().publicKey,
  MLDSA87: () => ml_dsa87.keygen().publicKey,
};

export const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
