import { describe, expect, test } from 'vitest';
import { enumArrayName, errorCodeForStatus, errorsName, operationName, propertyKey, typeName } from '../src/names.js';

describe('names', () => {
  test.each([
    ['KeyType', 'KeyType'],
    ['key-type', 'KeyType'],
    ['kid_response', 'KidResponse'],
    ['2fa', '_2fa'],
  ])('typeName(%s) = %s', (given, want) => expect(typeName(given)).toBe(want));

  test.each([
    ['KeyType', 'KEY_TYPES'],
    ['KeyMode', 'KEY_MODES'],
    ['Status', 'STATUSES'],
    ['Policy', 'POLICIES'],
    ['LogIndex', 'LOG_INDEXES'],
  ])('enumArrayName(%s) = %s', (given, want) => expect(enumArrayName(given)).toBe(want));

  test.each([
    ['importKey', 'importKey'],
    ['import-key', 'importKey'],
    ['Delete', '_delete'],
  ])('operationName(%s) = %s', (given, want) => expect(operationName(given)).toBe(want));

  test.each([
    ['importKey', 'IMPORT_KEY_ERRORS'],
    ['listKeys', 'LIST_KEYS_ERRORS'],
    ['search', 'SEARCH_ERRORS'],
    ['getStatus', 'GET_STATUS_ERRORS'],
  ])('errorsName(%s) = %s', (given, want) => expect(errorsName(given)).toBe(want));

  test.each([
    ['406', 'http_406'],
    ['default', 'unexpected_status'],
  ])('errorCodeForStatus(%s) = %s', (given, want) => expect(errorCodeForStatus(given)).toBe(want));

  test.each([
    ['kid', 'kid'],
    ['Content-Length', '"Content-Length"'],
    ['0a', '"0a"'],
  ])('propertyKey(%s) = %s', (given, want) => expect(propertyKey(given)).toBe(want));
});
