import { describe, expect, test } from 'vitest';
import { IMPORT_KEY_ERRORS, KEY_FORMATS, KEY_MODES, KEY_TYPES } from '../src/index.js';

// The table of the device contract ("Key types and public-key encodings"), written out
// here as facts so that the generated table is checked against something independent. A type
// the platform team adds to the spec (CONTRIBUTING's "Add a key type") comes after these 14
// and is held to the same shape; the 14 themselves may not change.
const CONTRACT: [type: string, bytes: number, family: string][] = [
  ['SECP256R1', 33, 'sec1'],
  ['SECP384R1', 49, 'sec1'],
  ['SECP521R1', 67, 'sec1'],
  ['SECP256K1', 33, 'sec1'],
  ['CURVE25519', 32, 'montgomery'],
  ['CURVE448', 56, 'montgomery'],
  ['ED25519', 32, 'edwards'],
  ['ED448', 57, 'edwards'],
  ['MLKEM512', 800, 'mlkem'],
  ['MLKEM768', 1184, 'mlkem'],
  ['MLKEM1024', 1568, 'mlkem'],
  ['MLDSA44', 1312, 'mldsa'],
  ['MLDSA65', 1952, 'mldsa'],
  ['MLDSA87', 2592, 'mldsa'],
];

describe('the generated key table', () => {
  test('KEY_TYPES starts with the 14 types in the contract order', () => {
    expect(KEY_TYPES.slice(0, CONTRACT.length)).toEqual(CONTRACT.map(([t]) => t));
  });

  test('KEY_FORMATS holds the contract table, and a row for each type and nothing else', () => {
    expect(
      Object.entries(KEY_FORMATS)
        .slice(0, CONTRACT.length)
        .map(([t, f]) => [t, f.bytes, f.family]),
    ).toEqual(CONTRACT);
    expect(Object.keys(KEY_FORMATS)).toEqual([...KEY_TYPES]);
  });

  test('a type added after the contract has a size, a known family and a dotted OID', () => {
    const families = new Set(CONTRACT.map(([, , family]) => family));
    for (const type of KEY_TYPES.slice(CONTRACT.length)) {
      const format = KEY_FORMATS[type];
      expect(format.bytes, type).toBeGreaterThan(0);
      expect(families.has(format.family), type).toBe(true);
      expect(format.oid, type).toMatch(/^[0-2](\.(0|[1-9][0-9]*))+$/);
    }
  });

  test('each contract type names its SPKI OID (NIST CSOR, RFC 8410, SEC 2)', () => {
    expect(
      Object.fromEntries(
        Object.entries(KEY_FORMATS)
          .slice(0, CONTRACT.length)
          .map(([t, f]) => [t, f.oid]),
      ),
    ).toEqual({
      SECP256R1: '1.2.840.10045.3.1.7',
      SECP384R1: '1.3.132.0.34',
      SECP521R1: '1.3.132.0.35',
      SECP256K1: '1.3.132.0.10',
      CURVE25519: '1.3.101.110',
      CURVE448: '1.3.101.111',
      ED25519: '1.3.101.112',
      ED448: '1.3.101.113',
      MLKEM512: '2.16.840.1.101.3.4.4.1',
      MLKEM768: '2.16.840.1.101.3.4.4.2',
      MLKEM1024: '2.16.840.1.101.3.4.4.3',
      MLDSA44: '2.16.840.1.101.3.4.3.17',
      MLDSA65: '2.16.840.1.101.3.4.3.18',
      MLDSA87: '2.16.840.1.101.3.4.3.19',
    });
  });

  test('NIST/SEC keys are compressed SEC1; the rest are raw encodings', () => {
    for (const [type, format] of Object.entries(KEY_FORMATS)) {
      expect(format.encoding === 'sec1-compressed', type).toBe(format.family === 'sec1');
    }
  });

  test('KEY_MODES are the three exact literals', () => {
    expect(KEY_MODES).toEqual(['ECDH', 'ExDSA', 'ECDH,ExDSA']);
  });
});

describe('the generated error table', () => {
  test('lists every error status of the contract, each with a stable code and a meaning', () => {
    expect(Object.keys(IMPORT_KEY_ERRORS).map(Number)).toEqual([400, 401, 403, 406, 409, 411, 412, 413, 418, 500]);
    for (const { code, meaning } of Object.values(IMPORT_KEY_ERRORS)) {
      expect(code).toMatch(/^[a-z_]+$/);
      expect(meaning.length).toBeGreaterThan(40);
    }
    expect(IMPORT_KEY_ERRORS[406].meaning).toMatch(/duplicate/);
    expect(IMPORT_KEY_ERRORS[409].meaning).toMatch(/Never a duplicate/);
  });
});
