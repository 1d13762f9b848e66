import { describe, expect, test } from 'vitest';
import { Diagnostics } from '../src/diagnostics.js';
import { emitZod } from '../src/emit/zod/index.js';
import { ASSERTIONS, WRITERS } from '../src/emit/zod/kinds.js';
import { ASSERTION_KINDS, SCHEMA_KINDS } from '../src/ir.js';
import { buildIR } from '../src/model/index.js';
import { doc, generate, type Schema, type SchemaModule } from './helpers.js';

/**
 * Generates every target for these schemas (and paths), type-checks them together, and
 * returns each validator dialect's module: every behaviour is checked in classic zod and
 * in zod/mini from one generation.
 */
async function dialects(schemas: Record<string, unknown>, paths: Record<string, unknown> = {}) {
  // The client target adds nothing to what these tests read: types and validator only.
  const gen = await generate(doc(schemas, { paths }), ['types', 'validator']);
  expect(gen.rendered.blocked).toEqual([]);
  expect(gen.compileErrors).toEqual([]);
  const classic = await gen.load<SchemaModule>('validator', 'schemas.gen.ts');
  const mini = await gen.load<SchemaModule>('validator', 'mini.gen.ts');
  return { gen, all: [classic, mini] };
}
const accepts = (schema: Schema | null | undefined, value: unknown) => schema!.safeParse(value).success;
/** What the tests read of an OPERATION_SCHEMAS entry. */
type OperationSchemas = { params: Schema; body: Schema; responses: Record<number, Schema | null>; keys: unknown[] };
/** The same verdicts from both dialects. */
function verdicts(all: SchemaModule[], name: string, values: unknown[]): boolean[] {
  const [classic, mini] = all.map((mod) => values.map((v) => accepts(mod[name], v)));
  expect(mini, `zod/mini disagrees with zod on ${name}`).toEqual(classic);
  return classic!;
}

describe('zod emitter: tables cover the IR', () => {
  test.each(SCHEMA_KINDS)('a writer for %s', (kind) => expect(typeof WRITERS[kind]).toBe('function'));
  test.each(ASSERTION_KINDS)('a check for assertion %s', (kind) => expect(typeof ASSERTIONS[kind]).toBe('function'));
});

