// Hand-written helpers that the generated schemas (schemas.gen.ts) call. Light on purpose:
// no curve math here, so an app that imports only the schemas stays small.
//
// The checks are zod checks proper (what `.check()` takes in classic zod and zod/mini alike):
// functions of zod's payload that add an issue only when something is wrong. superRefine
// would install a fresh addIssue closure on every payload of every parse.
import { _check } from 'zod/v4/core';
import { decodedLength, explainBase64, firstByte, isDeviceBase64 } from './base64.js';
import { keyShapeIssue, type KeyRule } from './shape.js';

export { decodeBase64, decodedLength, explainBase64 } from './base64.js';

/** One problem with the input: where (JSON path), a stable code, and what to do. */
export interface ValidationIssue {
  path: (string | number)[];
  code: string;
  message: string;
}

type Custom = { code: 'custom'; message: string; input?: unknown; path?: PropertyKey[]; params?: Record<string, unknown> };
type Ctx = { addIssue(issue: Custom): void };

/** What zod hands a check, in both dialects: the value, and the issues it adds to. */
interface Payload<T> {
  readonly value: T;
  readonly issues: unknown[];
}

/**
 * Adds an issue as superRefine would: the checked value as its input unless it names one, and
 * `continue`, so the schema's remaining checks still run and one parse reports every problem.
 */
function add(payload: Payload<unknown>, issue: Custom): void {
  // One shape for every issue (not a spread of each call's literal): this runs on every failure.
  payload.issues.push({ code: 'custom', input: 'input' in issue ? issue.input : payload.value, path: issue.path, message: issue.message, params: issue.params, continue: true });
}

/** `add` as a context, for helpers shared with the assertions (cold paths only). */
const sinkOf = (payload: Payload<unknown>): Ctx => ({ addIssue: (issue) => add(payload, issue) });

/**
 * A base64 check: the spec's pattern decides what is valid (the device's rule when the spec
 * gives none), explainBase64 says why not.
 */
export function base64(pattern?: RegExp, maxLength = Infinity) {
  return (payload: Payload<string>): void => {
    const value = payload.value;
    if (isDeviceBase64(value) && (pattern === undefined || value.length > maxLength || pattern.test(value))) return;
    add(payload, { code: 'custom', message: `must be base64: the value ${explainBase64(value)}.`, params: { code: 'invalid_base64' } });
  };
}

/**
 * The spec's `pattern`, run only on text no longer than `maxLength` (longer text is reported
 * by the length check): no backtracking over hostile input. `hint` says what to do.
 */
export function pattern(re: RegExp, maxLength: number, hint?: string) {
  return (payload: Payload<string>): void => {
    const value = payload.value;
    if (value.length > maxLength || re.test(value)) return;
    add(payload, { code: 'custom', message: `does not match ${re.source}${hint ? `: ${hint}` : ''}.`, params: { code: 'pattern' } });
  };
}

/** A check that a base64 string decodes to at most `limit` bytes. */
export function maxDecodedBytes(limit: number) {
  return (payload: Payload<string>): void => {
    const length = decodedLength(payload.value);
    if (length > limit) {
      add(payload, {
        code: 'custom',
        message: `decodes to ${length} bytes; at most ${limit} are allowed. Shorten the description (on firmware that allows more, raise the limit: the descrMaxBytes option).`,
        params: { code: 'too_large', limit, actual: length },
      });
    }
  };
}

/**
 * An object check: the base64 property `key` decodes to the length, and for SEC1 the
 * prefix, that the key type in property `from` requires (per the spec's key table).
 * It runs even when other fields failed, so one parse reports every problem, but not
 * when `key` or `from` already failed on their own. The length is computed, not decoded:
 * an ML-DSA-87 key is 3.5 kB of text.
 */
