// Public surface of @hem/validator: the generated zod schemas, and parse functions that
// turn zod's findings into issues a person can act on, with the deep key checks on top.
import { KEY_FORMATS, type ImportKeyRequest as ImportKeyRequestType, type ImportKeyResponse as ImportKeyResponseType, type KeyType } from '@hem/types';
import type * as z from 'zod';
import { checkPublicKey } from './keys.js';
import { decodeBase64 } from './runtime.js';
import { ImportKeyRequest, ImportKeyResponse, createImportKeyRequest } from './schemas.gen.js';

export { ImportKeyErrorStatus, ImportKeyRequest, ImportKeyResponse, KeyMode, KeyType, Kid, createImportKeyRequest } from './schemas.gen.js';
export { checkKeyShape, checkPublicKey, type KeyIssue, type KeyIssueCode } from './keys.js';
export { computeKid } from './kid.js';
export { decodeBase64, explainBase64 } from './runtime.js';

/** One problem with the input: where (JSON path), a stable code, and what to do. */
export interface ValidationIssue {
  path: (string | number)[];
  code: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

export interface ParseOptions {
  /** Check that `pubkey` is a real key of its type (on the curve, not low-order, ...). Default true. */
  deep?: boolean;
  /** Largest decoded `descr` in bytes: 64 on firmware 1.2.2 (default), 128 on newer firmware. */
  descrMaxBytes?: number;
}

// Schemas built for other descr limits, kept: there are only ever one or two of them.
const withLimit = new Map<number, ReturnType<typeof createImportKeyRequest>>();

function requestSchema(descrMaxBytes: number | undefined) {
  if (descrMaxBytes === undefined) return ImportKeyRequest;
  if (!Number.isInteger(descrMaxBytes) || descrMaxBytes < 0) {
    throw new TypeError(`parseImportKeyRequest: descrMaxBytes must be a whole number of bytes (64 on firmware 1.2.2, 128 on newer), got ${String(descrMaxBytes)}.`);
  }
  let schema = withLimit.get(descrMaxBytes);
  if (!schema) withLimit.set(descrMaxBytes, (schema = createImportKeyRequest({ descrMaxBytes })));
  return schema;
}

/**
 * Own properties set to `undefined` are dropped first: JSON.stringify drops them too, so
 * to the device they are absent, not "missing" or malformed.
 */
function withoutUndefined(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const record = input as Record<string, unknown>;
  for (const key in record) {
    if (record[key] === undefined) return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
  }
  return input;
}

/**
 * Validates an import request as the device would, and then some. Never throws on any
 * input; only a malformed `descrMaxBytes` option is a TypeError.
 */
export function parseImportKeyRequest(input: unknown, options: ParseOptions = {}): ParseResult<ImportKeyRequestType> {
  const schema = requestSchema(options.descrMaxBytes);
  input = withoutUndefined(input);
  const result = check(schema, input);
  const issues = result.ok ? [] : result.issues.flatMap((i) => toIssues(i, schema.shape, input, 'the request'));
  if (options.deep !== false && !issues.some((i) => i.path[0] === 'pubkey' || i.path[0] === 'type')) {
    const deep = deepIssue(input as Record<string, unknown>);
    if (deep) issues.push(deep);
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: (result as { value: ImportKeyRequestType }).value };
}

/** Validates the body of a 200 answer. */
export function parseImportKeyResponse(input: unknown): ParseResult<ImportKeyResponseType> {
  const result = check(ImportKeyResponse, input);
  return result.ok ? result : { ok: false, issues: result.issues.flatMap((i) => toIssues(i, ImportKeyResponse.shape, input, 'the response body')) };
}

/**
 * Parses through zod's Standard Schema entry point: the same checks as safeParse, but a
 * failure is a plain issue list rather than a ZodError (an Error, with a stack to capture).
 */
function check<T>(schema: z.ZodType<T>, input: unknown): { ok: true; value: T } | { ok: false; issues: z.core.$ZodIssue[] } {
  const result = schema['~standard'].validate(input);
  if (result instanceof Promise) throw new TypeError('@hem/validator: a schema turned asynchronous; the generated schemas never are.');
  return result.issues ? { ok: false, issues: result.issues as z.core.$ZodIssue[] } : { ok: true, value: result.value };
}

function deepIssue(input: Record<string, unknown>): ValidationIssue | undefined {
  const type = input?.type as KeyType;
  if (typeof input?.pubkey !== 'string' || !Object.hasOwn(KEY_FORMATS, type)) return undefined;
  const bytes = decodeBase64(input.pubkey);
  const problem = bytes && checkPublicKey(type, bytes);
  return problem ? { path: ['pubkey'], code: problem.code, message: `pubkey: ${problem.message}` } : undefined;
}

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);
const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`);

/** zod's issue, in our words: the field, the rule, what was there, what to do. */
function toIssues(issue: z.core.$ZodIssue, shape: Record<string, unknown>, root: unknown, rootName: string): ValidationIssue[] {
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
        message: `${[...path, key].join('.')}: is not a field of this object: remove it (allowed: ${Object.keys(shape).join(', ')}).`,
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
