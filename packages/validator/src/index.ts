// Public surface of @hem/validator: the generated zod schemas, and parse functions that
// turn zod's findings into issues a person can act on, with the deep key checks on top.
import { KEY_FORMATS, type ImportKeyRequest as ImportKeyRequestType, type ImportKeyResponse as ImportKeyResponseType, type KeyType } from '@hem/types';
import type * as z from 'zod';
import { checkPublicKey } from './keys.js';
import { decodeBase64 } from './base64.js';
import { snapshot } from './plain.js';
import { OPERATION_SCHEMAS, createOperationSchemas } from './schemas.gen.js';

export { ImportKeyErrorStatus, ImportKeyRequest, ImportKeyResponse, KeyMode, KeyType, Kid, OPERATION_SCHEMAS, createImportKeyRequest, createOperationSchemas } from './schemas.gen.js';
export { checkKeyShape, checkPublicKey, type KeyIssue, type KeyIssueCode } from './keys.js';
export { computeKid, computeKidAsync } from './kid.js';
export { decodeBase64, encodeBase64, explainBase64 } from './base64.js';
export { CURVES, curveOf, type CurveInfo } from './curves.js';

export type { ValidationIssue } from './runtime.js';
import type { ValidationIssue } from './runtime.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

export interface ParseOptions {
  /** Check that `pubkey` is a real key of its type (on the curve, not low-order, ...). Default true. */
  deep?: boolean;
  /** Largest decoded `descr` in bytes: 64 on firmware 1.2.2 (default), 128 on newer firmware. */
  descrMaxBytes?: number;
}

/** The operations of the spec, by operationId. */
export type OperationId = keyof typeof OPERATION_SCHEMAS;
type Schemas = ReturnType<typeof createOperationSchemas>;

// Tables built for other size limits. Few in practice; bounded so a caller that passes a
// new limit on every call cannot grow memory without end.
const withLimits = new Map<number, Schemas>();
const MAX_TABLES = 8;

function tableFor(options: ParseOptions, where: string): Schemas {
  const limit = options.descrMaxBytes;
  if (limit === undefined) return OPERATION_SCHEMAS;
  if (!Number.isInteger(limit) || limit < 0) {
    throw new TypeError(`${where}: descrMaxBytes must be a whole number of bytes (64 on firmware 1.2.2, 128 on newer), got ${String(limit)}.`);
  }
  let table = withLimits.get(limit);
  if (!table) {
    if (withLimits.size >= MAX_TABLES) withLimits.delete(withLimits.keys().next().value!);
    withLimits.set(limit, (table = createOperationSchemas({ descrMaxBytes: limit })));
  }
  return table;
}

function entryOf(table: Schemas, operationId: string, where: string) {
  if (!Object.hasOwn(table, operationId)) throw new TypeError(`${where}: ${JSON.stringify(operationId)} is not an operation of the spec; expected one of ${Object.keys(table).join(', ')}.`);
  return table[operationId as OperationId];
}

/** The input as plain data (see plain.ts), or the issue that says why it is not. */
function plain(input: unknown, what: string): { value: unknown } | { issue: ValidationIssue } {
  const s = snapshot(input);
  if (s.ok) return { value: s.value };
  const field = s.path.length ? s.path.join('.') : what;
  return { issue: { path: s.path, code: 'not_plain_data', message: `${field}: ${s.message}.` } };
}

/** What an operation is called with: its named parameters and its body. */
export interface OperationInput {
  params?: unknown;
  body?: unknown;
}

/**
 * Validates what would be sent for `operationId`: its parameters and its body, against the
 * spec's schemas for that operation, and (unless `deep: false`) every public key in the
 * body against its type. Never throws on any input; an unknown operation or a malformed
 * option is a TypeError.
 */
