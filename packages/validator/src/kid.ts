// The device's key id: the first 16 bytes of SHA-1 over the decoded public key, in hex.
// SHA-1 here is an identifier, not a security function; it is what the firmware uses.
// The one kid function, in two forms: synchronous (@noble/hashes) and WebCrypto's.
import { sha1 } from '@noble/hashes/legacy.js';
import { decodeBase64, explainBase64 } from './base64.js';

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function bytesOf(pubkey: string | Uint8Array, where: string): Uint8Array {
  if (pubkey instanceof Uint8Array) return pubkey;
  const bytes = typeof pubkey === 'string' ? decodeBase64(pubkey) : undefined;
  if (!bytes) throw new TypeError(`${where}: pubkey ${typeof pubkey === 'string' ? explainBase64(pubkey) : `must be base64 text or bytes, got ${typeof pubkey}`}.`);
  return bytes;
}

/** The kid the device will answer for `pubkey` (base64 as in the request, or raw bytes). */
export function computeKid(pubkey: string | Uint8Array): string {
  return hex(sha1(bytesOf(pubkey, 'computeKid')).subarray(0, 16));
}

/** computeKid through WebCrypto (no hash library in the bundle; asynchronous). */
export async function computeKidAsync(pubkey: string | Uint8Array): Promise<string> {
  const bytes = bytesOf(pubkey, 'computeKidAsync');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', bytes as Uint8Array<ArrayBuffer>));
  return hex(digest.subarray(0, 16));
}