export function decodedLengthFrom(key: string, from: string, table: Readonly<Record<string, KeyRule>>) {
  const check = (payload: Payload<Record<string, unknown>>): void => {
    const type = payload.value[from] as string;
    const text = payload.value[key] as string;
    // Only the first byte matters here (the SEC1 prefix); the length comes from the text's.
    const first = firstByte(text);
    const problem = keyShapeIssue(type, first === undefined ? [] : [first], table[type]!, decodedLength(text));
    if (problem) add(payload, { code: 'custom', input: text, path: [key], message: problem.message, params: { code: problem.code } });
  };
  const when = ({ value, issues }: { value: unknown; issues: readonly { readonly path?: PropertyKey[] | undefined }[] }) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>)[key] === 'string' &&
    (value as Record<string, unknown>)[key] !== '' &&
    Object.hasOwn(table, (value as Record<string, unknown>)[from] as string) &&
    !failed(issues, key, from);
  return _check<Record<string, unknown>>(check, { when });
}

/** Whether an issue is about property `a` or `b` (a loop: this runs on every parse). */
function failed(issues: readonly { readonly path?: PropertyKey[] | undefined }[], a: string, b: string): boolean {
  for (let i = 0; i < issues.length; i++) {
    const at = issues[i]!.path?.[0];
    if (at === a || at === b) return true;
  }
  return false;
}

/** An array check for `uniqueItems`: JSON-equal items are duplicates. */
export function uniqueItems(payload: Payload<unknown[]>): void {
  const seen = new Set<string>();
  payload.value.forEach((item, i) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) add(payload, { code: 'custom', path: [i], message: 'repeats an earlier item; items must be unique', params: { code: 'duplicate_item' } });
    seen.add(key);
  });
}

/** An object check for `minProperties`/`maxProperties`. */
export function propertyCount(min: number, max: number) {
  return (payload: Payload<object>): void => {
    const n = Object.keys(payload.value).length;
    if (n < min || n > max) add(payload, { code: 'custom', message: `has ${n} properties; between ${min} and ${max} are allowed`, params: { code: 'property_count' } });
  };
}

// --- JSON Schema applicators the generated code checks through sub-schemas -------------

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Any zod schema (classic or mini), through its Standard Schema face. */
interface Schema {
  readonly '~standard': { validate(value: unknown): unknown };
}
type Issue = { message: string; path?: readonly (PropertyKey | { key: PropertyKey })[] };

/** The issues of validating `value` with `schema`; undefined when it passes. */
function issuesOf(schema: Schema, value: unknown): readonly Issue[] | undefined {
  const result = schema['~standard'].validate(value) as { issues?: readonly Issue[] } | Promise<unknown>;
  if (result instanceof Promise) throw new TypeError('@hem/validator: a schema turned asynchronous; the generated schemas never are.');
  return result.issues?.length ? result.issues : undefined;
}

/** Re-reports a sub-schema's issues below `at`, each prefixed with why it applied. */
function report(ctx: Ctx, issues: readonly Issue[], at: PropertyKey[], why: string, code: string): void {
  for (const issue of issues) {
    const path = [...at, ...(issue.path ?? []).map((p) => (typeof p === 'object' ? p.key : p))];
    ctx.addIssue({ code: 'custom', path, message: `${why}: ${issue.message}`, params: { code } });
  }
}

/**
 * Runs JSON Schema assertions (not, if/then/else, ...) on the value as given, before its
 * shape is parsed; returns the value unchanged for the shape's schema.
 */
export function assertions(...checks: ((value: never, ctx: Ctx) => void)[]) {
  return (value: unknown, ctx: Ctx | { issues: unknown[] }): unknown => {
    // zod hands a transform a context with addIssue; zod/mini hands it the raw payload.
    const sink: Ctx = 'addIssue' in ctx ? ctx : { addIssue: (issue) => ctx.issues.push({ input: value, ...issue }) };
    for (const check of checks) check(value as never, sink);
    return value;
  };
}

