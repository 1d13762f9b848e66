import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { KEY_FAMILIES, KEY_FORMATS, KEY_TYPES, type KeyType } from '@hem/types';
import { describe, expect, test } from 'vitest';
import { ImportKeyRequest, computeKid, createImportKeyRequest, parseImportKeyRequest, parseImportKeyResponse } from '../src/index.js';
import { REAL_KEY, b64, compress, uncompressedPoint } from './real-keys.js';

/** A valid request for a type: `mode` where its family requires one (the table says which). */
const valid = (type: KeyType = 'SECP256R1') => ({
  label: 'peer',
  type,
  ...(KEY_FAMILIES[KEY_FORMATS[type].family].modeRequired ? { mode: 'ECDH' as const } : {}),
  pubkey: b64(REAL_KEY[type]()),
});
const codes = (input: unknown, options = {}) => {
  const r = parseImportKeyRequest(input, options);
  return r.ok ? [] : r.issues.map((i) => [i.path.join('.'), i.code]);
};

describe('real keys of every type of the table, encoded as the device wants them, pass', () => {
  test.each(KEY_TYPES)('%s', (type) => {
    const request = valid(type);
    expect(parseImportKeyRequest(request)).toEqual({ ok: true, value: request });
    expect(parseImportKeyRequest({ ...request, mode: 'ECDH' }).ok).toBe(true); // mode is accepted on every type
  });
});

describe('every rule fails with its path and code', () => {
  const p256 = valid().pubkey;
  const rows: [string, Record<string, unknown>, [string, string][]][] = [
    ['label missing', { type: 'SECP256R1', mode: 'ECDH', pubkey: p256 }, [['label', 'required']]],
    [
      'label empty',
      { label: '', type: 'SECP256R1', mode: 'ECDH', pubkey: p256 },
      [
        ['label', 'too_short'],
        ['label', 'pattern'],
      ],
    ],
    ['label 33 characters', { label: 'x'.repeat(33), type: 'SECP256R1', mode: 'ECDH', pubkey: p256 }, [['label', 'too_long']]],
    ['label not printable ASCII', { label: 'clé', type: 'SECP256R1', mode: 'ECDH', pubkey: p256 }, [['label', 'pattern']]],
    ['label with a tab', { label: 'a\tb', type: 'SECP256R1', mode: 'ECDH', pubkey: p256 }, [['label', 'pattern']]],
    ['label not a string', { label: 7, type: 'SECP256R1', mode: 'ECDH', pubkey: p256 }, [['label', 'invalid_type']]],
    ['type missing', { label: 'a', pubkey: p256 }, [['type', 'required']]],
    ['type in lower case', { label: 'a', type: 'secp256r1', pubkey: p256 }, [['type', 'invalid_enum']]],
    ['type symmetric', { label: 'a', type: 'AES256', pubkey: p256 }, [['type', 'invalid_enum']]],
    ['mode empty', { label: 'a', type: 'SECP256R1', pubkey: p256, mode: '' }, [['mode', 'empty_value']]],
    ['mode reversed', { label: 'a', type: 'SECP256R1', pubkey: p256, mode: 'ExDSA,ECDH' }, [['mode', 'invalid_enum']]],
    ['mode missing on a NIST key (its family requires it)', { label: 'a', type: 'SECP256R1', pubkey: p256 }, [['mode', 'required']]],
    ['mode wrong case', { label: 'a', type: 'SECP256R1', pubkey: p256, mode: 'ecdh' }, [['mode', 'invalid_enum']]],
    ['pubkey missing', { label: 'a', type: 'SECP256R1', mode: 'ECDH' }, [['pubkey', 'required']]],
    ['pubkey with whitespace', { label: 'a', type: 'SECP256R1', mode: 'ECDH', pubkey: `${p256.slice(0, 8)} ${p256.slice(8)}` }, [['pubkey', 'invalid_base64']]],
    ['pubkey with a line break', { label: 'a', type: 'SECP256R1', mode: 'ECDH', pubkey: `${p256.slice(0, 8)}\n${p256.slice(8)}` }, [['pubkey', 'invalid_base64']]],
    ['pubkey with = inside', { label: 'a', type: 'SECP256R1', mode: 'ECDH', pubkey: `AB=C${p256}` }, [['pubkey', 'invalid_base64']]],
    ['pubkey of impossible length', { label: 'a', type: 'SECP256R1', mode: 'ECDH', pubkey: `${p256}A` }, [['pubkey', 'invalid_base64']]],
    ['pubkey too short for its type', { label: 'a', type: 'SECP384R1', mode: 'ECDH', pubkey: p256 }, [['pubkey', 'key_length']]],
    ['pubkey uncompressed', { label: 'a', type: 'SECP256R1', mode: 'ECDH', pubkey: b64(uncompressedPoint('SECP256R1')) }, [['pubkey', 'key_uncompressed_point']]],
    [
      'pubkey with a bad prefix',
      { label: 'a', type: 'SECP256R1', mode: 'ECDH', pubkey: b64(Uint8Array.of(5, ...REAL_KEY.SECP256R1().subarray(1))) },
      [['pubkey', 'key_bad_prefix']],
    ],
    ['descr empty', { ...valid('ED25519'), descr: '' }, [['descr', 'too_short']]],
    ['descr 65 bytes', { ...valid('ED25519'), descr: b64(new Uint8Array(65)) }, [['descr', 'too_large']]],
    ['descr not base64', { ...valid('ED25519'), descr: 'hello world' }, [['descr', 'invalid_base64']]],
    ['unknown property', { ...valid('ED25519'), kid: 'x' }, [['kid', 'unknown_property']]],
  ];
  test.each(rows)('%s', (_name, input, want) => {
    expect(codes(input)).toEqual(want);
  });

  test('not an object', () => {
    expect(codes('{"label":"a"}')).toEqual([['', 'invalid_type']]);
    expect(codes(null)).toEqual([['', 'invalid_type']]);
    expect(codes([])).toEqual([['', 'invalid_type']]);
  });

  test('all problems at once, nothing lost', () => {
    expect(codes({ label: '', type: 'SECP256R1', pubkey: b64(uncompressedPoint('SECP256R1')), mode: '', x: 1 })).toEqual([
      ['label', 'too_short'],
      ['label', 'pattern'],
      ['mode', 'empty_value'],
      ['x', 'unknown_property'],
      ['pubkey', 'key_uncompressed_point'],
    ]);
  });
});

