// Real public keys of every type the spec lists: node:crypto for the curves (named through
// the validator's curve registry), @noble/post-quantum for ML-KEM and ML-DSA.
import { generateKeyPairSync } from 'node:crypto';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { ml_kem1024, ml_kem512, ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { toHemPublicKey } from '@hem/client';
import { KEY_FAMILIES, KEY_FORMATS, KEY_TYPES, type ImportKeyRequest, type KeyType } from '@hem/types';
import { CURVES } from '@hem/validator/device';
import { encodeBase64 } from '@hem/validator/device';

const LATTICE: Record<string, { keygen(): { publicKey: Uint8Array } }> = {
  'ML-KEM-512': ml_kem512,
  'ML-KEM-768': ml_kem768,
  'ML-KEM-1024': ml_kem1024,
  'ML-DSA-44': ml_dsa44,
  'ML-DSA-65': ml_dsa65,
  'ML-DSA-87': ml_dsa87,
};

/**
 * Both keys encoded by the key generation itself (no KeyObject): Node 20 can deadlock when
 * a generated KeyObject is exported while the garbage collector frees its generation job.
 */
const DER = { publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } } as const;

/** A fresh public key of `type`, as an import body (with `mode` where the family needs it). */
export function realKey(type: KeyType, label = `${type.toLowerCase()}-peer`): ImportKeyRequest {
  const { family, curve } = KEY_FORMATS[type];
  const info = CURVES[curve]!;
  let pubkey: string;
  if (info.family === 'sec1') pubkey = toHemPublicKey(generateKeyPairSync('ec', { namedCurve: info.openssl, ...DER }).publicKey).pubkey;
  else if (info.family === 'edwards' || info.family === 'montgomery') pubkey = toHemPublicKey(generateKeyPairSync(info.openssl as 'ed25519', DER).publicKey).pubkey;
  else pubkey = encodeBase64(LATTICE[curve]!.keygen().publicKey);
  return { label, type, pubkey, ...(KEY_FAMILIES[family].modeRequired ? { mode: 'ECDH' as const } : {}) };
}

/** One fresh key of every type. */
export const everyType = (): ImportKeyRequest[] => KEY_TYPES.map((type) => realKey(type));

/** A fresh Ed25519 key: the cheapest real key to make in bulk. */
export const ed25519 = (label = 'peer'): ImportKeyRequest => realKey('ED25519', label);
