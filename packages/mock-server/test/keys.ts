// Real public keys of every type the spec lists: node:crypto for the curves (named through
// the validator's curve registry), @hem/testkit's ML-KEM and ML-DSA. Not testkit's makeKey
// for the curves: it exports generated KeyObjects, which can deadlock Node 20 (see DER).
import { generateKeyPairSync } from 'node:crypto';
import { toHemPublicKey } from '@hem/client';
import { lattice } from '@hem/testkit';
import { KEY_FAMILIES, KEY_FORMATS, KEY_TYPES, type ImportKeyRequest, type KeyType } from '@hem/types';
import { CURVES } from '@hem/validator/curves';
import { encodeBase64 } from '@hem/validator/device';

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
  else pubkey = encodeBase64(lattice(curve)!.keygen().publicKey);
  return { label, type, pubkey, ...(KEY_FAMILIES[family].modeRequired ? { mode: 'ECDH' as const } : {}) };
}

/** One fresh key of every type. */
export const everyType = (): ImportKeyRequest[] => KEY_TYPES.map((type) => realKey(type));

/** A fresh Ed25519 key: the cheapest real key to make in bulk. */
export const ed25519 = (label = 'peer'): ImportKeyRequest => realKey('ED25519', label);