describe('messages say what to do', () => {
  const message = (input: unknown) => {
    const r = parseImportKeyRequest(input);
    return r.ok ? '' : r.issues.map((i) => i.message).join('\n');
  };
  test('an uncompressed point explains compression and points at toHemPublicKey', () => {
    expect(message({ label: 'a', type: 'SECP256R1', pubkey: b64(uncompressedPoint('SECP256R1')) })).toMatch(
      /pubkey: .*uncompressed.*65 bytes.*compressed form.*33 bytes.*toHemPublicKey\(\)/,
    );
  });
  test('an empty mode says to omit the field', () => {
    expect(message({ ...valid(), mode: '' })).toMatch(/mode: .*omit the field/);
  });
  test('a mis-cased type suggests the right spelling', () => {
    expect(message({ ...valid(), type: 'ed25519' })).toMatch(/Did you mean "ED25519"\?/);
  });
  test('whitespace in base64 names its position', () => {
    expect(message({ ...valid(), pubkey: 'AAAA BBBB' })).toMatch(/a space at position 4/);
  });
  test('a NIST key without mode names the field once and lists the values', () => {
    const { mode, ...request } = valid('SECP256R1');
    expect(mode).toBeDefined();
    expect(message(request)).toBe('mode: is required for SECP256R1 keys (the sec1 family): add it, one of "ECDH", "ExDSA", "ECDH,ExDSA".');
  });
  test('a value of the wrong type gets that one issue, not the length rules of a string', () => {
    const label = Array.from({ length: 40 }, () => 'x');
    expect(codes({ ...valid(), label })).toEqual([['label', 'invalid_type']]);
    expect(message({ ...valid(), label })).toBe('label: must be a string, got an array.');
  });
});

describe('keys set to undefined are absent, as JSON.stringify makes them', () => {
  test('optional fields set to undefined pass; a required one is reported as required', () => {
    const request = valid('ED25519');
    expect(parseImportKeyRequest({ ...request, mode: undefined, descr: undefined })).toEqual({ ok: true, value: request });
    expect(codes({ ...request, label: undefined })).toEqual([['label', 'required']]);
  });
});

