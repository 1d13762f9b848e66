import { describe, expect, test } from 'vitest';
import { doc, model } from './helpers.js';

const one = (schema: unknown, version = '3.1.0') => {
  const { ir, diagnostics } = model({ ...doc({ S: schema }), openapi: version });
  return { node: ir.schemas[0]!.schema, diagnostics };
};
const node = (schema: unknown, version?: string) => one(schema, version).node;
const base = (pointer = '#/components/schemas/S') => ({ pointer, nullable: false, deprecated: false });
const S = '#/components/schemas/S';

describe('model: schema nodes', () => {
  test.each([
    [
      'a string with bounds and pattern',
      { type: 'string', minLength: 1, maxLength: 3, pattern: '^a' },
      { ...base(), kind: 'string', encoding: undefined, minLength: 1, maxLength: 3, pattern: '^a' },
    ],
    ['format: byte is base64', { type: 'string', format: 'byte' }, { ...base(), kind: 'string', encoding: 'base64', format: 'byte' }],
    ['contentEncoding base64 is base64', { type: 'string', contentEncoding: 'base64' }, { ...base(), kind: 'string', encoding: 'base64' }],
    ['format: binary is bytes', { type: 'string', format: 'binary' }, { ...base(), kind: 'string', encoding: 'binary', format: 'binary' }],
    ['contentMediaType of binary content is bytes', { contentMediaType: 'image/png' }, { ...base(), kind: 'string', encoding: 'binary' }],
    [
      'hem extensions on a string',
      { type: 'string', 'x-hem-max-decoded-bytes': 64, 'x-hem-decoded-length-from': 'type', 'x-hem-pattern-hint': 'do this' },
      { ...base(), kind: 'string', encoding: undefined, hem: { maxDecodedBytes: 64, decodedLengthFrom: 'type', patternHint: 'do this' } },
    ],
    [
      'an integer with bounds and format',
      { type: 'integer', format: 'int64', minimum: 0, maximum: 9 },
      { ...base(), kind: 'number', integer: true, format: 'int64', minimum: 0, maximum: 9 },
    ],
    ['3.1 numeric exclusive bounds', { type: 'number', exclusiveMaximum: 5 }, { ...base(), kind: 'number', integer: false, exclusiveMaximum: 5 }],
    ['a boolean', { type: 'boolean' }, { ...base(), kind: 'boolean' }],
    ['3.1 nullable type list', { type: ['string', 'null'] }, { ...base(), nullable: true, kind: 'string', encoding: undefined }],
    [
      'an enum with descriptions',
      { type: 'string', enum: ['A', 'B'], 'x-enumDescriptions': { A: 'a' } },
      { ...base(), kind: 'enum', values: ['A', 'B'], valueDescriptions: { A: 'a' } },
    ],
    ['const is a one-value enum', { const: 0 }, { ...base(), kind: 'enum', values: [0], valueDescriptions: {} }],
    ['an enum with null is nullable', { enum: ['A', null] }, { ...base(), nullable: true, kind: 'enum', values: ['A'], valueDescriptions: {} }],
    ['no type at all', {}, { ...base(), kind: 'unknown' }],
    ['false accepts nothing', false, { ...base(), kind: 'never' }],
    [
      'annotations are kept',
      { type: 'null', description: 'nothing', title: 'T', default: null, deprecated: true },
      { ...base(), kind: 'null', description: 'nothing', title: 'T', default: null, deprecated: true },
    ],
    ['an extensible enum', { type: 'string', enum: ['a'], 'x-hem-extensible': true }, { ...base(), kind: 'enum', values: ['a'], valueDescriptions: {}, hem: { extensible: true } }],
  ])('%s', (_name, schema, want) => {
    expect(one(schema)).toEqual({ node: want, diagnostics: [] });
  });

  test('3.0 nullable counts in 3.0 documents; in 3.1 it counts too (as openapi-typescript reads it), with a warning', () => {
    expect(node({ type: 'boolean', nullable: true }, '3.0.3')).toMatchObject({ kind: 'boolean', nullable: true });
    const { node: n, diagnostics } = one({ type: 'boolean', nullable: true });
    expect(n).toMatchObject({ kind: 'boolean', nullable: true });
    expect(diagnostics).toEqual([{ severity: 'warning', pointer: `${S}/nullable`, message: expect.stringContaining('honoured as openapi-typescript does') }]);
  });

  test('3.0 boolean exclusive bounds', () => {
    expect(node({ type: 'number', minimum: 0, exclusiveMinimum: true }, '3.0.3')).toEqual({ ...base(), kind: 'number', integer: false, exclusiveMinimum: 0 });
  });

  test('integer bounds beyond 2^53 are kept and warned about', () => {
    // int64's maximum as a spec writes it, 9223372036854775807, parses to 2 ** 63.
    const { node: n, diagnostics } = one({ type: 'integer', maximum: 2 ** 63 });
    expect(n).toMatchObject({ kind: 'number', integer: true, maximum: 2 ** 63 });
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'warning', pointer: `${S}/maximum`, message: expect.stringContaining('beyond 2^53') })]);
  });

  test('objects: properties in order, required flags, strictness', () => {
    expect(node({ type: 'object', required: ['b'], additionalProperties: false, properties: { a: { type: 'string' }, b: { $ref: '#/components/schemas/S' } } })).toEqual({
      ...base(),
      kind: 'object',
      additional: false,
      additionalImplicit: false,
      properties: [
        { name: 'a', required: false, schema: { ...base(`${S}/properties/a`), kind: 'string', encoding: undefined } },
        { name: 'b', required: true, schema: { ...base(`${S}/properties/b`), kind: 'ref', name: 'S' } },
      ],
    });
  });

  test('objects allow unknown keys unless told; written true or a schema differs from absent', () => {
    expect(node({ type: 'object' })).toMatchObject({ kind: 'object', additional: true, additionalImplicit: true });
    expect(node({ type: 'object', additionalProperties: true })).toMatchObject({ kind: 'object', additional: true, additionalImplicit: false });
    expect(node({ type: 'object', additionalProperties: { type: 'integer' } })).toMatchObject({ kind: 'object', additional: { kind: 'number', integer: true } });
  });

  test('a required readOnly property is optional (it is required in responses only), with a warning', () => {
    const { node: n, diagnostics } = one({ type: 'object', required: ['id'], properties: { id: { type: 'string', readOnly: true } } });
    expect(n).toMatchObject({ properties: [{ name: 'id', required: false, schema: { readOnly: true } }] });
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'warning', pointer: `${S}/properties/id`, message: expect.stringContaining('required only in responses') })]);
  });

  test('arrays, and tuples with prefixItems', () => {
    expect(node({ type: 'array', items: { type: 'boolean' }, minItems: 1, uniqueItems: true })).toEqual({
      ...base(),
      kind: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { ...base(`${S}/items`), kind: 'boolean' },
    });
    expect(node({ prefixItems: [{ type: 'string' }], items: false })).toMatchObject({ kind: 'array', prefixItems: [{ kind: 'string' }], items: { kind: 'never' } });
  });

  test("oneOf with a discriminator maps each value to its branch: the mapping, then each schema's own name", () => {
    const { ir } = model(
      doc({
        A: { type: 'object' },
        B: { type: 'object' },
        U: {
          oneOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }],
          discriminator: { propertyName: 'kind', mapping: { a: '#/components/schemas/A', B: '#/components/schemas/A' } },
        },
      }),
    );
    expect(ir.schemas[2]!.schema).toMatchObject({
      kind: 'union',
      exclusive: true,
      pointer: '#/components/schemas/U/oneOf',
      discriminator: {
        property: 'kind',
        mapping: [
          { value: 'a', variant: 0 },
          { value: 'B', variant: 0 },
          { value: 'A', variant: 0 },
        ],
      },
    });
  });

  test('a discriminator mapping to a schema that is not a branch is an error with its pointer', () => {
    const { diagnostics } = one({ oneOf: [{ $ref: '#/components/schemas/S' }], discriminator: { propertyName: 'kind', mapping: { x: '#/components/schemas/Other' } } });
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', pointer: `${S}/discriminator/mapping/x` }));
  });

  test('anyOf is an inclusive union; allOf beside properties is an intersection', () => {
    expect(node({ anyOf: [{ type: 'string' }, { type: 'integer' }] })).toMatchObject({ kind: 'union', exclusive: false });
    const n = node({ type: 'object', properties: { a: { type: 'string' } }, allOf: [{ $ref: '#/components/schemas/S' }] });
    expect(n.kind === 'intersection' && n.parts.map((p) => p.kind)).toEqual(['object', 'ref']);
  });

  test('unevaluatedProperties: on a lone object it is additionalProperties; over allOf it closes the whole', () => {
    expect(node({ type: 'object', properties: { a: {} }, unevaluatedProperties: false })).toMatchObject({ kind: 'object', additional: false });
    expect(node({ allOf: [{ $ref: '#/components/schemas/S' }], unevaluatedProperties: false })).toMatchObject({ kind: 'intersection', unevaluated: false });
    expect(node({ unevaluatedProperties: { type: 'string' } })).toMatchObject({ kind: 'object', properties: [], additional: { kind: 'string' } });
  });

  test('3.1: keywords beside $ref apply together with the target', () => {
    expect(node({ $ref: '#/components/schemas/S', description: 'doc' })).toEqual({ ...base(), kind: 'ref', name: 'S', description: 'doc' });
    expect(node({ $ref: '#/components/schemas/S', maxLength: 3 })).toMatchObject({ kind: 'intersection', parts: [{ kind: 'ref' }, { kind: 'string', maxLength: 3 }] });
  });

  test('3.0: keywords beside $ref have no effect, with a warning', () => {
    const { node: n, diagnostics } = one({ $ref: '#/components/schemas/S', maxLength: 3 }, '3.0.3');
    expect(n).toMatchObject({ kind: 'ref', name: 'S' });
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', pointer: `${S}/maxLength` }));
  });

  test('applicators become assertions the validator checks', () => {
    const n = node({
      type: 'object',
      not: { required: ['x'] },
      if: { required: ['a'] },
      then: { required: ['b'] },
      dependentRequired: { a: ['c'] },
      propertyNames: { maxLength: 3 },
    });
    expect(n.assertions?.map((a) => a.kind)).toEqual(['not', 'if', 'dependentRequired', 'propertyNames']);
    expect(node({ type: 'array', contains: { type: 'string' }, minContains: 2 }).assertions).toEqual([
      { kind: 'contains', schema: expect.objectContaining({ kind: 'string' }), min: 2 },
    ]);
    expect(node({ type: 'object', patternProperties: { '^x-': { type: 'string' } } })).toMatchObject({ patternProperties: [{ pattern: '^x-', schema: { kind: 'string' } }] });
  });

  test('a $dynamicRef is bound by the caller that declares the anchor (a generic schema, specialised)', () => {
    const { ir, diagnostics } = model(
      doc({
        Page: { $defs: { item: { $dynamicAnchor: 'item', not: {} } }, type: 'object', properties: { data: { type: 'array', items: { $dynamicRef: '#item' } } } },
        Names: { $defs: { item: { $dynamicAnchor: 'item', type: 'string' } }, $ref: '#/components/schemas/Page' },
      }),
    );
    expect(diagnostics).toEqual([]);
    const [page, names] = ir.schemas.map((s) => s.schema);
    expect(page).toMatchObject({ kind: 'object', properties: [{ name: 'data', schema: { kind: 'array', items: { kind: 'unknown', assertions: [{ kind: 'not' }] } } }] });
    expect(names).toMatchObject({ kind: 'object', properties: [{ name: 'data', schema: { kind: 'array', items: { kind: 'string' } } }] });
  });
});