export function parseRequest(operationId: string, input: OperationInput, options: ParseOptions = {}): ParseResult<OperationInput> {
  const entry = entryOf(tableFor(options, 'parseRequest'), operationId, 'parseRequest');
  const issues: ValidationIssue[] = [];
  const value: OperationInput = {};
  if (entry.params) {
    const taken = plain(input.params ?? {}, 'the parameters');
    if ('issue' in taken) issues.push(taken.issue);
    else {
      const result = check(entry.params, taken.value);
      if (result.ok) value.params = result.value;
      else issues.push(...result.issues.flatMap((i) => toIssues(i, entry.params!, taken.value, 'the parameters')));
    }
  }
  if (entry.body) {
    const taken = plain(input.body, 'the request');
    if ('issue' in taken) return { ok: false, issues: [...issues, taken.issue] };
    const body = taken.value;
    const result = check(entry.body, body);
    if (result.ok) value.body = result.value;
    else issues.push(...result.issues.flatMap((i) => toIssues(i, entry.body!, body, 'the request')));
    if (options.deep !== false) {
      for (const [key, from] of entry.keys) {
        if (issues.some((i) => i.path[0] === key || i.path[0] === from)) continue;
        const deep = deepIssue(body as Record<string, unknown>, key, from);
        if (deep) issues.push(deep);
      }
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, value };
}

/** Validates the body of a success answer of `operationId` (status as received). */
export function parseResponse(operationId: string, status: number, body: unknown): ParseResult<unknown> {
  const entry = entryOf(OPERATION_SCHEMAS, operationId, 'parseResponse');
  const responses = entry.responses as Readonly<Record<string, z.ZodType | null>>;
  const schema = responses[status] ?? responses[`${String(status)[0]}XX`];
  if (!schema) return { ok: true, value: body };
  const result = check(schema, body);
  return result.ok ? result : { ok: false, issues: result.issues.flatMap((i) => toIssues(i, schema, body, 'the response body')) };
}

/**
 * Validates an import request as the device would, and then some: `parseRequest` for
 * `importKey`'s body. Never throws on any input; only a malformed `descrMaxBytes` option
 * is a TypeError.
 */
export function parseImportKeyRequest(input: unknown, options: ParseOptions = {}): ParseResult<ImportKeyRequestType> {
  const result = parseRequest('importKey', { body: input }, options);
  return result.ok ? { ok: true, value: result.value.body as ImportKeyRequestType } : result;
}

/** Validates the body of a 200 answer to an import. */
export function parseImportKeyResponse(input: unknown): ParseResult<ImportKeyResponseType> {
  return parseResponse('importKey', 200, input) as ParseResult<ImportKeyResponseType>;
}

/**
 * Parses through zod's Standard Schema entry point: the same checks as safeParse, but a
 * failure is a plain issue list rather than a ZodError (an Error, with a stack to capture).
 */
function check<T>(schema: { '~standard': z.ZodType<T>['~standard'] }, input: unknown): { ok: true; value: T } | { ok: false; issues: z.core.$ZodIssue[] } {
  let result;
  try {
    result = schema['~standard'].validate(input);
  } catch {
    return { ok: false, issues: [{ code: 'custom', path: [], message: 'could not be checked (a check threw): pass plain data', input: undefined } as unknown as z.core.$ZodIssue] };
  }
  if (result instanceof Promise) {
    // The generated schemas are synchronous; a schema that is not must not leave a rejection behind.
    result.catch(() => undefined);
    return { ok: false, issues: [{ code: 'custom', path: [], message: 'could not be checked synchronously: report this as a bug of @hem/validator', input: undefined } as unknown as z.core.$ZodIssue] };
  }
  return result.issues ? { ok: false, issues: result.issues as z.core.$ZodIssue[] } : { ok: true, value: result.value };
}

/** Is the base64 key in `input[key]` a real key of the type in `input[from]`? */
function deepIssue(input: Record<string, unknown>, key: string, from: string): ValidationIssue | undefined {
  const type = input?.[from] as KeyType;
  const text = input?.[key];
  if (typeof text !== 'string' || !Object.hasOwn(KEY_FORMATS, type)) return undefined;
  const bytes = decodeBase64(text);
  const problem = bytes && checkPublicKey(type, bytes);
  return problem ? { path: [key], code: problem.code, message: `${key}: ${problem.message}` } : undefined;
}

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);
const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`);

/** zod's issue, in our words: the field, the rule, what was there, what to do. */
function toIssues(issue: z.core.$ZodIssue, schema: unknown, root: unknown, rootName: string): ValidationIssue[] {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const field = path.length ? path.join('.') : rootName;
  const one = (code: string, text: string): ValidationIssue[] => [{ path, code, message: `${field}: ${text}` }];
  // The offending value, looked up rather than reported by zod: reportInput slows every parse.
  const input = path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string | number, unknown>)[key] : undefined), root);
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return one('required', `is required: add it (expected ${issue.expected}).`);
      return one('invalid_type', `must be ${issue.expected === 'object' ? 'a JSON object' : `a ${issue.expected}`}, got ${kindOf(input)}.`);
    case 'too_small':
      return one('too_short', `must be at least ${issue.minimum} ${issue.origin === 'string' ? 'characters' : 'items'} long, got ${show(input)}.`);
    case 'too_big':
      // A bound the spec explains in its own words (the generator passes them as the message).
      if (!issue.message.startsWith('Too big')) return one('too_long', `${issue.message} (got ${typeof input === 'string' ? `${input.length} characters` : show(input)}).`);
      return one('too_long', `must be at most ${issue.maximum} ${issue.origin === 'string' ? 'characters' : 'items'} long, got ${typeof input === 'string' ? input.length : show(input)}: shorten it.`);
    case 'invalid_format':
      return one('pattern', `${show(input)} does not match ${'pattern' in issue ? issue.pattern : issue.format}: ${issue.message}.`);
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
      if (input === undefined) return one('required', `is required: add it (one of ${allowed}).`);
      if (input === '') return one('empty_value', `is an empty string: omit the field instead (when present it must be one of ${allowed}).`);
      const near = issue.values.find((v) => typeof v === 'string' && typeof input === 'string' && normal(v) === normal(input));
      return one('invalid_enum', `${show(input)} is not allowed; use one of ${allowed} (exact spelling)${near !== undefined ? `. Did you mean ${JSON.stringify(near)}?` : '.'}`);
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...path, key],
        code: 'unknown_property',
        message: `${[...path, key].join('.')}: is not a field of this object: remove it${path.length === 0 && shape ? ` (allowed: ${Object.keys(shape).join(', ')})` : ''}.`,
      }));
    case 'custom': {
      const code = (issue.params?.code as string | undefined) ?? 'invalid';
      return one(code, issue.message);
    }
    default:
      return one(issue.code, `${issue.message}.`);
  }
}

/** Case- and order-insensitive form of a literal, for "did you mean". */
const normal = (s: string) => s.toLowerCase().split(',').sort().join(',');