describe('zod emitter (classic and mini): one behaviour each', () => {
  test('imports the right zod in each file', async () => {
    const { gen } = await dialects({ B: { type: 'boolean' } });
    expect(gen.text('validator', 'schemas.gen.ts')).toContain('import * as z from "zod";');
    expect(gen.text('validator', 'mini.gen.ts')).toContain('import * as z from "zod/mini";');
  });

  test('string formats are checked; an unknown format is an annotation', async () => {
    const { all } = await dialects({
      D: { type: 'string', format: 'date-time' },
      E: { type: 'string', format: 'email', maxLength: 8 },
      U: { type: 'string', format: 'x-unknown' },
    });
    expect(verdicts(all, 'D', ['2026-11-27T10:00:00Z', 'yesterday'])).toEqual([true, false]);
    expect(verdicts(all, 'E', ['a@b.io', 'a@bcdefgh.io'])).toEqual([true, false]);
    expect(verdicts(all, 'U', ['anything'])).toEqual([true]);
  });

  test('additionalProperties: false is strict; true keeps unknown keys; absent allows and drops them', async () => {
    const { all } = await dialects({
      Strict: { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } },
      Kept: { type: 'object', additionalProperties: true, properties: { a: { type: 'string' } } },
      Typed: { type: 'object', additionalProperties: { type: 'integer' } },
      Loose: { type: 'object', properties: { a: { type: 'string' } } },
    });
    expect(verdicts(all, 'Strict', [{ a: 'x', b: 1 }, { a: 'x' }])).toEqual([false, true]);
    expect(verdicts(all, 'Typed', [{ n: 1 }, { n: 'x' }])).toEqual([true, false]);
    for (const mod of all) {
      expect(mod.Kept!.parse({ a: 'x', b: 1 })).toEqual({ a: 'x', b: 1 });
      expect(mod.Loose!.parse({ a: 'x', b: 1 })).toEqual({ a: 'x' });
    }
  });

  test('required and optional properties; optional keys stay absent, never undefined', async () => {
    const { all } = await dialects({ O: { type: 'object', required: ['a'], properties: { a: { type: 'string' }, b: { type: 'integer' } } } });
    expect(verdicts(all, 'O', [{}, { a: 'x' }, { a: 'x', b: undefined }])).toEqual([false, true, false]);
  });

  test('string bounds, patterns, and base64 as the device reads it', async () => {
    const { all } = await dialects({
      S: { type: 'string', minLength: 2, maxLength: 3, pattern: '^[a-z]+$' },
      B: { type: 'string', format: 'byte', 'x-hem-max-decoded-bytes': 2 },
    });
    expect(verdicts(all, 'S', ['a', 'ab', 'abcd', 'AB'])).toEqual([false, true, false, false]);
    expect(verdicts(all, 'B', ['AAA', 'AA==', 'A-_', 'A A=', 'AAAAA', 'AAAA'])).toEqual([true, true, true, false, false, false]);
  });

  test('integers: any whole number, also beyond 2^53 (int64); int32 keeps its range', async () => {
    const { all } = await dialects({
      I: { type: 'integer', minimum: 1, exclusiveMaximum: 10, multipleOf: 3 },
      Big: { type: 'integer', format: 'int64' },
      Small: { type: 'integer', format: 'int32' },
    });
    expect(verdicts(all, 'I', [1, 3, 9, 10, 12, 3.5])).toEqual([false, true, true, false, false, false]);
    expect(verdicts(all, 'Big', [2 ** 60, -(2 ** 62), 1.5])).toEqual([true, true, false]);
    expect(verdicts(all, 'Small', [2 ** 31 - 1, 2 ** 31])).toEqual([true, false]);
  });

  test('arrays with bounds and uniqueItems; tuples by prefixItems', async () => {
    const { all } = await dialects({
      A: { type: 'array', items: { type: 'integer' }, minItems: 1, maxItems: 3, uniqueItems: true },
      T: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: { type: 'boolean' } },
    });
    expect(verdicts(all, 'A', [[], [1], [1, 1], [1, 2, 3, 4], ['x']])).toEqual([false, true, false, false, false]);
    expect(verdicts(all, 'T', [[], ['a'], ['a', 1, true, false], [1], ['a', 1, 'x']])).toEqual([true, true, true, false, false]);
  });

  test('enums of strings, numbers and const; an extensible enum takes other strings too', async () => {
    const { all } = await dialects({
      E: { type: 'string', enum: ['a', 'b'] },
      N: { enum: [1, 'x'] },
      C: { const: 7 },
      X: { type: 'string', enum: ['a'], 'x-hem-extensible': true },
    });
    expect(verdicts(all, 'E', ['a', 'c'])).toEqual([true, false]);
    expect(verdicts(all, 'N', [1, 2])).toEqual([true, false]);
    expect(verdicts(all, 'C', [7, 8])).toEqual([true, false]);
    expect(verdicts(all, 'X', ['a', 'new', 1])).toEqual([true, true, false]);
  });

  test('$ref to a schema declared later resolves (dependency order)', async () => {
    const { all, gen } = await dialects({ First: { type: 'object', properties: { b: { $ref: '#/components/schemas/Second' } } }, Second: { type: 'boolean' } });
    const text = gen.text('validator', 'schemas.gen.ts');
    expect(text.indexOf('export const Second')).toBeLessThan(text.indexOf('export const First'));
    expect(verdicts(all, 'First', [{ b: true }, { b: 1 }])).toEqual([true, false]);
  });

  test('recursive schemas: lazy, and typed with the IR own types where TypeScript cannot infer them', async () => {
    const { all, gen } = await dialects({
      Tree: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } } } },
      Errors: { oneOf: [{ type: 'object', additionalProperties: { $ref: '#/components/schemas/Errors' } }, { type: 'string' }] },
    });
    // Declared with the IR's own type of it (types/kinds.ts), which the schema agrees with by construction.
    expect(gen.text('validator', 'schemas.gen.ts')).toContain('export const Errors: z.ZodType<$Errors> = ');
    expect(gen.text('validator', 'schemas.gen.ts')).toMatch(/^type \$Errors = \{\n {2}\[key: string\]: \$Errors;\n\} \| string;$/m);
    expect(verdicts(all, 'Tree', [{ children: [{ children: [] }] }, { children: [{ children: 1 }] }])).toEqual([true, false]);
    expect(verdicts(all, 'Errors', ['x', { a: { b: 'y' } }, { a: 1 }])).toEqual([true, true, false]);
  });

  test('oneOf matches exactly one variant; anyOf at least one', async () => {
    const { all } = await dialects({
      One: { oneOf: [{ type: 'integer' }, { type: 'number', minimum: 0 }] },
      Any: { anyOf: [{ type: 'integer' }, { type: 'number', minimum: 0 }] },
    });
    expect(verdicts(all, 'One', [1, -1, 0.5])).toEqual([false, true, true]);
    expect(verdicts(all, 'Any', [1, -0.5])).toEqual([true, false]);
  });

  test('a discriminator picks the branch by its value, so overlapping branches still validate', async () => {
    // Both branches accept any object with a string `kind`: as a plain oneOf, every value
    // would match both and fail. The discriminator (implicit names and a mapping) decides.
    const { all } = await dialects({
      Cat: { type: 'object', required: ['kind'], properties: { kind: { type: 'string' }, lives: { type: 'integer' } } },
      Dog: { type: 'object', required: ['kind'], properties: { kind: { type: 'string' }, lives: { type: 'string' } } },
      Pet: {
        oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
        discriminator: { propertyName: 'kind', mapping: { hound: '#/components/schemas/Dog' } },
      },
    });
    expect(verdicts(all, 'Pet', [{ kind: 'Cat', lives: 9 }, { kind: 'Dog', lives: 'one' }, { kind: 'hound' }, { kind: 'Cat', lives: 'nine' }, { kind: 'cow' }])).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  test('allOf of objects merges their properties; unevaluatedProperties: false closes the merge', async () => {
    const base = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } };
    const named = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
    const { all } = await dialects({
      Base: base,
      Named: { allOf: [{ $ref: '#/components/schemas/Base' }, named] },
      Closed: { allOf: [{ $ref: '#/components/schemas/Base' }, named], unevaluatedProperties: false },
    });
    expect(verdicts(all, 'Named', [{ id: 'a', name: 'b' }, { id: 'a' }, { name: 'b' }])).toEqual([true, false, false]);
    expect(
      verdicts(all, 'Closed', [
        { id: 'a', name: 'b' },
        { id: 'a', name: 'b', extra: 1 },
      ]),
    ).toEqual([true, false]);
  });

  test('not, if/then/else, dependentRequired, propertyNames, contains and patternProperties are checked', async () => {
    const { all } = await dialects({
      Not: { type: 'string', not: { const: 'root' } },
      If: { type: 'object', if: { properties: { kind: { const: 'a' } }, required: ['kind'] }, then: { required: ['a'] }, else: { required: ['b'] } },
      Dep: { type: 'object', dependentRequired: { card: ['cvv'] } },
      Names: { type: 'object', propertyNames: { pattern: '^[a-z]+$' } },
      Has: { type: 'array', contains: { type: 'string' }, minContains: 2 },
      Pat: { type: 'object', properties: { id: { type: 'string' } }, patternProperties: { '^x-': { type: 'integer' } }, additionalProperties: false },
    });
    expect(verdicts(all, 'Not', ['user', 'root'])).toEqual([true, false]);
    expect(verdicts(all, 'If', [{ kind: 'a', a: 1 }, { kind: 'a', b: 1 }, { kind: 'z', b: 1 }, {}])).toEqual([true, false, true, false]);
    expect(verdicts(all, 'Dep', [{}, { card: 1, cvv: 2 }, { card: 1 }])).toEqual([true, true, false]);
    expect(verdicts(all, 'Names', [{ ab: 1 }, { Ab: 1 }])).toEqual([true, false]);
    expect(
      verdicts(all, 'Has', [
        ['a', 'b', 1],
        ['a', 1],
      ]),
    ).toEqual([true, false]);
    expect(verdicts(all, 'Pat', [{ id: 'a', 'x-n': 1 }, { 'x-n': 'one' }, { other: 1 }])).toEqual([true, false, false]);
    for (const mod of all) expect(mod.Pat!.parse({ id: 'a', 'x-n': 1 })).toEqual({ id: 'a', 'x-n': 1 });
  });

  test('format: binary takes bytes (Blob or Uint8Array)', async () => {
    const { all } = await dialects({ F: { type: 'string', format: 'binary' } });
    expect(verdicts(all, 'F', [new Uint8Array(2), new Blob(['x']), 'text'])).toEqual([true, true, false]);
  });

  test('every operation has its schemas in OPERATION_SCHEMAS: parameters by name, body, success bodies, key fields', async () => {
    const { all } = await dialects(
      {},
      {
        '/x/{id}': {
          post: {
            operationId: 'makeX',
            parameters: [
              { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
              { name: 'dry', in: 'query', schema: { type: 'boolean' } },
            ],
            requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } } } },
            responses: {
              '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } },
              '204': { description: 'nothing' },
              '404': { description: 'No such thing.' },
            },
          },
        },
      },
    );
    for (const mod of all) {
      const op = (mod.OPERATION_SCHEMAS as unknown as Record<string, OperationSchemas>).makeX!;
      expect([accepts(op.params, { id: 1 }), accepts(op.params, { id: 'x' }), accepts(op.params, {}), accepts(op.params, { id: 1, typo: 1 })]).toEqual([true, false, false, false]);
      expect([accepts(op.body, { n: 1 }), accepts(op.body, {})]).toEqual([true, false]);
      expect(accepts(op.responses[200], { id: 'a' })).toBe(true);
      expect(op.responses[204]).toBeNull();
      expect(op.keys).toEqual([]);
      expect([accepts(mod.MakeXErrorStatus, 404), accepts(mod.MakeXErrorStatus, 500)]).toEqual([true, false]);
      expect(op.body).toBe(mod.MakeXRequest);
    }
  });
});

