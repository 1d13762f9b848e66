// The one place that decides emitted identifiers and file names.
import type { Diagnostics } from './diagnostics.js';
import { identifier } from './escape.js';
import type { Pointer } from './pointer.js';

/**
 * The words of a name, in one pass (linear in its length: the regexes this replaces
 * backtracked quadratically on long upper-case runs). A word ends at a character that is not
 * an ASCII letter or digit, before an upper-case letter that follows a lower-case letter or
 * digit (`keyType` -> key, Type), and before the last upper-case letter of a run that a
 * lower-case letter follows (`HTTPServer` -> HTTP, Server).
 */
export function words(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  const kind = (c: number) => (c >= 65 && c <= 90 ? 'U' : c >= 97 && c <= 122 ? 'l' : c >= 48 && c <= 57 ? 'd' : '');
  for (let i = 0; i <= s.length; i++) {
    const k = i < s.length ? kind(s.charCodeAt(i)) : '';
    if (k === '') {
      if (start >= 0) out.push(s.slice(start, i));
      start = -1;
      continue;
    }
    if (start < 0) {
      start = i;
      continue;
    }
    const prev = kind(s.charCodeAt(i - 1));
    const next = i + 1 < s.length ? kind(s.charCodeAt(i + 1)) : '';
    if (k === 'U' && (prev === 'l' || prev === 'd' || (prev === 'U' && next === 'l'))) {
      out.push(s.slice(start, i));
      start = i;
    }
  }
  return out;
}

/** A valid identifier: reserved words and the globals generated code uses get a trailing `_` (escape.ts). */
const safe = (id: string) => identifier(id);

/**
 * Exported type (and zod schema) name of a component schema: `key-type` → `KeyType`. With
 * `diags`, a name that had to change (a reserved word, a global) is reported at `pointer`.
 */
export function typeName(schemaName: string, diags?: Diagnostics, pointer?: Pointer): string {
  return identifier(
    words(schemaName)
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join(''),
    diags,
    pointer,
  );
}

/** The runtime array of an enum's values: `KeyType` → `KEY_TYPES`. */
export function enumArrayName(schemaName: string): string {
  const upper = words(schemaName)
    .map((w) => w.toUpperCase())
    .join('_');
  if (/(S|X|CH|SH)$/.test(upper)) return `${upper}ES`;
  if (/[^AEIOU]Y$/.test(upper)) return `${upper.slice(0, -1)}IES`;
  return `${upper}S`;
}

/** The per-type key-format table, and the per-family rules. */
export const KEY_FORMATS = 'KEY_FORMATS';
export const KEY_FAMILIES_NAME = 'KEY_FAMILIES';

const camel = (w: string[]) => w.map((x, i) => (i === 0 ? x[0]!.toLowerCase() + x.slice(1) : x[0]!.toUpperCase() + x.slice(1))).join('');

/** A function name from an operationId: `importKey` stays, `import-key` → `importKey`. */
export function operationName(operationId: string): string {
  const w = words(operationId);
  return safe(w.length ? camel(w) : 'operation');
}

/**
 * The name of an operation that has no operationId, made from its method and path: the
 * method, then each path segment in camel case, a `{param}` segment as `By` + its name.
 * `GET /api/keymgmt/get/{kid}` → `getApiKeymgmtGetByKid`; `GET /` → `get`. Stable as long
 * as the method and path are; two operations that get the same name are an error.
 */
export function operationIdFor(method: string, path: string): string {
  const parts = path
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const param = /^\{([^}]+)\}$/.exec(segment);
      return param ? ['By', ...words(param[1]!)] : words(segment);
    });
  return camel([method.toLowerCase(), ...parts]);
}

/** Type names of an operation's request body, 2xx response and parameters when they are inline. */
export const requestTypeName = (operationId: string) => `${typeName(operationId)}Request`;
export const responseTypeName = (operationId: string) => `${typeName(operationId)}Response`;
export const paramsTypeName = (operationId: string) => `${typeName(operationId)}Params`;

export interface OperationTypeNames {
  request: string;
  response: string;
  params: string;
}

/**
 * The names of every operation's inline request body, first success body and parameters:
 * `importKey` → `ImportKeyRequest`, `ImportKeyResponse`, `ImportKeyParams`. A name a component
 * schema or an earlier operation already has gets a number (`ListPetsResponse2`), so the
 * types, the validator and the client agree on one table.
 */
export function operationTypeNames(schemaNames: readonly string[], operationNames: readonly string[]): Map<string, OperationTypeNames> {
  const taken = new Set(schemaNames.map((n) => typeName(n)));
  const unique = (base: string) => {
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    taken.add(name);
    return name;
  };
  return new Map(operationNames.map((name) => [name, { request: unique(requestTypeName(name)), response: unique(responseTypeName(name)), params: unique(paramsTypeName(name)) }]));
}

/** The generated data of an operation in the client: `importKey` → `importKeyOperation`. */
export const operationSpecName = (operationId: string) => `${operationName(operationId)}Operation`;

/** A schema factory taking limits: `ImportKeyRequest` → `createImportKeyRequest`. */
export const factoryName = (schemaName: string) => `create${typeName(schemaName)}`;

/** A limit option of a factory: `descr` → `descrMaxBytes`. */
export const limitName = (property: string) => `${property}MaxBytes`;

/** Per-operation data: `importKey` → `IMPORT_KEY_ERRORS` (in @hem/types), `ImportKeyErrorStatus` (zod). */
export const errorsName = (operationId: string) =>
  `${words(operationId)
    .map((w) => w.toUpperCase())
    .join('_')}_ERRORS`;
export const errorStatusName = (operationId: string) => `${typeName(operationId)}ErrorStatus`;

/** The stable error code of a status without `x-hem-error-code`. */
export function errorCodeForStatus(status: string): string {
  return status === 'default' ? 'unexpected_status' : `http_${status}`;
}

/** The per-operation schema table of the validator. */
export const OPERATION_SCHEMAS = 'OPERATION_SCHEMAS';
export const OPERATION_SCHEMAS_FACTORY = 'createOperationSchemas';

/** Where each target's generated files live, relative to the workspace root. */
export const TARGET_DIRS = {
  types: 'packages/types/src',
  validator: 'packages/validator/src',
  client: 'packages/client/src',
} as const;

/** Generated file names, per target. */
export const FILES = {
  types: { openapi: 'openapi.gen.ts', models: 'models.gen.ts', operations: 'operations.gen.ts' },
  validator: { schemas: 'schemas.gen.ts', mini: 'mini.gen.ts' },
  client: { operations: 'operations.gen.ts' },
} as const;

// The operation tables in @hem/types (emit/operations.ts), and what the client imports of them.
/** Every operation's data, by operationId. */
export const OPERATIONS_NAME = 'OPERATIONS';
/** How each security scheme sends its credential. */
export const SECURITY_SCHEMES_NAME = 'SECURITY_SCHEMES';
/** The kinds of effect an operation can declare (x-hem-effect). */
export const EFFECT_KINDS_NAME = 'EFFECT_KINDS';
/** The hand-written module of @hem/types that defines OperationSpec, which the tables satisfy. */
export const OPERATION_SPEC_MODULE = './operation-spec.js';
/** The package the operation tables are published in. */
export const TYPES_PACKAGE = '@hem/types';
