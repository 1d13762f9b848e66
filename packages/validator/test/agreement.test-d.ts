import type { ImportKeyRequest as RequestType, ImportKeyResponse as ResponseType, KeyMode as KeyModeType, KeyType as KeyTypeType } from '@hem/types';
import { describe, expectTypeOf, test } from 'vitest';
import type * as z from 'zod';
import { type ParseResult, type ImportKeyRequest, type ImportKeyResponse, type KeyMode, type KeyType, type createImportKeyRequest, parseImportKeyRequest } from '../src/index.js';
import type * as mini from '../src/mini.js';

describe('the zod schemas and @hem/types agree', () => {
  test('request', () => {
    expectTypeOf<z.infer<typeof ImportKeyRequest>>().toEqualTypeOf<RequestType>();
    expectTypeOf<z.input<typeof ImportKeyRequest>>().toEqualTypeOf<RequestType>();
    expectTypeOf<z.infer<ReturnType<typeof createImportKeyRequest>>>().toEqualTypeOf<RequestType>();
  });
  test('response', () => {
    expectTypeOf<z.infer<typeof ImportKeyResponse>>().toEqualTypeOf<ResponseType>();
  });
  test('enums', () => {
    expectTypeOf<z.infer<typeof KeyType>>().toEqualTypeOf<KeyTypeType>();
    expectTypeOf<z.infer<typeof KeyMode>>().toEqualTypeOf<KeyModeType>();
  });
  test('the zod/mini variant infers the same types', () => {
    expectTypeOf<z.infer<typeof mini.ImportKeyRequest>>().toEqualTypeOf<RequestType>();
    expectTypeOf<z.infer<typeof mini.ImportKeyResponse>>().toEqualTypeOf<ResponseType>();
    expectTypeOf<z.infer<typeof mini.KeyType>>().toEqualTypeOf<KeyTypeType>();
  });
  test('parseImportKeyRequest narrows to the request type', () => {
    expectTypeOf(parseImportKeyRequest).returns.toEqualTypeOf<ParseResult<RequestType>>();
  });
});