describe('model: every problem of a run is reported, each with its pointer', () => {
  test('several problems in one document, all listed; each names its place and what to do', () => {
    const { diagnostics } = model(
      doc(
        { A: { type: 'strng' }, B: { type: 'array', items: { $ref: '#/components/schemas/Missing' } }, C: { unevaluatedItems: false } },
        { paths: { '/x/{id}': { get: { responses: { '200': { description: 'ok' } } } } } },
      ),
    );
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.pointer)).toEqual([
      '#/components/schemas/A/type',
      '#/components/schemas/B/items',
      '#/components/schemas/C/unevaluatedItems',
      '#/paths/~1x~1{id}/get/parameters',
    ]);
    expect(errors.map((d) => d.message)).toEqual([
      expect.stringContaining('use string, number, integer'),
      expect.stringContaining('names no component schema'),
      expect.stringContaining('use prefixItems and items'),
      expect.stringContaining('no path parameter "id" is declared: add it'),
    ]);
    expect(errors[3]).toMatchObject({ operation: 'getXById' });
  });

  test('an x-hem-* extension of the wrong shape or name is an error at its place', () => {
    const { diagnostics } = model(doc({}, { paths: { '/x': { get: { operationId: 'x', 'x-hem-tls': 'maybe', 'x-hem-scope': {}, responses: {} } } } }));
    expect(diagnostics).toHaveLength(2);
    expect(diagnostics.map((d) => [d.pointer, d.message])).toEqual(
      expect.arrayContaining([
        ['#/paths/~1x/get/x-hem-tls', 'x-hem-tls must be one of "required", "optional".'],
        ['#/paths/~1x/get/x-hem-scope', expect.stringContaining('x-hem-scope is not an x-hem extension of an operation: fix the name')],
      ]),
    );
  });

  test('a key table: covers the enum, every family described, sizes that fit the family', () => {
    const KeyType = (formats: object, families: object = { sec1: { modeRequired: false } }) => ({
      KeyType: { type: 'string', enum: ['A', 'B'], 'x-hem-key-formats': formats, 'x-hem-key-families': families },
    });
    const a = { family: 'sec1', curve: 'P-256', bytes: 33, encoding: 'e', oid: '1.2.3' };
    const errors = (d: Record<string, unknown>) => model(doc(d)).diagnostics.map((x) => `${x.pointer} ${x.message}`);
    expect(errors(KeyType({ A: a }))).toEqual([expect.stringMatching(/^#\/components\/schemas\/KeyType\/x-hem-key-formats key type "B" has no entry/)]);
    expect(errors(KeyType({ A: a, B: { ...a, curve: 'P-384', oid: '1.2.4', bytes: 48 } }))).toEqual([
      expect.stringMatching(/x-hem-key-formats\/B\/bytes .*cannot be a key of its family/),
    ]);
    expect(errors(KeyType({ A: a, B: { ...a, curve: 'P-384', oid: '1.2.3' } }))).toEqual([expect.stringMatching(/x-hem-key-formats\/B\/oid B has the same oid as A/)]);
    expect(errors(KeyType({ A: a, B: { ...a, family: 'edwards', curve: 'Ed25519', oid: '1.3', bytes: 32 } }))).toEqual([
      expect.stringMatching(/x-hem-key-families family "edwards" \(used by B\)/),
    ]);
  });
});

describe('model: operations', () => {
  const spec = doc(
    { R: { type: 'object' } },
    {
      security: [{ bearer: [] }],
      paths: {
        '/a/{id}': {
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'trace', in: 'header', schema: { type: 'string' } },
          ],
          post: {
            operationId: 'doThing',
            'x-hem-scopes': [{ claim: 'a:<id>', match: 'exact' }],
            'x-hem-roles': { allowed: ['User'], denied: ['Master'] },
            'x-hem-tls': 'required',
            'x-hem-kid-from': 'k',
            parameters: [
              { name: 'trace', in: 'header', required: true, schema: { type: 'integer' } },
              { name: 'tags', in: 'query', schema: { type: 'array', items: { type: 'string' } }, explode: false },
              { name: 'filter', in: 'query', style: 'deepObject', schema: { type: 'object' } },
              { name: 'q', in: 'query', content: { 'application/json': { schema: { type: 'object' } } } },
              { name: 'session', in: 'cookie', schema: { type: 'string' } },
            ],
            requestBody: {
              required: true,
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/R' }, examples: { one: { $ref: '#/components/examples/E' } } },
                'multipart/form-data': { schema: { type: 'object' }, encoding: { file: { contentType: 'image/png' } } },
                'application/octet-stream': {},
                'application/x-www-form-urlencoded': { schema: { type: 'object' } },
              },
            },
            responses: {
              '200': { description: 'ok', headers: { 'X-Rate': { required: true, schema: { type: 'integer' } } }, content: { 'application/json': { schema: { type: 'object' } } } },
              '406': { $ref: '#/components/responses/Nope' },
            },
          },
          get: { operationId: 'getThing', deprecated: true, security: [{ bearer: [] }, {}], responses: {} },
        },
      },
      webhooks: { ping: { post: { requestBody: { content: { 'application/json': { schema: { type: 'string' } } } }, responses: {} } } },
    },
  );
  Object.assign(spec.components as object, {
    examples: { E: { summary: 's', value: { x: 1 } } },
    responses: { Nope: { description: 'refused', 'x-hem-error-code': 'nope' } },
    securitySchemes: { bearer: { type: 'http', scheme: 'Bearer', bearerFormat: 'JWT' } },
  });
  const { ir, diagnostics } = model(spec);
  const [get, post] = ir.operations; // methods in HTTP-verb order

  test('no diagnostics for a well-formed document', () => {
    expect(diagnostics).toEqual([]);
  });

  test('parameters: path-item ones merged (the operation wins), styles and explode defaulted per location', () => {
    expect(post!.parameters.map((p) => [p.name, p.in, p.required, p.style, p.explode, p.schema.kind, p.contentType])).toEqual([
      ['id', 'path', true, 'simple', false, 'string', undefined],
      ['trace', 'header', true, 'simple', false, 'number', undefined],
      ['tags', 'query', false, 'form', false, 'array', undefined],
      ['filter', 'query', false, 'deepObject', false, 'object', undefined],
      ['q', 'query', false, 'form', true, 'object', 'application/json'],
      ['session', 'cookie', false, 'form', true, 'string', undefined],
    ]);
  });

  test('a request body keeps every media type, with its wire kind, examples and encoding', () => {
    expect(post!.requestBody).toMatchObject({
      required: true,
      content: [
        { contentType: 'application/json', kind: 'json', schema: { kind: 'ref', name: 'R' }, examples: [{ name: 'one', summary: 's', value: { x: 1 } }] },
        { contentType: 'multipart/form-data', kind: 'multipart', encoding: { file: { contentType: 'image/png' } } },
        { contentType: 'application/octet-stream', kind: 'binary' },
        { contentType: 'application/x-www-form-urlencoded', kind: 'form' },
      ],
    });
    expect(post!.requestBody!.content[2]!.schema).toBeUndefined();
  });

  test('responses per status with their headers, media types and x-hem data', () => {
    expect(post!.responses).toMatchObject([
      { status: '200', headers: [{ name: 'X-Rate', required: true, schema: { kind: 'number' } }], content: [{ contentType: 'application/json', kind: 'json' }] },
      { status: '406', description: 'refused', content: [], headers: [], hem: { errorCode: 'nope' }, pointer: '#/components/responses/Nope' },
    ]);
  });

  test('security: alternatives kept; an empty requirement makes authentication optional; schemes described', () => {
    expect(post!.security).toEqual([{ schemes: [{ name: 'bearer', scopes: [] }] }]);
    expect(get!.security).toEqual([{ schemes: [{ name: 'bearer', scopes: [] }] }, { schemes: [] }]);
    expect(ir.securitySchemes).toEqual([{ name: 'bearer', pointer: '#/components/securitySchemes/bearer', type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }]);
  });

  test('x-hem-* data sits under hem; the core stays generic', () => {
    expect(post!.hem).toEqual({ scopes: [{ claim: 'a:<id>', match: 'exact' }], roles: { allowed: ['User'], denied: ['Master'] }, tls: 'required', kidFrom: 'k' });
    expect(get!.hem).toBeUndefined();
    expect(get).toMatchObject({ id: 'getThing', name: 'getThing', deprecated: true });
  });

  test('webhooks are operations too, named from method and name when they have no operationId', () => {
    expect(ir.webhooks).toMatchObject([{ id: 'postPing', idGiven: false, method: 'post', path: 'ping', requestBody: { content: [{ kind: 'json' }] } }]);
  });
});

