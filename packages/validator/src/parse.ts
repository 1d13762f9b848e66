// Parsing any operation's input against its schemas, for either zod dialect: the tables
// come from the caller (classic zod in index.ts, zod/mini in mini.ts), the deep key check
// too (a static import, or none: mini.ts leaves it to a lazy import of ./deep.ts).
import type * as z from 'zod';
import { snapshot, type Snapshot } from './plain.js';
import type { ValidationIssue } from './runtime.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

export interface ParseOptions {
  /** Check that each public key is a real key of its type (on the curve, not low-order, ...). Default true. */
  deep?: boolean;
  /** Largest decoded `descr` in bytes: 64 on firmware 1.2.2 (default), 128 on newer firmware. */
  descrMaxBytes?: number;
}

/** What the parse functions need of a dialect's generated schemas. */
interface Schema {
  readonly '~standard': { validate(value: unknown): unknown };
}
export interface OperationEntry {
  readonly params: Schema | null;
  readonly body: Schema | null;
  readonly responses: Readonly<Record<string | number, Schema | null>>;
  /** Public keys in the body: [key property, the property naming its type]. */
  readonly keys: readonly (readonly [string, string])[];
}
export type OperationTable = Readonly<Record<string, OperationEntry>>;

/** The deep check of one public key (base64 text) of a type; undefined when it is a real key. */
export type DeepCheck = (type: string, pubkey: string) => { code: string; message: string } | undefined;

/** What an operation is called with: its named parameters and its body. */
export interface OperationInput {
  params?: unknown;
  body?: unknown;
}

/** Parse functions over one dialect's tables; `deep` is the key check, or none. */
export function createParsers(defaults: OperationTable, withLimits: (limits: { descrMaxBytes?: number }) => OperationTable, deep?: DeepCheck) {
  // Tables built for other size limits. Few in practice; bounded so a caller that passes a
  // new limit on every call cannot grow memory without end.
  const built = new Map<number, OperationTable>();
  const tableFor = (options: ParseOptions, where: string): OperationTable => {
    const limit = options.descrMaxBytes;
    if (limit === undefined) return defaults;
    if (!Number.isInteger(limit) || limit < 0) {
      throw new TypeError(`${where}: descrMaxBytes must be a whole number of bytes (64 on firmware 1.2.2, 128 on newer), got ${String(limit)}.`);
    }
    let table = built.get(limit);
    if (!table) {
      if (built.size >= 8) built.delete(built.keys().next().value!);
      table = withLimits({ descrMaxBytes: limit });
      built.set(limit, table);
    }
    return table;
  };

  /**
   * Validates what would be sent for `operationId`: its parameters and its body, against the
   * spec's schemas for that operation, and (unless `deep: false`, or no deep check is loaded)
   * every public key in the body against its type. Never throws on any input; an unknown
   * operation or a malformed option is a TypeError.
   */
  function parseRequest(operationId: string, input: OperationInput, options: ParseOptions = {}): ParseResult<OperationInput> {
    const entry = entryOf(tableFor(options, 'parseRequest'), operationId, 'parseRequest');
    const issues: ValidationIssue[] = [];
    const value: OperationInput = {};
    if (entry.params) {
      const taken = snapshot(input.params ?? {});
      if (!taken.ok) issues.push(notPlain(taken, 'the parameters'));
      else {
        const result = check(entry.params, taken.value);
        if (result.issues) toIssues(result.issues, entry.params, taken.value, 'the parameters', issues);
        else value.params = result.value;
      }
    }
    if (entry.body) {
      const taken = snapshot(input.body);
      if (!taken.ok) {
        issues.push(notPlain(taken, 'the request'));
        return { ok: false, issues };
      }
      const body = taken.value;
      const result = check(entry.body, body);
      if (result.issues) toIssues(result.issues, entry.body, body, 'the request', issues);
      else value.body = result.value;
      if (deep && options.deep !== false) {
        for (const issue of deepIssues(entry, body, deep, issues)) issues.push(issue);
      }
    }
    return issues.length ? { ok: false, issues } : { ok: true, value };
  }

  /** Validates the body of a success answer of `operationId` (status as received). */
  function parseResponse(operationId: string, status: number, body: unknown): ParseResult<unknown> {
    const entry = entryOf(defaults, operationId, 'parseResponse');
    const schema = entry.responses[status] ?? entry.responses[`${String(status)[0]}XX`];
    if (!schema) return { ok: true, value: body };
    const result = check(schema, body);
    return result.issues ? { ok: false, issues: toIssues(result.issues, schema, body, 'the response body', []) } : { ok: true, value: result.value };
  }

  return { parseRequest, parseResponse, entryOf: (operationId: string) => entryOf(defaults, operationId, 'entryOf') };
}

