import { describe, expectTypeOf, test } from 'vitest';
import { KEY_FORMATS, type KEY_MODES, type KEY_TYPES, type ImportKeyRequest, type ImportKeyResponse, type KeyFormat, type KeyMode, type KeyType } from '../src/index.js';

// The key types as the table lists them: a type added to the spec changes this with it.
type TableTypes = keyof typeof KEY_FORMATS;

describe('@hem/types', () => {
  test('KeyType is exactly the literals of the key table, and KEY_TYPES holds each', () => {
    expectTypeOf<KeyType>().toEqualTypeOf<TableTypes>();
    expectTypeOf<(typeof KEY_TYPES)[number]>().toEqualTypeOf<TableTypes>();
    expectTypeOf<'SECP256R1'>().toMatchTypeOf<KeyType>();
    expectTypeOf<'AES256'>().not.toMatchTypeOf<KeyType>();
  });

  test('KeyMode is exactly the three literals', () => {
    expectTypeOf<KeyMode>().toEqualTypeOf<'ECDH' | 'ExDSA' | 'ECDH,ExDSA'>();
    expectTypeOf<(typeof KEY_MODES)[number]>().toEqualTypeOf<KeyMode>();
  });

  test('the request type: three required fields, two optional, nothing else', () => {
    expectTypeOf<ImportKeyRequest>().toEqualTypeOf<{
      label: string;
      type: TableTypes;
      mode?: 'ECDH' | 'ExDSA' | 'ECDH,ExDSA';
      pubkey: string;
      descr?: string;
    }>();
    // @ts-expect-error an unknown property is not part of the type
    const extra: ImportKeyRequest = { label: 'a', type: 'ED25519', pubkey: 'AA', comment: 'x' };
    void extra;
  });

  test('the response type holds the kid', () => {
    expectTypeOf<ImportKeyResponse>().toEqualTypeOf<{ kid: string }>();
  });

  test('KEY_FORMATS keeps literal byte lengths and covers every KeyType', () => {
    expectTypeOf<keyof typeof KEY_FORMATS>().toEqualTypeOf<KeyType>();
    expectTypeOf(KEY_FORMATS.SECP256R1.bytes).toEqualTypeOf<33>();
    expectTypeOf(KEY_FORMATS.MLDSA87.bytes).toEqualTypeOf<2592>();
    expectTypeOf(KEY_FORMATS.CURVE448.family).toEqualTypeOf<'montgomery'>();
    expectTypeOf(KEY_FORMATS.ED448).toMatchTypeOf<KeyFormat>();
  });
});