describe('descr limit', () => {
  test('the option must be a whole number of bytes', () => {
    for (const bad of [Number.NaN, -1, 1.5, '128']) {
      expect(() => parseImportKeyRequest(valid(), { descrMaxBytes: bad as number })).toThrow(/descrMaxBytes must be a whole number/);
    }
  });

  test('a new limit on every call does not grow memory without end (the tables are bounded)', () => {
    // gc on demand, to measure what stays reachable rather than what waits for collection.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const request = valid('ED25519');
    gc();
    const before = process.memoryUsage().heapUsed;
    // Each table of schemas built for a limit holds about 25 KiB: 2,000 kept would be ~50 MiB.
    for (let limit = 200; limit < 2_200; limit++) expect(parseImportKeyRequest(request, { descrMaxBytes: limit }).ok).toBe(true);
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(16 * 1024 * 1024);
  });

  const descr = b64(new Uint8Array(100));
  test('64 bytes by default, 128 when asked', () => {
    expect(codes({ ...valid('ED25519'), descr })).toEqual([['descr', 'too_large']]);
    expect(codes({ ...valid('ED25519'), descr }, { descrMaxBytes: 128 })).toEqual([]);
    expect(createImportKeyRequest({ descrMaxBytes: 128 }).safeParse({ ...valid('ED25519'), descr }).success).toBe(true);
    expect(ImportKeyRequest.safeParse({ ...valid('ED25519'), descr }).success).toBe(false);
  });
  test('exactly 64 decoded bytes pass, padded or not, in either alphabet', () => {
    const bytes = new Uint8Array(64).map((_, i) => i * 7);
    for (const text of [b64(bytes), b64(bytes).replace(/=+$/, ''), Buffer.from(bytes).toString('base64url')]) {
      expect(codes({ ...valid('ED25519'), descr: text })).toEqual([]);
    }
  });
});

describe('deep checks are on by default and can be turned off', () => {
  const offCurve = () => {
    // An x with no y on P-256: found by asking OpenSSL, never hand-typed.
    for (let i = 1; ; i++) {
      const candidate = Uint8Array.of(2, ...new Uint8Array(31), i);
      const r = parseImportKeyRequest({ label: 'a', type: 'SECP256R1', pubkey: b64(candidate) });
      if (!r.ok) return candidate;
    }
  };
  test('a point off the curve', () => {
    const pubkey = b64(offCurve());
    expect(codes({ label: 'a', type: 'SECP256R1', mode: 'ECDH', pubkey })).toEqual([['pubkey', 'key_not_on_curve']]);
    expect(codes({ label: 'a', type: 'SECP256R1', mode: 'ECDH', pubkey }, { deep: false })).toEqual([]);
  });
});

describe('computeKid', () => {
  test.each(KEY_TYPES)('%s: the first 16 bytes of SHA-1 of the decoded key, in lowercase hex', (type) => {
    const key = REAL_KEY[type]();
    const want = createHash('sha1').update(key).digest('hex').slice(0, 32);
    expect(computeKid(b64(key))).toBe(want);
    expect(computeKid(Buffer.from(key).toString('base64url').replace(/=+$/, ''))).toBe(want);
    expect(computeKid(key)).toBe(want);
  });
  test('bad base64 is a TypeError that says why', () => {
    expect(() => computeKid('AA AA')).toThrow(/computeKid: pubkey has a space at position 2/);
  });
});

describe('response', () => {
  test('a kid passes; anything else names the problem', () => {
    const kid = computeKid(b64(compress('SECP256R1', uncompressedPoint('SECP256R1'))));
    expect(parseImportKeyResponse({ kid })).toEqual({ ok: true, value: { kid } });
    expect(parseImportKeyResponse({ kid: kid.toUpperCase() })).toMatchObject({ ok: false, issues: [{ path: ['kid'], code: 'pattern' }] });
    expect(parseImportKeyResponse({})).toMatchObject({ ok: false, issues: [{ path: ['kid'], code: 'required' }] });
    expect(parseImportKeyResponse('')).toMatchObject({ ok: false, issues: [{ path: [], code: 'invalid_type', message: expect.stringMatching(/^the response body: /) }] });
  });
});
