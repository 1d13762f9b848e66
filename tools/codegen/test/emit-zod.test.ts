import { copyFile, mkdir, mkdtemp, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { emitZod } from '../src/emit/zod/index.js';
import { WRITERS, type Dialect } from '../src/emit/zod/kinds.js';
import { SCHEMA_KINDS } from '../src/ir.js';
import { buildIR } from '../src/model.js';
import { print } from '../src/write.js';
import { diagnostics } from './compile.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const RUNTIME = fileURLToPath(new URL('../../../packages/validator/src/', import.meta.url));

// Generated files are written under this folder so that `zod` resolves from the workspace;
// each test's folder is removed afterwards, and .scratch itself once empty.
const SCRATCH = join(HERE, '.scratch');
const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
  await rmdir(SCRATCH).catch(() => undefined);
});

/** Generates zod for a spec with these schemas (and operations), type-checks it, and imports it. */
let dialect: Dialect = 'classic';
async function generated(schemas: Record<string, unknown>, paths: Record<string, unknown> = {}) {
  const ir = buildIR({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths, components: { schemas } });
  const files = print([emitZod(ir, dialect)], { source: 'fixture.yaml', command: 'test' });
  await mkdir(SCRATCH, { recursive: true });
  const dir = await mkdtemp(join(SCRATCH, 'zod-'));
  made.push(dir);
  for (const [path, text] of files) await writeFile(join(dir, path), text);
  for (const helper of ['runtime.ts', 'shape.ts']) await copyFile(join(RUNTIME, helper), join(dir, helper));
  expect(diagnostics(files, dir)).toEqual([]);
  const [path, text] = [...files][0]!;
  return { text, mod: (await import(join(dir, path))) as Record<string, any> };
}
const accepts = (schema: any, value: unknown) => schema.safeParse(value).success as boolean;

describe('zod emitter: every IR node kind has a writer', () => {
  test.each(SCHEMA_KINDS)('%s', (kind) => {
    expect(typeof WRITERS[kind]).toBe('function');
  });
});