describe('model: names of operations', () => {
  const ops = (paths: object) => model(doc({}, { paths }));

  test('an operation without operationId is named from method and path', () => {
    const { ir } = ops({ '/api/keymgmt/get/{kid}': { get: { parameters: [{ name: 'kid', in: 'path', required: true }], responses: {} } }, '/': { get: { responses: {} } } });
    expect(ir.operations.map((o) => [o.id, o.idGiven])).toEqual([
      ['getApiKeymgmtGetByKid', false],
      ['get', false],
    ]);
  });

  test('a made-up name that clashes is an error naming both places', () => {
    const { diagnostics } = ops({ '/a': { get: { operationId: 'getA', responses: {} } }, '/A': { get: { responses: {} } } });
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', pointer: '#/paths/~1A/get', message: expect.stringContaining('as operationId "getA" at #/paths/~1a/get does') }),
    ]);
  });

  test('two operationIds that differ only in punctuation: the second is numbered, with a warning naming both', () => {
    const { ir, diagnostics } = ops({ '/a': { get: { operationId: 'get-thing', responses: {} }, put: { operationId: 'get_thing', responses: {} } } });
    expect(ir.operations.map((o) => o.name)).toEqual(['getThing', 'getThing2']);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'warning', pointer: '#/paths/~1a/put', message: expect.stringContaining('this one is named getThing2') })]);
  });

  test('two component names that make one type name are an error naming both', () => {
    const { diagnostics } = model(doc({ 'pet-store': { type: 'string' }, PetStore: { type: 'string' } }));
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', pointer: '#/components/schemas/PetStore', message: expect.stringContaining('"pet-store" at #/components/schemas/pet-store') }),
    ]);
  });
});

