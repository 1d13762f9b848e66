import { describe, expect, test } from 'vitest';
import { CodegenError } from '../src/errors.js';
import { buildIR } from '../src/model.js';

const doc = (schemas: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {},
  components: { schemas },
  ...extra,
});
const one = (schema: unknown) => buildIR(doc({ S: schema })).schemas[0]!.schema;
const base = (pointer = '#/components/schemas/S') => ({ pointer, nullable: false, deprecated: false });

describe('model: schema nodes', () => {
  test.each([
    ['a string with bounds and pattern', { type: 'string', minLength: 1, maxLength: 3, pattern: '^a' }, { ...base(), kind: 'string', encoding: undefined, minLength: 1, maxLength: 3, pattern: '^a' }],
    ['format: byte is base64', { type: 'string', format: 'byte' }, { ...base(), kind: 'string', encoding: 'base64', format: 'byte' }],
    ['contentEncoding base64 is base64', { type: 'string', contentEncoding: 'base64' }, { ...base(), kind: 'string', encoding: 'base64' }],
    ['hem extensions on a string', { type: 'string', 'x-hem-max-decoded-bytes': 64, 'x-hem-decoded-length-from': 'type' }, { ...base(), kind: 'string', encoding: undefined, maxDecodedBytes: 64, decodedLengthFrom: 'type' }],
    ['an integer with bounds', { type: 'integer', minimum: 0, maximum: 9 }, { ...base(), kind: 'number', integer: true, minimum: 0, maximum: 9 }],
    ['3.0 boolean exclusive bounds', { type: 'number', minimum: 0, exclusiveMinimum: true }, { ...base(), kind: 'number', integer: false, exclusiveMinimum: 0 }],
    ['3.1 numeric exclusive bounds', { type: 'number', exclusiveMaximum: 5 }, { ...base(), kind: 'number', integer: false, exclusiveMaximum: 5 }],
    ['a boolean', { type: 'boolean' }, { ...base(), kind: 'boolean' }],
    ['3.1 nullable type list', { type: ['string', 'null'] }, { ...base(), nullable: true, kind: 'string', encoding: undefined }],
    ['3.0 nullable', { type: 'boolean', nullable: true }, { ...base(), nullable: true, kind: 'boolean' }],
    ['an enum with descriptions', { type: 'string', enum: ['A', 'B'], 'x-enumDescriptions': { A: 'a' } }, { ...base(), kind: 'enum', values: ['A', 'B'], valueDescriptions: { A: 'a' } }],
    ['const is a one-value enum', { const: 0 }, { ...base(), kind: 'enum', values: [0], valueDescriptions: {} }],
    ['an enum with null is nullable', { enum: ['A', null] }, { ...base(), nullable: true, kind: 'enum', values: ['A'], valueDescriptions: {} }],
    ['no type at all', {}, { ...base(), kind: 'unknown' }],
    ['a description is kept', { type: 'null', description: 'nothing' }, { ...base(), kind: 'null', description: 'nothing' }],
  ])('%s', (_name, schema, want) => {
    expect(one(schema)).toEqual(want);
  });

  test('objects: properties in order, required flags, strictness', () => {
    expect(one({ type: 'object', required: ['b'], additionalProperties: false, properties: { a: { type: 'string' }, b: { $ref: '#/components/schemas/S' } } })).toEqual({
      ...base(),
      kind: 'object',
      additional: false,
      properties: [
        { name: 'a', required: false, schema: { ...base('#/components/schemas/S/properties/a'), kind: 'string', encoding: undefined } },
        { name: 'b', required: true, schema: { ...base('#/components/schemas/S/properties/b'), kind: 'ref', name: 'S' } },
      ],
    });
  });

  test('objects default to allowing unknown keys; a schema types them', () => {
    expect(one({ type: 'object' })).toMatchObject({ kind: 'object', additional: true });
    expect(one({ type: 'object', additionalProperties: { type: 'integer' } })).toMatchObject({ kind: 'object', additional: { kind: 'number', integer: true } });
  });

  test('arrays', () => {
    expect(one({ type: 'array', items: { type: 'boolean' }, minItems: 1, uniqueItems: true })).toEqual({
      ...base(),
      kind: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { ...base('#/components/schemas/S/items'), kind: 'boolean' },
    });
  });

  test('oneOf with a discriminator is an exclusive union', () => {
    const node = one({ oneOf: [{ $ref: '#/components/schemas/S' }, { type: 'null' }], discriminator: { propertyName: 'kind', mapping: { a: '#/components/schemas/S' } } });
    expect(node).toMatchObject({ kind: 'union', exclusive: true, discriminator: { property: 'kind', mapping: { a: '#/components/schemas/S' } }, pointer: '#/components/schemas/S/oneOf' });
    expect(node.kind === 'union' && node.variants.map((v) => v.kind)).toEqual(['ref', 'null']);
  });

  test('anyOf is an inclusive union; allOf beside properties is an intersection', () => {
    expect(one({ anyOf: [{ type: 'string' }, { type: 'integer' }] })).toMatchObject({ kind: 'union', exclusive: false });
    const node = one({ type: 'object', properties: { a: { type: 'string' } }, allOf: [{ $ref: '#/components/schemas/S' }] });
    expect(node.kind).toBe('intersection');
    expect(node.kind === 'intersection' && node.parts.map((p) => p.kind)).toEqual(['object', 'ref']);
  });

  test('a type list without null becomes a union of each type', () => {
    expect(one({ type: ['string', 'integer'] })).toMatchObject({ kind: 'union', variants: [{ kind: 'string' }, { kind: 'number', integer: true }] });
  });
});