describe.each(['classic', 'mini'] as const)('zod emitter (%s): one behaviour each', (which) => {
  beforeEach(() => {
    dialect = which;
  });

  test('imports the right zod', async () => {
    const { text } = await generated({ B: { type: 'boolean' } });
    expect(text).toContain(`import * as z from "${which === 'mini' ? 'zod/mini' : 'zod'}";`);
  });

  test('string formats are checked', async () => {
    const { mod } = await generated({ D: { type: 'string', format: 'date-time' }, E: { type: 'string', format: 'email', maxLength: 8 }, U: { type: 'string', format: 'x-unknown' } });
    expect([accepts(mod.D, '2026-11-27T10:00:00Z'), accepts(mod.D, 'yesterday'), accepts(mod.E, 'a@b.io'), accepts(mod.E, 'a@bcdefgh.io'), accepts(mod.U, 'anything')]).toEqual([true, false, true, false, true]);
  });

  test('additionalProperties: false is a strict object; absent allows unknown keys and drops them', async () => {
    const { mod } = await generated({
      Strict: { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } },
      Loose: { type: 'object', properties: { a: { type: 'string' } } },
    });
    expect(accepts(mod.Strict, { a: 'x', b: 1 })).toBe(false);
    expect(mod.Loose.parse({ a: 'x', b: 1 })).toEqual({ a: 'x' });
  });

  test('required and optional properties; optional keys stay absent', async () => {
    const { mod } = await generated({ O: { type: 'object', required: ['a'], properties: { a: { type: 'string' }, b: { type: 'integer' } } } });
    expect(accepts(mod.O, {})).toBe(false);
    expect(mod.O.parse({ a: 'x' })).toEqual({ a: 'x' });
    expect(accepts(mod.O, { a: 'x', b: undefined })).toBe(false);
  });

  test('string length bounds and patterns', async () => {
    const { mod } = await generated({ S: { type: 'string', minLength: 2, maxLength: 3, pattern: '^[a-z]+$' } });
    expect([accepts(mod.S, 'a'), accepts(mod.S, 'ab'), accepts(mod.S, 'abcd'), accepts(mod.S, 'AB')]).toEqual([false, true, false, false]);
  });

  test('format: byte checks base64 as the device reads it', async () => {
    const { mod } = await generated({ B: { type: 'string', format: 'byte', pattern: '^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$', 'x-hem-max-decoded-bytes': 2 } });
    expect([accepts(mod.B, 'AAA'), accepts(mod.B, 'AA=='), accepts(mod.B, 'A A='), accepts(mod.B, 'AAAAA'), accepts(mod.B, 'AAAA')]).toEqual([true, true, false, false, false]);
  });

  test('format: byte without a pattern still reads base64 as the device does (URL-safe, unpadded)', async () => {
    const { mod } = await generated({ B: { type: 'string', format: 'byte' } });
    expect([accepts(mod.B, 'AA-_'), accepts(mod.B, 'AAA'), accepts(mod.B, 'AA=='), accepts(mod.B, 'A A=')]).toEqual([true, true, true, false]);
  });

  test('integers and number bounds', async () => {
    const { mod } = await generated({ I: { type: 'integer', minimum: 1, exclusiveMaximum: 10, multipleOf: 3 } });
    expect([1, 3, 9, 10, 12, 3.5].map((n) => accepts(mod.I, n))).toEqual([false, true, true, false, false, false]);
  });

  test('arrays with bounds and uniqueItems', async () => {
    const { mod } = await generated({ A: { type: 'array', items: { type: 'integer' }, minItems: 1, maxItems: 3, uniqueItems: true } });
    expect([[], [1], [1, 1], [1, 2, 3, 4], ['x']].map((v) => accepts(mod.A, v))).toEqual([false, true, false, false, false]);
  });

  test('enums of strings, numbers and const', async () => {
    const { mod } = await generated({ E: { type: 'string', enum: ['a', 'b'] }, N: { enum: [1, 'x'] }, C: { const: 7 } });
    expect([accepts(mod.E, 'a'), accepts(mod.E, 'c'), accepts(mod.N, 1), accepts(mod.N, 2), accepts(mod.C, 7), accepts(mod.C, 8)]).toEqual([true, false, true, false, true, false]);
  });

  test('$ref to a schema declared later resolves (dependency order)', async () => {
    const { mod, text } = await generated({ First: { type: 'object', properties: { b: { $ref: '#/components/schemas/Second' } } }, Second: { type: 'boolean' } });
    expect(text.indexOf('export const Second')).toBeLessThan(text.indexOf('export const First'));
    expect([accepts(mod.First, { b: true }), accepts(mod.First, { b: 1 })]).toEqual([true, false]);
  });

  test('a recursive schema is lazy', async () => {
    const { mod } = await generated({ Tree: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } } } } });
    expect(accepts(mod.Tree, { children: [{ children: [] }] })).toBe(true);
    expect(accepts(mod.Tree, { children: [{ children: 1 }] })).toBe(false);
  });

  test('oneOf matches exactly one variant; anyOf at least one', async () => {
    const { mod } = await generated({ One: { oneOf: [{ type: 'integer' }, { type: 'number', minimum: 0 }] }, Any: { anyOf: [{ type: 'integer' }, { type: 'number', minimum: 0 }] } });
    expect([accepts(mod.One, 1), accepts(mod.One, -1), accepts(mod.One, 0.5)]).toEqual([false, true, true]);
    expect([accepts(mod.Any, 1), accepts(mod.Any, -0.5)]).toEqual([true, false]);
  });

  test('discriminated oneOf picks the variant by its tag', async () => {
    const { mod } = await generated({
      Cat: { type: 'object', required: ['kind'], properties: { kind: { const: 'cat' }, meows: { type: 'boolean' } } },
      Dog: { type: 'object', required: ['kind'], properties: { kind: { const: 'dog' }, barks: { type: 'boolean' } } },
      Pet: { oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }], discriminator: { propertyName: 'kind' } },
    });
    expect([accepts(mod.Pet, { kind: 'cat', meows: true }), accepts(mod.Pet, { kind: 'dog', barks: true }), accepts(mod.Pet, { kind: 'cow' })]).toEqual([true, true, false]);
  });

  test('allOf of objects merges their properties', async () => {
    const { mod } = await generated({
      Base: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
      Named: { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', required: ['name'], properties: { name: { type: 'string' } } }] },
    });
    expect([accepts(mod.Named, { id: 'a', name: 'b' }), accepts(mod.Named, { id: 'a' }), accepts(mod.Named, { name: 'b' })]).toEqual([true, false, false]);
  });

  test('nullable (3.1 type list)', async () => {
    const { mod } = await generated({ N: { type: ['string', 'null'] } });
    expect([accepts(mod.N, null), accepts(mod.N, 'x'), accepts(mod.N, 1)]).toEqual([true, true, false]);
  });

  test('inline request and response bodies get named schemas; error statuses get a schema', async () => {
    const { mod } = await generated({}, {
      '/x': {
        post: {
          operationId: 'makeX',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } } } },
          responses: {
            '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } },
            '404': { description: 'No such thing.' },
          },
        },
      },
    });
    expect([accepts(mod.MakeXRequest, { n: 1 }), accepts(mod.MakeXRequest, {})]).toEqual([true, false]);
    expect(accepts(mod.MakeXResponse, { id: 'a' })).toBe(true);
    expect([accepts(mod.MakeXErrorStatus, 404), accepts(mod.MakeXErrorStatus, 500)]).toEqual([true, false]);
  });

  test('a decoded-length rule without a key-format table fails with its pointer', () => {
    const ir = buildIR({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: { R: { type: 'object', properties: { kind: { type: 'string' }, k: { type: 'string', format: 'byte', 'x-hem-decoded-length-from': 'kind' } } } } },
    });
    expect(() => emitZod(ir)).toThrow('#/components/schemas/R: x-hem-decoded-length-from needs a key-format table');
  });

  test('a decoded-length rule naming a missing sibling fails with its pointer', () => {
    const ir = buildIR({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: { R: { type: 'object', properties: { k: { type: 'string', format: 'byte', 'x-hem-decoded-length-from': 'kind' } } } } },
    });
    expect(() => emitZod(ir)).toThrow('#/components/schemas/R/properties/k: x-hem-decoded-length-from names "kind"');
  });
});
