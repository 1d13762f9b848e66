// The device's base64, checked in linear time: the same verdicts as the spec's own pattern
// (which the generator does not turn into a regex for these fields), on any text.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeBase64, decodedLength, encodeBase64, explainBase64, firstByte, isDeviceBase64, isWrittenBase64 } from '../src/base64.js';

const SPEC = readFileSync(new URL('../../../spec/openapi.yaml', import.meta.url), 'utf8');
const patterns = [...SPEC.matchAll(/format: byte[\s\S]*?pattern: '([^']+)'/g)].map((m) => m[1]!);

describe('device base64', () => {
  test('the spec writes one base64 pattern for its base64 fields', () => {
    expect(patterns.length).toBeGreaterThanOrEqual(3);
    expect(new Set(patterns).size).toBe(1);
  });

  test('the scan and the spec pattern agree on any text', () => {
    const pattern = new RegExp(patterns[0]!);
    const char = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_= \n.é');
    fc.assert(
      fc.property(
        fc.array(char, { maxLength: 24 }).map((c) => c.join('')),
        (text) => {
          expect(isDeviceBase64(text)).toBe(pattern.test(text));
          expect(decodeBase64(text) !== undefined).toBe(pattern.test(text));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  test('encode, decode and the decoded length agree with Node for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(text)).toEqual(bytes);
        expect(decodeBase64(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
        expect(decodedLength(text)).toBe(bytes.length);
      }),
    );
  });

  test('isWrittenBase64: exactly the texts the device reads that Node writes again unchanged', () => {
    const char = fc.constantFrom(...'ABCDQRSgwxyz019+/-_=');
    fc.assert(
      fc.property(
        fc.array(char, { maxLength: 12 }).map((c) => c.join('')),
        (text) => {
          if (!isDeviceBase64(text)) return;
          expect(isWrittenBase64(text)).toBe(Buffer.from(decodeBase64(text)!).toString('base64') === text);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  test('firstByte is the first decoded byte, in either alphabet', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), (bytes) => {
        expect(firstByte(encodeBase64(bytes))).toBe(bytes[0]);
        expect(firstByte(Buffer.from(bytes).toString('base64url'))).toBe(bytes[0]);
      }),
    );
    expect([firstByte(''), firstByte('A'), firstByte(' A'), firstByte('A=')]).toEqual([undefined, undefined, undefined, undefined]);
  });

  test('hostile lengths cost one pass: a megabyte of "=" then one other character', () => {
    const text = `${'='.repeat(1 << 20)}A`;
    expect(isDeviceBase64(text)).toBe(false);
    expect(decodeBase64(text)).toBeUndefined();
    expect(explainBase64(text)).toMatch(/has "=" at position 0/);
    // At most two "=" are padding: the length comes from the text's length, no scan of the run.
    expect(decodedLength(`${'A'.repeat(1 << 20)}${'='.repeat(1 << 20)}`)).toBe((((1 << 21) - 2) * 3) >> 2);
  });
});