function entryOf(table: OperationTable, operationId: string, where: string): OperationEntry {
  if (!Object.hasOwn(table, operationId))
    throw new TypeError(`${where}: ${JSON.stringify(operationId)} is not an operation of the spec; expected one of ${Object.keys(table).join(', ')}.`);
  return table[operationId]!;
}

/** The deep issues of a body's public keys, skipping a key whose field or type already failed. */
export function deepIssues(entry: OperationEntry, body: unknown, deep: DeepCheck, known: readonly ValidationIssue[] = []): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  if (body === null || typeof body !== 'object') return out;
  const record = body as Record<string, unknown>;
  for (const [key, from] of entry.keys) {
    if (known.some((i) => i.path[0] === key || i.path[0] === from)) continue;
    const type = record[from];
    const text = record[key];
    if (typeof type !== 'string' || typeof text !== 'string') continue;
    const problem = deep(type, text);
    if (problem) out.push({ path: [key], code: problem.code, message: `${key}: ${problem.message}` });
  }
  return out;
}

/** The issue that says why the input is not plain data (see plain.ts). */
function notPlain(s: Extract<Snapshot, { ok: false }>, what: string): ValidationIssue {
  const field = s.path.length ? s.path.join('.') : what;
  return { path: s.path, code: 'not_plain_data', message: `${field}: ${s.message}.` };
}

type Checked = { issues: z.core.$ZodIssue[]; value?: undefined } | { issues?: undefined; value: unknown };

/**
 * Parses through zod's Standard Schema entry point: the same checks as safeParse, but a
 * failure is a plain issue list rather than a ZodError (an Error, with a stack to capture).
 */
