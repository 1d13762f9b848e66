// Real public keys of every type the spec lists, made by @hem/testkit (OpenSSL through
// node:crypto for the curves, @noble/post-quantum for ML-KEM and ML-DSA).
import { makeKey } from '@hem/testkit';
import { KEY_FAMILIES, KEY_FORMATS, KEY_TYPES, type ImportKeyRequest, type KeyType } from '@hem/types';
import { encodeBase64 } from '@hem/validator/device';

/** A fresh public key of `type`, as an import body (with `mode` where the family needs it). */
export function realKey(type: KeyType, label = `${type.toLowerCase()}-peer`): ImportKeyRequest {
  const format = KEY_FORMATS[type];
  return { label, type, pubkey: encodeBase64(makeKey(format)), ...(KEY_FAMILIES[format.family].modeRequired ? { mode: 'ECDH' as const } : {}) };
}

/** One fresh key of every type. */
export const everyType = (): ImportKeyRequest[] => KEY_TYPES.map((type) => realKey(type));

/** A fresh Ed25519 key: the cheapest real key to make in bulk. */
export const ed25519 = (label = 'peer'): ImportKeyRequest => realKey('ED25519', label);
