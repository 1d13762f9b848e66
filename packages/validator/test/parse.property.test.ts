import { KEY_FORMATS, KEY_FAMILIES, KEY_TYPES } from '@hem/types';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseImportKeyRequest, type ParseResult } from '../src/index.js';
import { HOSTILE_VALUES } from '@hem/testkit';
import { REAL_KEY, b64 } from './real-keys.js';

const RUNS = 300;
const VALID = KEY_TYPES.map((type) => ({
  label: `${type.toLowerCase()} peer`,
  type,
  ...(KEY_FAMILIES[KEY_FORMATS[type].family].modeRequired ? { mode: 'ExDSA' } : {}),
  pubkey: b64(REAL_KEY[type]()),
}));

/** The result is well-formed: a value, or at least one issue with a path, a code and a message. */
function wellFormed(result: ParseResult<unknown>): void {
  if (result.ok) return;
  expect(result.issues.length).toBeGreaterThan(0);
  for (const issue of result.issues) {
    expect(Array.isArray(issue.path)).toBe(true);
    expect(issue.code).toMatch(/^[a-z0-9_]+$/);
    expect(issue.message.length).toBeGreaterThan(10);
  }
}

describe('parseImportKeyRequest never throws', () => {
  test('on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => wellFormed(parseImportKeyRequest(input))),
      { numRuns: RUNS },
    );
  });

  test('on arbitrary values, prototypes and getters included', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true, withBoxedValues: true }), (input) => wellFormed(parseImportKeyRequest(input))),
      { numRuns: RUNS },
    );
  });

  const field = fc.constantFrom('label', 'type', 'pubkey', 'mode', 'descr', 'extra');
  const mutation = fc.oneof(
    fc.record({ op: fc.constant('delete' as const), field }),
    fc.record({ op: fc.constant('set' as const), field, value: fc.oneof(fc.jsonValue(), fc.string(), fc.base64String(), fc.constantFrom('', 'ECDH', 'ExDSA,ECDH', ...KEY_TYPES)) }),
  );

  test('on valid requests with random mutations; an untouched field never gets an issue', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID), fc.array(mutation, { minLength: 1, maxLength: 3 }), (valid, mutations) => {
        const input: Record<string, unknown> = { ...valid };
        for (const m of mutations) {
          if (m.op === 'delete') delete input[m.field];
          else input[m.field] = m.value;
        }
        const result = parseImportKeyRequest(input);
        wellFormed(result);
        const touched = new Set<string>(mutations.map((m) => m.field));
        // pubkey's rules depend on type, and so does whether mode is required: a changed type
        // may fault pubkey or mode too.
        if (touched.has('type')) touched.add('pubkey').add('mode');
        if (!result.ok) for (const issue of result.issues) expect(touched.has(String(issue.path[0] ?? ''))).toBe(true);
        else expect(result.value).toEqual(input);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('hostile objects never make the validator throw or leave a stray rejection', () => {
  // Values that throw when touched (@hem/testkit), put anywhere in a valid request.
  const hostile = fc.constantFrom(...HOSTILE_VALUES);
  const where = fc.constantFrom('label', 'type', 'pubkey', 'mode', 'descr', 'extra', '__proto__', 'constructor');

  test('at any field, or as the whole request', async () => {
    const strays: unknown[] = [];
    const onStray = (reason: unknown) => strays.push(reason);
    process.on('unhandledRejection', onStray);
    try {
      fc.assert(
        fc.property(fc.constantFrom(...VALID), hostile, fc.option(where, { nil: undefined }), (valid, [, make], field) => {
          let input: unknown = make();
          if (field !== undefined) {
            const request: Record<string, unknown> = { ...valid };
            Object.defineProperty(request, field, { value: input, enumerable: true, configurable: true, writable: true });
            input = request;
          }
          let result: ParseResult<unknown> | undefined;
          expect(() => (result = parseImportKeyRequest(input))).not.toThrow();
          wellFormed(result!);
          expect(result!.ok).toBe(false); // none of these is a request the device takes
        }),
        { numRuns: RUNS },
      );
      await new Promise((resolve) => setTimeout(resolve, 50)); // let any stray rejection surface
      expect(strays).toEqual([]);
    } finally {
      process.off('unhandledRejection', onStray);
    }
  });
});
