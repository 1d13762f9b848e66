// Generated zod vs Ajv: the same schemas from real documents, the same values, the same
// verdicts. Values: every example the document gives, a value built from each schema, and
// mutations of those (a key dropped, a key added, a leaf of another type). Every
// disagreement must be one of the known, explained differences below, or the test fails.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../src/load.js';
import { typeName } from '../src/names.js';
import { get } from '../src/pointer.js';
import { type SchemaModule, writeGenerated } from './helpers.js';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

type Json = Record<string, unknown>;
/** `v` as an object, or an empty one. */
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});
const num = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : fallback);

/** A deterministic generator, so every run compares the same values. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

/** A value that the schema probably accepts, built from the schema alone (independent of the generator). */
function build(schema: unknown, doc: Json, depth = 0): unknown {
  if (schema === true || schema === undefined) return 'any';
  if (typeof schema !== 'object' || schema === null || depth > 6) return null;
  const s = schema as Json;
  if (typeof s.$ref === 'string') return build(get(doc, s.$ref), doc, depth + 1);
  if ('const' in s) return s.const;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if (Array.isArray(s.allOf)) return Object.assign({}, ...s.allOf.map((p: unknown) => build(p, doc, depth + 1)).filter((v: unknown) => v && typeof v === 'object'));
  for (const key of ['oneOf', 'anyOf']) if (Array.isArray(s[key])) return build(s[key][0], doc, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  if (type === 'object' || (!type && s.properties)) {
    const out: Json = {};
    for (const name of Array.isArray(s.required) ? s.required : []) out[name] = build(obj(s.properties)[name], doc, depth + 1);
    return out;
  }
  if (type === 'array') return Array.from({ length: num(s.minItems, 1) }, () => build(s.items, doc, depth + 1));
  if (type === 'integer') return s.minimum ?? (typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 1);
  if (type === 'number') return s.minimum ?? 1.5;
  if (type === 'boolean') return true;
  if (type === 'null') return null;
  if (type === 'string') {
    const byFormat: Record<string, string> = {
      'date-time': '2026-11-28T00:00:00Z',
      date: '2026-11-28',
      email: 'a@example.com',
      uri: 'https://example.com/x',
      uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      byte: 'AAAA',
    };
    return (typeof s.format === 'string' ? byFormat[s.format] : undefined) ?? 'x'.repeat(Math.max(1, num(s.minLength, 1)));
  }
  return null;
}

/** The value with one change each: a key dropped or added, a leaf of another type. */
function mutations(value: unknown, next: () => number): unknown[] {
  const out: unknown[] = [null, 'text', 7, [], {}];
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    out.push({ ...value, zzUnknown: 1 });
    for (const key of keys) {
      const { [key]: _, ...rest } = value as Json;
      out.push(rest);
      const leaf = (value as Json)[key];
      out.push({ ...value, [key]: typeof leaf === 'string' ? Math.floor(next() * 100) : 'text' });
    }
  }
  if (Array.isArray(value)) out.push([...value, 'text'], value.slice(1));
  return out;
}

/** Every example value the document gives for a schema, by component name. */
function examplesOf(schema: Json | undefined): unknown[] {
  if (!schema || typeof schema !== 'object') return [];
  return [...(Array.isArray(schema.examples) ? schema.examples : []), ...(schema.example !== undefined ? [schema.example] : [])];
}

/**
 * The known differences, each a reason a person can check. Returns the reason when the
 * disagreement is one of them.
 */
function explain(raw: Json, doc: Json, value: unknown, ajvSays: boolean): string | undefined {
  const text = JSON.stringify(raw);
  // format: byte: the generated validator reads base64 as the device does (URL-safe, no
  // padding needed); ajv-formats takes only standard, padded base64. contentEncoding:
  // base64 is checked as base64 too, where JSON Schema leaves it an annotation.
  if (text.includes('"format":"byte"') || text.includes('"contentEncoding":"base64"')) return 'base64 is read as the device reads it, and checked';
  // format: binary is the bytes of a file (Blob or Uint8Array), which no JSON text is;
  // ajv-formats takes any string.
  if (ajvSays && typeof value === 'string' && text.includes('"format":"binary"')) return 'format: binary is bytes, not text';
  // A schema without `type` but with object (or array) keywords is read as that type, as
  // OpenAPI authors mean it and as TypeScript must type it; JSON Schema would let any other
  // type of value through.
  if (ajvSays && (value === null || typeof value !== 'object') && typelessObject(raw, doc)) return 'a schema without type is read as the type its keywords imply';
  // A required readOnly/writeOnly property is required on one side only: the generator
  // checks it as optional everywhere (with a warning); Ajv requires it everywhere.
  if (!ajvSays && /"(readOnly|writeOnly)":true/.test(text)) return 'required readOnly/writeOnly properties are optional';
  return undefined;
}

