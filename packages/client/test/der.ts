// Test helpers for key conversion: a DER writer that can also write what DER forbids, PEM
// armour, and the expectation that a conversion fails with a given HemKeyFormatError.
import { expect } from 'vitest';
import { HemKeyFormatError, type HemKeyErrorCode } from '../src/convert.js';

export const bytes = (...parts: ArrayLike<number>[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const length = (n: number) => (n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff]);
/** Tag, definite length (shortest form), content. */
export const tlv = (tag: number, ...parts: ArrayLike<number>[]): Uint8Array => {
  const body = bytes(...parts);
  return bytes([tag, ...length(body.length)], body);
};
/** The content bytes of an OID (arcs below 2^31). */
export function oidBody(dotted: string): number[] {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) groups.unshift((v & 0x7f) | 0x80);
    out.push(...groups);
  }
  return out;
}
export const oid = (dotted: string): Uint8Array => tlv(0x06, oidBody(dotted));

/** PEM armour around DER, 64 columns. */
export const pem = (der: Uint8Array, { label = 'PUBLIC KEY', eol = '\n' } = {}): string =>
  `-----BEGIN ${label}-----${eol}${Buffer.from(der)
    .toString('base64')
    .match(/.{1,64}/g)!
    .join(eol)}${eol}-----END ${label}-----${eol}`;

/** Runs fn and returns the HemKeyFormatError it throws; fails on anything else. */
export function rejection(fn: () => unknown): HemKeyFormatError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HemKeyFormatError);
    return e as HemKeyFormatError;
  }
  throw new Error('expected a HemKeyFormatError, but nothing was thrown');
}
export function expectRejected(fn: () => unknown, code: HemKeyErrorCode, message?: RegExp): HemKeyFormatError {
  const e = rejection(fn);
  expect({ code: e.code, message: e.message }).toEqual({ code, message: message ? expect.stringMatching(message) : expect.any(String) });
  return e;
}
