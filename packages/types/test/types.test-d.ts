import { describe, expectTypeOf, test } from 'vitest';
import { KEY_FORMATS, KEY_MODES, KEY_TYPES, type ImportKeyRequest, type ImportKeyResponse, type KeyFormat, type KeyMode, type KeyType } from '../src/index.js';

type TheFourteen =
  | 'SECP256R1' | 'SECP384R1' | 'SECP521R1' | 'SECP256K1'
  | 'CURVE25519' | 'CURVE448' | 'ED25519' | 'ED448'
  | 'MLKEM512' | 'MLKEM768' | 'MLKEM1024'
  | 'MLDSA44' | 'MLDSA65' | 'MLDSA87';

describe('@hem/types', () => {
  test('KeyType is exactly the 14 literals, and KEY_TYPES holds each', () => {
    expectTypeOf<KeyType>().toEqualTypeOf<TheFourteen>();
    expectTypeOf<(typeof KEY_TYPES)[number]>().toEqualTypeOf<TheFourteen>();
  });

  test('KeyMode is exactly the three literals', () => {
    expectTypeOf<KeyMode>().toEqualTypeOf<'ECDH' | 'ExDSA' | 'ECDH,ExDSA'>();
    expectTypeOf<(typeof KEY_MODES)[number]>().toEqualTypeOf<KeyMode>();
  });

  test('the request type: three required fields, two optional, nothing else', () => {
    expectTypeOf<ImportKeyRequest>().toEqualTypeOf<{
      label: string;
      type: TheFourteen;
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