function check(schema: Schema, input: unknown): Checked {
  let result;
  try {
    result = schema['~standard'].validate(input);
  } catch {
    return { issues: [{ code: 'custom', path: [], message: 'could not be checked (a check threw): pass plain data', input: undefined } as unknown as z.core.$ZodIssue] };
  }
  if (result instanceof Promise) {
    // The generated schemas are synchronous; a schema that is not must not leave a rejection behind.
    result.catch(() => undefined);
    return {
      issues: [
        { code: 'custom', path: [], message: 'could not be checked synchronously: report this as a bug of @hem/validator', input: undefined } as unknown as z.core.$ZodIssue,
      ],
    };
  }
  return result as Checked;
}

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);
const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`);

/** What an enum's message needs of its values, worked out once per schema (zod hands the same array each time). */
const enums = new WeakMap<readonly unknown[], { allowed: string; near: Map<string, string> }>();
function enumOf(values: readonly unknown[]) {
  let e = enums.get(values);
  if (!e) {
    const near = new Map<string, string>();
    for (const v of values) if (typeof v === 'string' && !near.has(normal(v))) near.set(normal(v), v);
    e = { allowed: values.map((v) => JSON.stringify(v)).join(', '), near };
    enums.set(values, e);
  }
  return e;
}

/** The properties a strict object allows, for the unknown-property message; once per schema. */
const allowedKeys = new WeakMap<object, string>();
function allowedOf(shape: Record<string, unknown>): string {
  let keys = allowedKeys.get(shape);
  if (keys === undefined) {
    keys = Object.keys(shape).join(', ');
    allowedKeys.set(shape, keys);
  }
  return keys;
}

const pathKey = (path: readonly PropertyKey[]) => path.map((p) => (typeof p === 'symbol' ? String(p) : p)).join('\u0000');

/**
 * zod's issues, in our words (the field, the rule, what was there, what to do), added to `out`.
 * A value of the wrong type gets that one issue: zod still runs a string's length check on an
 * array, which would add a misleading "at most 32 items".
 */
function toIssues(issues: readonly z.core.$ZodIssue[], schema: unknown, root: unknown, rootName: string, out: ValidationIssue[]): ValidationIssue[] {
  let wrongType: Set<string> | undefined;
  for (const issue of issues) {
    if (issue.code !== 'invalid_type') continue;
    wrongType ??= new Set();
    wrongType.add(pathKey(issue.path));
  }
  for (const issue of issues) {
    if (wrongType && issue.code !== 'invalid_type' && wrongType.has(pathKey(issue.path))) continue;
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (issue.code === 'unrecognized_keys') {
      const shape = (schema as { shape?: Record<string, unknown> }).shape;
      const allowed = path.length === 0 && shape ? ` (allowed: ${allowedOf(shape)})` : '';
      for (const key of issue.keys) {
        const at = [...path, key];
        out.push({ path: at, code: 'unknown_property', message: `${at.join('.')}: is not a field of this object: remove it${allowed}.` });
      }
      continue;
    }
    // The offending value, looked up rather than reported by zod: reportInput slows every parse.
    let input: unknown = root;
    for (const key of path) input = input !== null && typeof input === 'object' && Object.hasOwn(input, key) ? (input as Record<string | number, unknown>)[key] : undefined;
    const [code, text] = explain(issue, input);
    out.push({ path, code, message: `${path.length ? path.join('.') : rootName}: ${text}` });
  }
  return out;
}

/** The code and the words for one zod issue (other than unknown keys) about `input`. */
function explain(issue: z.core.$ZodIssue, input: unknown): [code: string, text: string] {
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return ['required', `is required: add it (expected ${issue.expected}).`];
      return ['invalid_type', `must be ${issue.expected === 'object' ? 'a JSON object' : `a ${issue.expected}`}, got ${kindOf(input)}.`];
    case 'too_small':
      return ['too_short', `must be at least ${issue.minimum} ${issue.origin === 'string' ? 'characters' : 'items'} long, got ${show(input)}.`];
    case 'too_big':
      // A bound the spec explains in its own words (the generator passes them as the message).
      if (!issue.message.startsWith('Too big')) return ['too_long', `${issue.message} (got ${typeof input === 'string' ? `${input.length} characters` : show(input)}).`];
      return [
        'too_long',
        `must be at most ${issue.maximum} ${issue.origin === 'string' ? 'characters' : 'items'} long, got ${typeof input === 'string' ? input.length : show(input)}: shorten it.`,
      ];
    case 'invalid_format':
      return ['pattern', `${show(input)} does not match ${'pattern' in issue ? issue.pattern : issue.format}: ${issue.message}.`];
    case 'invalid_value': {
      const { allowed, near } = enumOf(issue.values);
      if (input === undefined) return ['required', `is required: add it (one of ${allowed}).`];
      if (input === '') return ['empty_value', `is an empty string: omit the field instead (when present it must be one of ${allowed}).`];
      const guess = typeof input === 'string' ? near.get(normal(input)) : undefined;
      return ['invalid_enum', `${show(input)} is not allowed; use one of ${allowed} (exact spelling)${guess !== undefined ? `. Did you mean ${JSON.stringify(guess)}?` : '.'}`];
    }
    case 'custom':
      return [(issue.params?.code as string | undefined) ?? 'invalid', issue.message];
    default:
      return [issue.code, `${issue.message}.`];
  }
}

/** Case- and order-insensitive form of a literal, for "did you mean". */
const normal = (s: string) => {
  const lower = s.toLowerCase();
  return lower.includes(',') ? lower.split(',').sort().join(',') : lower;
};
