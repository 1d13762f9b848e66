// Hand-written helpers that the generated schemas (schemas.gen.ts) call. Light on purpose:
// no curve math here, so an app that imports only the schemas stays small.
import type { KeyFormat } from '@hem/types';
import { keyShapeIssue } from './shape.js';

type Ctx = { addIssue(issue: { code: 'custom'; message: string; input?: unknown; path?: PropertyKey[]; params?: Record<string, unknown> }): void };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const SEXTETS = new Int8Array(128).fill(-1);
for (let i = 0; i < 62; i++) SEXTETS[ALPHABET.charCodeAt(i)] = i;
SEXTETS[43] = SEXTETS[45] = 62; // '+' and '-'
SEXTETS[47] = SEXTETS[95] = 63; // '/' and '_'

/**
 * Decodes base64 as the device reads it: standard or URL-safe alphabet, `=` padding
 * optional. Returns undefined for anything else (whitespace, stray `=`, impossible length).
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  let end = text.length;
  if (end % 4 === 0 && text.charCodeAt(end - 1) === 61) end -= text.charCodeAt(end - 2) === 61 ? 2 : 1;
  if (end % 4 === 1) return undefined;
  const out = new Uint8Array((end * 3) >> 2);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? SEXTETS[c]! : -1;
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Why `text` is not base64 as the device reads it, in words a person can act on. */
export function explainBase64(text: string): string {
  const what = 'base64 (standard or URL-safe alphabet, optional = padding)';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61) {
      const tail = text.slice(i);
      if (!/^={1,2}$/.test(tail) || text.length % 4 !== 0) return `has "=" at position ${i}, where padding cannot be: "=" may only end the text, once or twice, to make its length a multiple of 4`;
      break;
    }
    if (c >= 128 || SEXTETS[c]! < 0) {
      const shown = c === 32 ? 'a space' : c === 10 || c === 13 ? 'a line break' : c === 9 ? 'a tab' : JSON.stringify(text[i]);
      return `has ${shown} at position ${i}, which is not in ${what}: remove whitespace and line breaks and encode the raw bytes again`;
    }
  }
  const bare = text.replace(/=+$/, '').length;
  if (bare % 4 === 1) return `is ${bare} characters long, a length no base64 text has (one character too many or too few): the text was cut or joined wrongly`;
  return `is not ${what}`;
}

/** Base64 as the device reads it: standard or URL-safe alphabet, optional padding. */
export const DEVICE_BASE64 = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;

/**
 * A base64 check: the spec's pattern decides what is valid (the device's rule when the spec
 * gives none), explainBase64 says why not.
 */
export function base64(pattern: RegExp = DEVICE_BASE64) {
  return (value: string, ctx: Ctx): void => {
    if (!pattern.test(value)) ctx.addIssue({ code: 'custom', input: value, message: `must be base64: the value ${explainBase64(value)}.`, params: { code: 'invalid_base64' } });
  };
}

/** The number of bytes base64 text decodes to, computed from its length. */
export const decodedLength = (text: string): number => (text.replace(/=+$/, '').length * 3) >> 2;

/** A check that a base64 string decodes to at most `limit` bytes. */
export function maxDecodedBytes(limit: number) {
  return (value: string, ctx: Ctx): void => {
    const length = decodedLength(value);
    if (length > limit) {
      ctx.addIssue({
        code: 'custom',
        input: value,
        message: `decodes to ${length} bytes; at most ${limit} are allowed. Shorten the description (on firmware that allows more, raise the limit: the descrMaxBytes option).`,
        params: { code: 'too_large', limit, actual: length },
      });
    }
  };
}

/**
 * An object check: the base64 property `key` decodes to the length, and for SEC1 the
 * prefix, that the key type in property `from` requires (per the spec's key table).
 * It runs even when other fields failed, so one parse reports every problem, but not
 * when `key` or `from` already failed on their own. The length is computed, not decoded:
 * an ML-DSA-87 key is 3.5 kB of text.
 */
export function decodedLengthFrom(key: string, from: string, table: Readonly<Record<string, KeyFormat>>) {
  const check = (value: Record<string, unknown>, ctx: Ctx): void => {
    const type = value[from] as string;
    const text = value[key] as string;
    const head = decodeBase64(text.slice(0, 4)) ?? new Uint8Array(0);
    const problem = keyShapeIssue(type, head, table[type]!, decodedLength(text));
    if (problem) ctx.addIssue({ code: 'custom', input: text, path: [key], message: problem.message, params: { code: problem.code } });
  };
  const params = {
    when: ({ value, issues }: { value: unknown; issues: readonly { readonly path?: PropertyKey[] | undefined }[] }) =>
      typeof value === 'object' &&
      value !== null &&
      typeof (value as Record<string, unknown>)[key] === 'string' &&
      (value as Record<string, unknown>)[key] !== '' &&
      Object.hasOwn(table, (value as Record<string, unknown>)[from] as string) &&
      !issues.some((i) => i.path?.[0] === key || i.path?.[0] === from),
  };
  return [check, params] as const;
}

/** An array check for `uniqueItems`: JSON-equal items are duplicates. */
export function uniqueItems(value: unknown[], ctx: Ctx): void {
  const seen = new Set<string>();
  value.forEach((item, i) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: 'repeats an earlier item; items must be unique', params: { code: 'duplicate_item' } });
    seen.add(key);
  });
}

/** An object check for `minProperties`/`maxProperties`. */
export function propertyCount(min: number, max: number) {
  return (value: object, ctx: Ctx): void => {
    const n = Object.keys(value).length;
    if (n < min || n > max) ctx.addIssue({ code: 'custom', message: `has ${n} properties; between ${min} and ${max} are allowed`, params: { code: 'property_count' } });
  };
}
