import { describe, expect, test } from 'vitest';
import { WRITERS } from '../src/emit/types/kinds.js';
import { SCHEMA_KINDS } from '../src/ir.js';
import { generate } from './helpers.js';

// A small spec with one of each construct the types target must carry through.
const fixture = {
  openapi: '3.0.3',
  info: { title: 'fixture', version: '1' },
  paths: {
    '/things/{id}': {
      post: {
        operationId: 'make-thing',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'integer', format: 'int64' } },
          { name: 'dry', in: 'query', description: 'Check only.', schema: { type: 'boolean' } },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { n: { type: 'integer' } } } } } },
        responses: {
          '200': { description: 'ok', headers: { 'X-Rate': { schema: { type: 'integer' } } }, content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          '404': { description: 'No such thing.' },
          '409': { description: 'Busy.', 'x-hem-error-code': 'busy' },
        },
      },
    },
    '/files': { put: { operationId: 'upload', requestBody: { content: { 'application/octet-stream': {} } }, responses: { '204': { description: 'stored' } } } },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' }, color: { $ref: '#/components/schemas/Color' }, extra: { type: 'object', additionalProperties: { type: 'integer' } } },
        description: 'A thing. Not */ a comment end.',
      },
      Color: { type: 'string', enum: ['red', 'green'], 'x-enumDescriptions': { red: 'Warm.' }, nullable: true },
      Size: { type: 'integer', enum: [1, 2] },
      Pet: { oneOf: [{ $ref: '#/components/schemas/Thing' }], discriminator: { propertyName: 'kind' } },
    },
  },
};

describe('types emitter', () => {
  test.each(SCHEMA_KINDS)('a writer for %s', (kind) => expect(typeof WRITERS[kind]).toBe('function'));

  test('paths, components and operations, named aliases, enum arrays, escaped JSDoc; and it compiles', async () => {
    const gen = await generate(fixture, ['types']);
    expect(gen.rendered.blocked).toEqual([]);
    expect(gen.compileErrors).toEqual([]);
    const api = gen.text('types', 'openapi.gen.ts');
    const models = gen.text('types', 'models.gen.ts');
    // openapi-typescript's shape (emit/types/openapi-ts.ts), with our hooks.
    expect(api).toMatch(/"\/things\/\{id\}": \{[\s\S]*?post: operations\["make-thing"\];/);
    expect(api).toContain('/** @description A thing. Not *\\/ a comment end. */');
    expect(api).toContain('Color: "red" | "green" | null;');
    expect(api).toContain('[key: string]: number;');
    expect(api).toMatch(/parameters: \{\n\s+query\?: \{\n\s+\/\*\* @description Check only\. \*\/\n\s+dry\?: boolean;\n\s+\};\n\s+header\?: never;\n\s+path: \{\n\s+id: number;/);
    // A binary body without a schema is openapi-typescript's `unknown` (no hook sees it).
    expect(api).toContain('"application/octet-stream": unknown;');
    expect(models).toContain('export type Thing = components["schemas"]["Thing"];');
    expect(models).toMatch(/export const COLORS = \[\n\s+\/\*\* Warm\. \*\/\n\s+"red",\n\s+"green",\n\] as const satisfies readonly Color\[\];/);
    expect(models).not.toContain('SIZES'); // numeric enums: a type, no string array
    expect(models).toContain('export type MakeThingRequest = operations["make-thing"]["requestBody"]["content"]["application/json"];');
    expect(models).toMatch(/export type MakeThingParams = \{\n.*\n\s+id: number;/);
    expect(models).not.toContain('KEY_FORMATS');
    // Error statuses: one table per operation, codes from x-hem-error-code or the status.
    expect(models).toContain(
      'export const MAKE_THING_ERRORS = {\n  404: { code: "http_404", meaning: "No such thing." },\n  409: { code: "busy", meaning: "Busy." },\n} as const;',
    );
  });

  test('a document with no operations and no schemas still gives types that compile', async () => {
    const gen = await generate({ openapi: '3.1.0', info: { title: 'empty', version: '1' }, paths: {} });
    expect(gen.rendered.blocked).toEqual([]);
    expect(gen.compileErrors).toEqual([]);
    expect(gen.text('types', 'openapi.gen.ts')).toContain('export type operations = Record<string, never>;');
    expect(gen.text('client', 'operations.gen.ts')).toContain('export function bindOperations(_runtime: Runtime) {\n  return {};\n}');
  });
});
