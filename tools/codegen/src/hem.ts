// What only this project's spec says: the x-hem-* extensions, as IR data. Their shapes are
// one JSON Schema (spec/hem-extensions.schema.json) shared with the lint rules; this module
// checks a document against it and reads the values. The JSON-Schema core of the IR never
// looks at them.
import schema from '../../../spec/hem-extensions.schema.json' with { type: 'json' };
import { hemChecker, keyTableProblems, type HemObjectKind } from '../../../spec/hem-rules.js';
import type { Diagnostics } from './diagnostics.js';
import { child, type Pointer } from './pointer.js';

/** The key families the deep checks know; a new family needs code, a new type of one is data. */
export const KEY_FAMILIES = schema.$defs.family.enum as unknown as readonly ['sec1', 'montgomery', 'edwards', 'mlkem', 'mldsa'];
export type KeyFamily = (typeof KEY_FAMILIES)[number];

/** The kinds of effect an operation can declare (x-hem-effect): the schema's enum, the one list. */
export const EFFECT_KINDS = schema.$defs.effectKind.enum as unknown as readonly ['store-key', 'read-key', 'remove-key', 'list-keys'];
export type EffectKind = (typeof EFFECT_KINDS)[number];

/** What an operation does to the key store (x-hem-effect). */
export interface Effect {
  kind: EffectKind;
  /** read-key, remove-key: the parameter that names the key. */
  kid?: { in: 'path' | 'query' | 'header'; name: string };
  /** The status of the effect's refusal (a duplicate or a full store; no such key); a status code as text. */
  refused?: string;
  /** list-keys: the success body's property that holds the list. */
  items?: string;
}

export type Role = 'User' | 'Master' | 'ExtAuth';

export interface ScopeRule {
  /** The scope claim; `<name>` stands for the path parameter `name`. */
  claim: string;
  match: 'prefix' | 'exact';
}

export interface AuditEntry {
  event: string;
  code?: number;
  /** Status → LOG_RESULT_*. */
  results: Record<string, string>;
}

export interface HemOperation {
  /** Any one of these scopes allows the call. */
  scopes?: ScopeRule[];
  roles?: { allowed: Role[]; denied: Role[] };
  tls?: 'required' | 'optional';
  audit?: AuditEntry[];
  /** The request-body property whose kid (SHA-1 prefix) the 200 answer carries. */
  kidFrom?: string;
  /** The read that finds what this operation stores, by its kid: for retry-safe calls. */
  readBack?: { operation: string; parameter: string; compare: string[]; statuses: string[] };
  /** What it does to the key store. */
  effect?: Effect;
}

export interface HemResponse {
  /** A stable code for this status on this operation. */
  errorCode?: string;
}

export interface HemSchema {
  patternHint?: string;
  /** A limit on the decoded length of a base64 string. */
  maxDecodedBytes?: number;
  /** A sibling property whose key format fixes this base64 string's decoded length. */
  decodedLengthFrom?: string;
  /** An enum the server may extend: clients must accept unknown values. */
  extensible?: boolean;
  /** A sibling key-type property: this property is required when that type's family has modeRequired. */
  requiredByFamily?: string;
}

/** One entry of `x-hem-key-formats`: the rule for a key type's public key. */
export interface KeyFormat {
  type: string;
  family: KeyFamily;
  curve: string;
  bytes: number;
  encoding: string;
  /** What names the key in an SPKI: the named-curve OID for SEC1, the algorithm OID otherwise. */
  oid: string;
  description: string;
}

export interface KeyFamilyRule {
  family: KeyFamily;
  modeRequired: boolean;
}

export interface KeyFormatTable {
  /** The enum schema the table hangs on (e.g. `KeyType`). */
  schema: string;
  pointer: Pointer;
  formats: KeyFormat[];
  families: KeyFamilyRule[];
}

export interface HemDocument {
  keyFormats?: KeyFormatTable;
}

let checker: ReturnType<typeof hemChecker> | undefined;

/** Reports every x-hem-* problem of one object; true when its extensions can be read. */
export function checkHem(kind: HemObjectKind, raw: Record<string, unknown>, pointer: Pointer, diags: Diagnostics): boolean {
  if (!Object.keys(raw).some((k) => k.startsWith('x-hem-'))) return true;
  checker ??= hemChecker(schema);
  const problems = checker.check(kind, raw);
  for (const p of problems) diags.error(child(pointer, ...p.path), p.message);
  return problems.length === 0;
}