describe('zod emitter: what it cannot say is reported, with the pointer', () => {
  const emit = (schemas: Record<string, unknown>) => {
    const { ir, diagnostics } = buildIR(doc(schemas));
    const diags = new Diagnostics();
    emitZod(ir, diags);
    return [...diagnostics.list, ...diags.list];
  };

  test('a decoded-length rule without a key-format table', () => {
    expect(emit({ R: { type: 'object', properties: { kind: { type: 'string' }, k: { type: 'string', format: 'byte', 'x-hem-decoded-length-from': 'kind' } } } })).toEqual([
      expect.objectContaining({ severity: 'error', pointer: '#/components/schemas/R', targets: ['validator'], message: expect.stringContaining('needs a key-format table') }),
    ]);
  });

  test('a decoded-length rule naming a missing sibling', () => {
    expect(emit({ R: { type: 'object', properties: { k: { type: 'string', format: 'byte', 'x-hem-decoded-length-from': 'kind' } } } })).toEqual([
      expect.objectContaining({ severity: 'error', pointer: '#/components/schemas/R/properties/k', message: expect.stringContaining('names "kind", which is not a property') }),
    ]);
  });

  test('a discriminator over branches that are not all objects falls back to every branch, with a warning', () => {
    expect(
      emit({
        U: { oneOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/S' }], discriminator: { propertyName: 'k' } },
        A: { type: 'object' },
        S: { type: 'string' },
      }),
    ).toContainEqual(expect.objectContaining({ severity: 'warning', pointer: '#/components/schemas/U/oneOf', targets: ['validator'] }));
  });
});
