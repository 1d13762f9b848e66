// Base64 as the device reads and writes it: the one module for it. The device reads the
// standard or URL-safe alphabet with optional `=` padding, and always writes standard,
// padded base64 without line breaks. A hostile string of any length costs one linear pass:
// the only pattern is one character class, repeated, then the padding (no nested or
// alternating repeats, so no backtracking), and the rest is arithmetic on the length.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const SEXTETS = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) SEXTETS[ALPHABET.charCodeAt(i)] = i;
SEXTETS[45] = 62; // '-'
SEXTETS[95] = 63; // '_'

/** The length of `text` without its `=` padding (at most two, only at a multiple-of-4 length). */
function unpadded(text: string): number {
  let end = text.length;
  if (end % 4 === 0 && text.charCodeAt(end - 1) === 61) end -= text.charCodeAt(end - 2) === 61 ? 2 : 1;
  return end;
}

/**
 * Whether base64 the device reads (already checked: isDeviceBase64) is in the one spelling the
 * device writes: standard alphabet, padded, zero pad bits. Such text can be stored as sent.
 */
export function isWrittenBase64(text: string): boolean {
  const n = text.length;
  if (n % 4 !== 0 || text.includes('-') || text.includes('_')) return false;
  if (text.charCodeAt(n - 1) !== 61) return true;
  // The last character before the padding carries 4 unused bits before "==", 2 before "=".
  return text.charCodeAt(n - 2) === 61 ? (SEXTETS[text.charCodeAt(n - 3)]! & 15) === 0 : (SEXTETS[text.charCodeAt(n - 2)]! & 3) === 0;
}

/**
 * Decodes base64 as the device reads it. Returns undefined for anything else (whitespace,
 * a stray `=`, an impossible length).
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  const end = unpadded(text);
  if (end % 4 === 1) return undefined;
  const out = new Uint8Array((end * 3) >> 2);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? SEXTETS[c]! : -1;
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** The alphabet, then at most two `=`. V8 runs it as a native loop, several times faster than a scan in JS. */
const CHARS = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** The first byte `text` decodes to: decodeBase64(text)?.[0] for valid text, without decoding the rest. */
export function firstByte(text: string): number | undefined {
  const a = text.charCodeAt(0);
  const b = text.charCodeAt(1);
  const hi = a < 128 ? SEXTETS[a]! : -1;
  const lo = b < 128 ? SEXTETS[b]! : -1;
  return hi < 0 || lo < 0 ? undefined : ((hi << 2) | (lo >> 4)) & 0xff;
}

/** True when `text` is base64 as the device reads it (the check of decodeBase64, without the bytes). */
export function isDeviceBase64(text: string): boolean {
  if (!CHARS.test(text)) return false;
  const end = unpadded(text);
  // An `=` that unpadding left is padding at a length that is not a multiple of 4 ("AB="): refused.
  return end % 4 !== 1 && (end !== text.length || text.charCodeAt(end - 1) !== 61);
}

/** Standard, padded base64 of `bytes`, as the device writes it. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += `${ALPHABET[n >> 18]!}${ALPHABET[(n >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${ALPHABET[n >> 18]!}${ALPHABET[(n >> 12) & 63]!}${ALPHABET[(n >> 6) & 63]!}=`;
  }
  return out;
}

/** The number of bytes device base64 text decodes to, from its length alone. */
export const decodedLength = (text: string): number => (unpadded(text) * 3) >> 2;

/** Why `text` is not base64 as the device reads it, in words a person can act on. */
export function explainBase64(text: string): string {
  const what = 'base64 (standard or URL-safe alphabet, optional = padding)';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61) {
      if (i < unpadded(text)) return `has "=" at position ${i}, where padding cannot be: "=" may only end the text, once or twice, to make its length a multiple of 4`;
      break;
    }
    if (c >= 128 || SEXTETS[c]! < 0) {
      const shown = c === 32 ? 'a space' : c === 10 || c === 13 ? 'a line break' : c === 9 ? 'a tab' : JSON.stringify(text[i]);
      return `has ${shown} at position ${i}, which is not in ${what}: remove whitespace and line breaks and encode the raw bytes again`;
    }
  }
  if (unpadded(text) % 4 === 1) return `is ${unpadded(text)} characters long, a length no base64 text has (one character too many or too few): the text was cut or joined wrongly`;
  return `is not ${what}`;
}
