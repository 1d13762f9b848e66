// The device's key id: the first 16 bytes of SHA-1 over the decoded public key, in hex.
// SHA-1 here is an identifier, not a security function; it is what the firmware uses.
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { decodeBase64, explainBase64 } from './runtime.js';

/** The kid the device will answer for `pubkey` (base64 as in the request, or raw bytes). */
export function computeKid(pubkey: string | Uint8Array): string {
  const bytes = typeof pubkey === 'string' ? decodeBase64(pubkey) : pubkey;
  if (!bytes) throw new TypeError(`computeKid: pubkey ${explainBase64(pubkey as string)}.`);
  return bytesToHex(sha1(bytes).subarray(0, 16));
}