/**
 * For an object that declares a key Object.prototype also has (`__proto__`, `toString`,
 * `constructor`, ...): zod reads a shape's keys with `in` and `[]`, which see inherited members
 * (an optional `toString` would refuse every object), and skips `__proto__` altogether. So the
 * value goes on as a null-prototype copy of its own properties, and `__proto__`, when
 * declared, is checked here as an own property (`proto`: its schema and whether it is
 * required). zod never writes `__proto__` into a parsed value: the generator warns of that.
 */
export function ownData(proto?: readonly [Schema, boolean]) {
  return (value: unknown, ctx: Ctx | { issues: unknown[] }): unknown => {
    if (!isRecord(value)) return value;
    const copy: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(value)) Object.defineProperty(copy, key, { value: value[key], enumerable: true, writable: true, configurable: true });
    if (proto) {
      const sink: Ctx = 'addIssue' in ctx ? ctx : { addIssue: (issue) => ctx.issues.push({ input: value, ...issue }) };
      if (Object.hasOwn(value, '__proto__')) {
        const issues = issuesOf(proto[0], Object.getOwnPropertyDescriptor(value, '__proto__')?.value);
        if (issues) report(sink, issues, ['__proto__'], 'the field', 'invalid_value');
      } else if (proto[1]) {
        sink.addIssue({ code: 'custom', path: ['__proto__'], message: 'is required: add it', params: { code: 'required' } });
      }
    }
    return copy;
  };
}

/** `format: binary`: the bytes of a file or stream, as a Blob or a Uint8Array. */
export function isBinary(value: unknown): boolean {
  return value instanceof Uint8Array || (typeof Blob !== 'undefined' && value instanceof Blob);
}

/** `unevaluatedProperties: false` over a composition: no key outside the declared ones. */
export function knownKeys(keys: readonly string[]) {
  const known = new Set(keys);
  return (payload: Payload<unknown>): void => {
    const value = payload.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    for (const key of Object.keys(value)) {
      if (!known.has(key))
        add(payload, { code: 'custom', path: [key], message: `is not a field of this object: remove it (allowed: ${keys.join(', ')})`, params: { code: 'unknown_property' } });
    }
  };
}

/** `patternProperties` with `additionalProperties` (`true`, `false` or a schema) for keys no pattern matches. */
export function patternProperties(patterns: readonly [RegExp, Schema][], declared: readonly string[], additional: boolean | Schema) {
  const own = new Set(declared);
  return (payload: Payload<Record<string, unknown>>): void => {
    const ctx = sinkOf(payload);
    for (const [key, item] of Object.entries(payload.value)) {
      let matched = own.has(key);
      for (const [pattern, schema] of patterns) {
        if (!pattern.test(key)) continue;
        matched = true;
        const issues = issuesOf(schema, item);
        if (issues) report(ctx, issues, [key], `a key matching ${pattern.source}`, 'pattern_property');
      }
      if (matched || additional === true) continue;
      if (additional === false)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `is not a field of this object and matches none of its key patterns: remove it`,
          params: { code: 'unknown_property' },
        });
      else report(ctx, issuesOf(additional, item) ?? [], [key], 'an additional property', 'additional_property');
    }
  };
}

/** `prefixItems`: each first item by its position's schema, every later one by `rest`. */
export function prefixItems(prefix: readonly Schema[], rest: Schema) {
  return (payload: Payload<unknown[]>): void => {
    payload.value.forEach((item, i) => {
      const issues = issuesOf(prefix[i] ?? rest, item);
      if (issues) report(sinkOf(payload), issues, [i], i < prefix.length ? `item ${i}` : 'an item', 'tuple_item');
    });
  };
}

/** `not`: the value must fail `schema`. */
export function not(schema: Schema) {
  return (value: unknown, ctx: Ctx): void => {
    if (!issuesOf(schema, value))
      ctx.addIssue({ code: 'custom', message: 'matches a schema it must not match (the spec excludes this value with "not")', params: { code: 'not' } });
  };
}

