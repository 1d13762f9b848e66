import { describe, expect, test } from 'vitest';
import { words, enumArrayName, errorCodeForStatus, errorsName, operationIdFor, operationName, operationTypeNames, typeName } from '../src/names.js';
import { objectKey } from '../src/escape.js';

describe('names', () => {
  test.each([
    ['keyType', ['key', 'Type']],
    ['HTTPServer', ['HTTP', 'Server']],
    ['get2FACode', ['get2', 'FA', 'Code']],
    ['import-key_v2', ['import', 'key', 'v2']],
    ['ÄÖü', []],
    ['', []],
    ['AAAA', ['AAAA']],
  ])('words(%s) = %j (one pass; bench/names.bench.mjs shows it linear)', (given, want) => expect(words(given)).toEqual(want));

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
  ])('objectKey(%s) = %s', (given, want) => expect(objectKey(given)).toBe(want));

  test.each([
    ['get', '/api/keymgmt/get/{kid}', 'getApiKeymgmtGetByKid'],
    ['post', '/api/keymgmt/import', 'postApiKeymgmtImport'],
    ['get', '/', 'get'],
    ['delete', '/users/{user-id}/keys/{key_id}', 'deleteUsersByUserIdKeysByKeyId'],
    ['get', '/2010-04-01/Accounts.json', 'get20100401AccountsJson'],
  ])('operationIdFor(%s, %s) = %s', (method, path, want) => expect(operationIdFor(method, path)).toBe(want));

  test('operationTypeNames: clashes with components and with each other get a number', () => {
    const names = operationTypeNames(['ListPetsResponse'], ['listPets', 'listPets']);
    expect(names.get('listPets')).toEqual({ request: 'ListPetsRequest2', response: 'ListPetsResponse3', params: 'ListPetsParams2' });
    expect(operationTypeNames(['Pet'], ['getPet']).get('getPet')).toEqual({ request: 'GetPetRequest', response: 'GetPetResponse', params: 'GetPetParams' });
  });
});