type Json = Record<string, unknown>;

/** The x-hem-* members the readers below take, as checkHem has validated them. */
interface Checked {
  'x-hem-scopes'?: ScopeRule[];
  'x-hem-roles'?: { allowed: Role[]; denied: Role[] };
  'x-hem-tls'?: 'required' | 'optional';
  'x-hem-audit'?: AuditEntry[];
  'x-hem-kid-from'?: string;
  'x-hem-read-back'?: HemOperation['readBack'];
  'x-hem-effect'?: Effect;
  'x-hem-key-formats'?: Record<string, Omit<KeyFormat, 'type' | 'description'>>;
  'x-hem-key-families'?: Record<string, { modeRequired?: boolean }>;
}

export function readHemOperation(op: Json): HemOperation | undefined {
  const raw = op as Checked;
  const out: HemOperation = {
    ...(raw['x-hem-scopes'] ? { scopes: raw['x-hem-scopes'].map((s) => ({ claim: s.claim, match: s.match })) } : {}),
    ...(raw['x-hem-roles'] ? { roles: { allowed: [...raw['x-hem-roles'].allowed], denied: [...raw['x-hem-roles'].denied] } } : {}),
    ...(raw['x-hem-tls'] ? { tls: raw['x-hem-tls'] } : {}),
    ...(raw['x-hem-audit'] ? { audit: structuredClone(raw['x-hem-audit']) } : {}),
    ...(raw['x-hem-kid-from'] ? { kidFrom: raw['x-hem-kid-from'] } : {}),
    ...(raw['x-hem-read-back'] ? { readBack: structuredClone(raw['x-hem-read-back']) } : {}),
    ...(raw['x-hem-effect'] ? { effect: structuredClone(raw['x-hem-effect']) } : {}),
  };
  return Object.keys(out).length ? out : undefined;
}

export function readHemResponse(raw: Json): HemResponse | undefined {
  return typeof raw['x-hem-error-code'] === 'string' ? { errorCode: raw['x-hem-error-code'] } : undefined;
}

export function readHemSchema(raw: Json): HemSchema | undefined {
  const out: HemSchema = {
    ...(typeof raw['x-hem-pattern-hint'] === 'string' ? { patternHint: raw['x-hem-pattern-hint'] } : {}),
    ...(typeof raw['x-hem-max-decoded-bytes'] === 'number' ? { maxDecodedBytes: raw['x-hem-max-decoded-bytes'] } : {}),
    ...(typeof raw['x-hem-decoded-length-from'] === 'string' ? { decodedLengthFrom: raw['x-hem-decoded-length-from'] } : {}),
    ...(raw['x-hem-extensible'] === true ? { extensible: true } : {}),
    ...(typeof raw['x-hem-required-by-family'] === 'string' ? { requiredByFamily: raw['x-hem-required-by-family'] } : {}),
  };
  return Object.keys(out).length ? out : undefined;
}

/** The key table on an enum schema, cross-checked; undefined when the schema has none. */
export function readKeyTable(name: string, schema: Json, pointer: Pointer, diags: Diagnostics): KeyFormatTable | undefined {
  const raw = schema as Checked;
  const formats = raw['x-hem-key-formats'];
  if (formats === undefined) return undefined;
  const values: unknown[] = Array.isArray(schema.enum) ? schema.enum : [];
  const families = raw['x-hem-key-families'];
  const problems = keyTableProblems(values, formats, families);
  for (const p of problems) diags.error(child(pointer, ...p.path), p.message);
  if (problems.length) return undefined;
  // Not an x-hem member: checkHem does not check it.
  const descriptions = schema['x-enumDescriptions'] as Record<string, string> | undefined;
  const used = new Set(Object.values(formats).map((f) => f.family));
  return {
    schema: name,
    pointer: child(pointer, 'x-hem-key-formats'),
    formats: values.map((type) => {
      const f = formats[type as string]!; // keyTableProblems: every value has an entry
      return {
        type: type as string,
        family: f.family,
        curve: f.curve,
        bytes: f.bytes,
        encoding: f.encoding,
        oid: f.oid,
        description: descriptions?.[type as string] ?? '',
      };
    }),
    families: KEY_FAMILIES.filter((family) => used.has(family)).map((family) => ({ family, modeRequired: families![family]!.modeRequired === true })),
  };
}