/** `if`/`then`/`else`: `then` applies when the value passes `if`, `else` when it does not. */
export function ifThenElse(test: Schema, then: Schema | undefined, otherwise: Schema | undefined) {
  return (value: unknown, ctx: Ctx): void => {
    const holds = !issuesOf(test, value);
    const branch = holds ? then : otherwise;
    const issues = branch && issuesOf(branch, value);
    if (issues) report(ctx, issues, [], holds ? 'as the "if" condition holds' : 'as the "if" condition does not hold', 'conditional');
  };
}

/** `dependentSchemas`: when a property is present, the whole object must also pass its schema. */
export function dependentSchemas(schemas: Readonly<Record<string, Schema>>) {
  return (value: Record<string, unknown>, ctx: Ctx): void => {
    if (!isRecord(value)) return;
    for (const [property, schema] of Object.entries(schemas)) {
      const issues = Object.hasOwn(value, property) ? issuesOf(schema, value) : undefined;
      if (issues) report(ctx, issues, [], `as "${property}" is present`, 'dependent_schema');
    }
  };
}

/** `dependentRequired`: when a property is present, these others must be too. */
export function dependentRequired(rules: Readonly<Record<string, readonly string[]>>) {
  return (value: Record<string, unknown>, ctx: Ctx): void => {
    if (!isRecord(value)) return;
    for (const [property, required] of Object.entries(rules)) {
      if (!Object.hasOwn(value, property)) continue;
      for (const other of required) {
        if (!Object.hasOwn(value, other))
          ctx.addIssue({ code: 'custom', path: [other], message: `is required when "${property}" is present: add it`, params: { code: 'required' } });
      }
    }
  };
}

/** `propertyNames`: every key must pass `schema`. */
export function propertyNames(schema: Schema) {
  return (value: Record<string, unknown>, ctx: Ctx): void => {
    if (!isRecord(value)) return;
    for (const key of Object.keys(value)) {
      const issues = issuesOf(schema, key);
      if (issues) report(ctx, issues, [key], 'the key name', 'property_name');
    }
  };
}

/** `contains` with `minContains`/`maxContains`: how many items must pass `schema`. */
export function contains(schema: Schema, min: number, max: number) {
  return (value: unknown[], ctx: Ctx): void => {
    if (!Array.isArray(value)) return;
    const count = value.filter((item) => !issuesOf(schema, item)).length;
    if (count < min || count > max) {
      ctx.addIssue({
        code: 'custom',
        message: `has ${count} item(s) of the required kind; ${max === Infinity ? `at least ${min}` : `between ${min} and ${max}`} are needed`,
        params: { code: 'contains' },
      });
    }
  };
}

/**
 * An object check: the property `key` is required when the key type in `from` belongs to a
 * family whose rule says so (modeRequired in the spec's key-family table). `values`: what
 * the property may be, for the message.
 */
export function requiredByFamily(
  key: string,
  from: string,
  formats: Readonly<Record<string, { readonly family: string }>>,
  families: Readonly<Record<string, { readonly modeRequired: boolean }>>,
  values: readonly unknown[],
) {
  // The parse functions put the field's name in front, as for every other issue.
  const oneOf = values.length ? `, one of ${values.map((v) => JSON.stringify(v)).join(', ')}` : '';
  const check = (payload: Payload<Record<string, unknown>>): void => {
    const type = payload.value[from] as string;
    add(payload, { code: 'custom', path: [key], message: `is required for ${type} keys (the ${formats[type]!.family} family): add it${oneOf}.`, params: { code: 'required' } });
  };
  const when = ({ value }: { value: unknown }) => {
    if (!isRecord(value) || (Object.hasOwn(value, key) && value[key] !== undefined)) return false;
    const type = value[from];
    if (typeof type !== 'string' || !Object.hasOwn(formats, type)) return false;
    return families[formats[type]!.family]?.modeRequired === true;
  };
  return _check<Record<string, unknown>>(check, { when });
}