function typelessObject(raw: Json, doc: Json, depth = 0): boolean {
  if (depth > 8 || !raw || typeof raw !== 'object') return false;
  if (typeof raw.$ref === 'string') return typelessObject(get(doc, raw.$ref) as Json, doc, depth + 1);
  if (raw.type === undefined && (raw.properties || raw.required || raw.additionalProperties !== undefined || raw.items)) return true;
  return ['allOf', 'oneOf', 'anyOf'].some((k) => Array.isArray(raw[k]) && raw[k].some((p: Json) => typelessObject(p, doc, depth + 1)));
}

const DOCUMENTS = ['redocly-museum-3.1.yaml', 'discord-api-3.1.json', 'redoc-demo-3.1.yaml'];

describe('generated zod agrees with Ajv on the same schemas', () => {
  test('the documents compared are fixtures', () => {
    const present = readdirSync(FIXTURES);
    for (const d of DOCUMENTS) expect(present).toContain(d);
  });

  test.each(DOCUMENTS)('%s', { timeout: 600_000 }, async (file) => {
    const { document } = await loadSpec(`${FIXTURES}${file}`);
    // Not type-checked here: check-spec.test.ts compiles every fixture's targets.
    const gen = writeGenerated(document, ['types', 'validator']);
    expect(gen.rendered.blocked).toEqual([]);
    const mod = await gen.load<SchemaModule>('validator', 'schemas.gen.ts');

    const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
    addFormats(ajv);
    ajv.addSchema(document, 'doc');
    const next = rng(7);
    // Request and response examples of the document, by the component their media refers to.
    const mediaExamples = new Map<string, unknown[]>();
    JSON.stringify(document, (_key, node) => {
      if (node && typeof node === 'object' && node.schema?.$ref && (node.examples || node.example !== undefined)) {
        const name = decodeURIComponent(String(node.schema.$ref).split('/').pop()!);
        const values = [
          ...Object.values<Json>(node.examples ?? {}).map((e) => ((typeof e.$ref === 'string' ? get(document, e.$ref) : e) as Json | undefined)?.value),
          ...(node.example !== undefined ? [node.example] : []),
        ];
        mediaExamples.set(name, [...(mediaExamples.get(name) ?? []), ...values.filter((v) => v !== undefined)]);
      }
      return node;
    });
    let compared = 0;
    const explained = new Map<string, number>();
    const unexplained: string[] = [];

    const schemas = obj(obj(document.components).schemas);
    for (const name of Object.keys(schemas)) {
      const zod = mod[typeName(name)];
      if (!zod) continue;
      let validate: ValidateFunction;
      try {
        validate = ajv.getSchema(`doc#/components/schemas/${encodeURIComponent(name)}`) ?? ajv.compile({ $ref: `doc#/components/schemas/${name}` });
      } catch {
        continue; // Ajv cannot compile it (e.g. an unknown format name in strict mode): nothing to compare
      }
      const raw = obj(schemas[name]);
      const bases = [...examplesOf(raw), ...(mediaExamples.get(name) ?? []), build(raw, document)];
      for (const value of [...bases, ...bases.flatMap((b) => mutations(b, next))]) {
        compared++;
        const ajvSays = validate(value) as boolean;
        const zodSays = zod.safeParse(value).success as boolean;
        if (ajvSays === zodSays) continue;
        const why = explain(raw, document, value, ajvSays);
        if (why) explained.set(why, (explained.get(why) ?? 0) + 1);
        else unexplained.push(`${name}: ${JSON.stringify(value)?.slice(0, 200)} (Ajv ${ajvSays}, zod ${zodSays})`);
      }
    }
    console.log(`${file}: ${compared} values compared; explained differences: ${JSON.stringify(Object.fromEntries(explained))}`);
    expect(compared).toBeGreaterThan(50);
    expect(unexplained).toEqual([]);
  });
});
