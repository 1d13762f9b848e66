import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { emitOpenApiTypes, emitModels } from '../src/emit/types.js';
import { buildIR } from '../src/model.js';
import { print } from '../src/write.js';
import { diagnostics } from './compile.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

// A small spec with one of each construct the types target must carry through.
const fixture = {
  openapi: '3.0.3',
  info: { title: 'fixture', version: '1' },
  paths: {
    '/things/{id}': {
      post: {
        operationId: 'make-thing',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { n: { type: 'integer' } } } } } },
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          '404': { description: 'No such thing.' },
          '409': { description: 'Busy.', 'x-hem-error-code': 'busy' },
        },
      },
    },
  },
  components: {
    schemas: {
      Thing: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, color: { $ref: '#/components/schemas/Color' } }, description: 'A thing. Not */ a comment end.' },
      Color: { type: 'string', enum: ['red', 'green'], 'x-enumDescriptions': { red: 'Warm.' } },
      Size: { type: 'integer', enum: [1, 2] },
    },
  },
};

describe('types emitter', () => {
  test('named aliases, enum arrays and operation aliases, escaped JSDoc, and it compiles', async () => {
    const ir = buildIR(fixture);
    const files = print([await emitOpenApiTypes(fixture), emitModels(ir)], { source: 'fixture.yaml', command: 'test' });
    const models = files.get('models.gen.ts')!;
    expect(models).toContain('export type Thing = components["schemas"]["Thing"];');
    expect(models).toContain('/** A thing. Not *\\/ a comment end. */');
    expect(models).toMatch(/export const COLORS = \[\n\s+\/\*\* Warm\. \*\/\n\s+"red",\n\s+"green",\n\] as const satisfies readonly Color\[\];/);
    // Numeric enums get a type alias but no string array.
    expect(models).toContain('export type Size = ');
    expect(models).not.toContain('SIZES');
    expect(models).toContain('export type MakeThingRequest = operations["make-thing"]["requestBody"]["content"]["application/json"];');
    expect(models).toContain('export type MakeThingResponse = operations["make-thing"]["responses"][200]["content"]["application/json"];');
    expect(models).not.toContain('KEY_FORMATS');
    // Error statuses: one table per operation, codes from x-hem-error-code or the status.
    expect(models).toContain('export const MAKE_THING_ERRORS = {\n  404: { code: "http_404", meaning: "No such thing." },\n  409: { code: "busy", meaning: "Busy." },\n} as const;');
    expect(diagnostics(files, `${HERE}/.scratch`)).toEqual([]);
  });
});
