import { KEY_TYPES } from '@hem/types';
import { describe, expect, test } from 'vitest';
import * as classic from '../src/index.js';
import * as mini from '../src/mini.js';
import { REAL_KEY, b64, uncompressedPoint } from './real-keys.js';

// The zod/mini variant is generated from the same IR; it must accept and reject exactly
// what the classic schemas do.
describe('zod/mini variant agrees with the classic schemas', () => {
  const inputs: unknown[] = [
    ...KEY_TYPES.map((type) => ({ label: 'peer', type, pubkey: b64(REAL_KEY[type]()) })),
    { label: '', type: 'ED25519', pubkey: b64(REAL_KEY.ED25519()) },
    { label: 'a', type: 'SECP256R1', pubkey: b64(uncompressedPoint('SECP256R1')) },
    { label: 'a', type: 'ED25519', pubkey: 'AA AA' },
    { label: 'a', type: 'ED25519', pubkey: b64(REAL_KEY.ED25519()), mode: '' },
    { label: 'a', type: 'ED25519', pubkey: b64(REAL_KEY.ED25519()), descr: b64(new Uint8Array(65)) },
    { label: 'a', type: 'ED25519', pubkey: b64(REAL_KEY.ED25519()), extra: 1 },
    null,
    'x',
  ];
  test.each(inputs.map((input, i) => [i, input]))('input %i', (_i, input) => {
    const a = classic.ImportKeyRequest.safeParse(input);
    const b = mini.ImportKeyRequest.safeParse(input);
    expect(b.success).toBe(a.success);
    expect(b.error?.issues.map((i) => [i.path.join('.'), i.code])).toEqual(a.error?.issues.map((i) => [i.path.join('.'), i.code]));
  });

  test('the descr limit factory exists in both', () => {
    const input = { label: 'a', type: 'ED25519', pubkey: b64(REAL_KEY.ED25519()), descr: b64(new Uint8Array(100)) };
    expect(mini.createImportKeyRequest({ descrMaxBytes: 128 }).safeParse(input).success).toBe(true);
    expect(mini.ImportKeyRequest.safeParse(input).success).toBe(false);
  });
});