describe('model: x-hem-read-back', () => {
  const spec = (statuses: unknown) =>
    doc(
      {},
      {
        paths: {
          '/put': {
            post: {
              operationId: 'putIt',
              'x-hem-kid-from': 'k',
              'x-hem-read-back': { operation: 'getIt', parameter: 'id', compare: ['k'], ...(statuses === undefined ? {} : { statuses }) },
              requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { k: { type: 'string' } } } } } },
              responses: { '200': { description: 'ok' }, '406': { description: 'refused' }, '500': { description: 'failed' } },
            },
          },
          '/get/{id}': {
            get: { operationId: 'getIt', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'ok' } } },
          },
        },
      },
    );

  test('the statuses after which the item may be stored reach the IR', () => {
    const { ir, diagnostics } = model(spec(['406', '500']));
    expect(diagnostics).toEqual([]);
    expect(ir.operations.find((o) => o.id === 'putIt')?.hem?.readBack?.statuses).toEqual(['406', '500']);
  });

  test('a status the operation does not answer is an error at its pointer', () => {
    const { diagnostics } = model(spec(['406', '409']));
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', pointer: '#/paths/~1put/post/x-hem-read-back/statuses/1', message: expect.stringContaining('putIt lists no 409 response') }),
    ]);
  });

  test('the statuses are required', () => {
    const { diagnostics } = model(spec(undefined));
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining('statuses') })]);
  });
});