describe('model: what it cannot handle fails with the JSON pointer', () => {
  test.each([
    [{ not: { type: 'string' } }, '#/components/schemas/S/not'],
    [{ type: 'object', properties: { a: { if: { type: 'string' } } } }, '#/components/schemas/S/properties/a/if'],
    [{ type: 'array', prefixItems: [] }, '#/components/schemas/S/prefixItems'],
    [{ type: 'strng' }, '#/components/schemas/S/type'],
    [{ $ref: '#/components/schemas/Missing/properties/x' }, '#/components/schemas/S'],
  ])('%j', (schema, pointer) => {
    const attempt = () => one(schema);
    expect(attempt).toThrow(CodegenError);
    expect(attempt).toThrow(pointer);
  });

  test('an operation without operationId', () => {
    expect(() => buildIR(doc({}, { paths: { '/x': { get: { responses: {} } } } }))).toThrow('#/paths/~1x/get: operation has no operationId');
  });

  test('a key-format table that misses an enum value', () => {
    const KeyType = { type: 'string', enum: ['A', 'B'], 'x-hem-key-formats': { A: { family: 'sec1', curve: 'c', bytes: 1, encoding: 'e', oid: '1.2.3' } } };
    expect(() => buildIR(doc({ KeyType }))).toThrow('#/components/schemas/KeyType/x-hem-key-formats: no entry for B');
  });

  test('a key-format entry with a bad family or size', () => {
    const table = (f: unknown) => ({ KeyType: { type: 'string', enum: ['A'], 'x-hem-key-formats': { A: f } } });
    expect(() => buildIR(doc(table({ family: 'rsa', bytes: 1 })))).toThrow('#/components/schemas/KeyType/x-hem-key-formats/A/family');
    expect(() => buildIR(doc(table({ family: 'sec1', bytes: 0 })))).toThrow('#/components/schemas/KeyType/x-hem-key-formats/A/bytes');
    expect(() => buildIR(doc(table({ family: 'sec1', bytes: 1, oid: 'P-256' })))).toThrow('#/components/schemas/KeyType/x-hem-key-formats/A/oid');
  });
});

describe('model: operations', () => {
  const spec = doc(
    { R: { type: 'object' } },
    {
      security: [{ bearer: [] }],
      paths: {
        '/a/{id}': {
          post: {
            operationId: 'doThing',
            'x-hem-scope': { claim: 'a:b', match: 'exact' },
            'x-hem-roles': { allowed: ['User'], denied: ['Master'] },
            'x-hem-tls': 'required',
            requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/R' }, examples: { one: { $ref: '#/components/examples/E' } } } } },
            responses: {
              '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } },
              '406': { $ref: '#/components/responses/Nope' },
            },
          },
          get: { operationId: 'getThing', security: [], responses: {} },
        },
      },
    },
  );
  (spec.components as any).examples = { E: { summary: 's', value: { x: 1 } } };
  (spec.components as any).responses = { Nope: { description: 'refused', 'x-hem-error-code': 'nope' } };

  test('fills every default once', () => {
    const [get, post] = buildIR(spec).operations; // methods in HTTP-verb order
    expect(post).toMatchObject({
      id: 'doThing',
      method: 'post',
      path: '/a/{id}',
      pointer: '#/paths/~1a~1{id}/post',
      security: ['bearer'],
      scope: { claim: 'a:b', match: 'exact' },
      roles: { allowed: ['User'], denied: ['Master'] },
      tls: 'required',
      requestBody: { required: true, contentType: 'application/json', schema: { kind: 'ref', name: 'R' }, examples: [{ name: 'one', summary: 's', value: { x: 1 } }] },
      responses: [
        { status: '200', code: 'http_200', contentType: 'application/json', emptyBody: false },
        { status: '406', code: 'nope', description: 'refused', emptyBody: true },
      ],
    });
    expect(get).toMatchObject({ id: 'getThing', method: 'get', security: [], tls: 'optional', responses: [] });
    expect(get).not.toHaveProperty('scope');
  });
});
