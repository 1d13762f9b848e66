// `paths`, `webhooks`, `components` and `operations` by openapi-typescript itself: its
// transformSchema over the document our loader produced, printed by its astToString. Our rules
// go in through its options and hooks, never by editing its text:
// - emptyObjectsUnknown: an object with no properties takes any keys (`Record<string, unknown>`),
//   as the validator accepts them;
// - defaultNonNullable false: a property with a default stays optional (a request may omit it);
// - transform: `format: binary` is `Blob | Uint8Array` (what the client sends and returns), and
//   an `x-hem-extensible` string enum is its values `| string`, assignable to `string` under
//   openapi-fetch (`string & {}` is an object type to its Readable<T>); an array inside a
//   component that contains itself through array items (`Nest: { items: { $ref: Nest } }`)
//   is an interface extending Array, declared beside `components`: its own `Nest[]` form is
//   circular to TypeScript (TS2502), an interface's base is resolved lazily.
// Spec prose reaches its JSDoc through escape.ts's docLines first (line breaks, `@` at a line's
// start); strings and keys go through TypeScript's factory and printer, which escape them.
// Loaded through its CommonJS build, without the redocly bundler its entry point starts.
import { createRequire } from 'node:module';
import type { OperationIR } from '../../ir.js';
import { docLines, identifier } from '../../escape.js';
import { escapeToken, unescapeToken } from '../../pointer.js';

type Ts = typeof import('typescript');
interface Loaded {
  ts: Ts;
  transformSchema: (schema: unknown, ctx: unknown) => unknown[];
  transformSchemaObject: (schema: unknown, options: { path: string; ctx: unknown }) => import('typescript').TypeNode;
  astToString: (nodes: unknown[]) => string;
  scanDiscriminators: (schema: unknown, options: unknown) => unknown;
  resolveRef: (schema: unknown, ref: string, options: { silent: boolean }) => unknown;
}
let loaded: Loaded | undefined;
const load = (): Loaded => {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const utils = require('openapi-typescript/dist/lib/utils.cjs');
  loaded = {
    ts: require('typescript'),
    transformSchema: require('openapi-typescript/dist/transform/index.cjs'),
    transformSchemaObject: require('openapi-typescript/dist/transform/schema-object.cjs').default,
    astToString: require('openapi-typescript/dist/lib/ts.cjs').astToString,
    scanDiscriminators: utils.scanDiscriminators,
    resolveRef: utils.resolveRef,
  };
  return loaded;
};

const PROSE = new Set(['description', 'summary', 'title']);

/**
 * A copy of the document with its prose normalised for JSDoc (escape.ts). (A 3.0 `nullable`
 * in a 3.1 document: openapi-typescript honours it, so does the model, which warns.)
 */
function prepare(value: unknown, pointer: string, ids: Map<string, string>, prose = true): unknown {
  if (Array.isArray(value)) return value.map((v, i) => prepare(v, `${pointer}/${i}`, ids, prose));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  // An operation without an operationId gets the one the IR made for it (names.ts), so it has
  // its place in `operations` like every other, and models.gen.ts can name it.
  const id = ids.get(pointer);
  if (id !== undefined && !('operationId' in value)) out.operationId = id;
  for (const [key, v] of Object.entries(value)) {
    const at = `${pointer}/${escapeToken(key)}`;
    if (prose && PROSE.has(key) && typeof v === 'string') {
      Object.defineProperty(out, key, { value: docLines(v).join('\n'), enumerable: true, writable: true, configurable: true });
      continue;
    }
    Object.defineProperty(out, key, { value: prepare(v, at, ids, prose), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The standard openapi-typescript module text (no header) for a loaded document. */
/** What we change about openapi-typescript's defaults, each through its options or hooks. */
export const OUR_OPTIONS = {
  /** An object with no properties takes any keys (its default: `Record<string, never>`). */
  emptyObjectsUnknown: true,
  /** A property with a default stays optional (its default makes it required). */
  defaultNonNullable: false,
  /** transform hook: binary as `Blob | Uint8Array`, open enums `| string`. */
  transform: true,
  /** Prose normalised for JSDoc by escape.ts before it sees it. */
  prose: true,
  /** Operations without an operationId get the IR's, so they are in `operations`. */
  operationIds: true,
};
export type OurOptions = typeof OUR_OPTIONS;
/** openapi-typescript's own defaults, for comparison (test/openapi-ts-compare.test.ts). */
export const OTS_DEFAULTS: OurOptions = { emptyObjectsUnknown: false, defaultNonNullable: true, transform: false, prose: false, operationIds: false };

/**
 * The standard module text; `recursiveArrays` names the component schemas that contain
 * themselves through array items (model/recursion.ts), whose arrays become interfaces.
 */
export function openapiTypes(
  document: Record<string, unknown>,
  operations: readonly Pick<OperationIR, 'pointer' | 'id'>[],
  chosen: OurOptions = OUR_OPTIONS,
  recursiveArrays: ReadonlySet<string> = new Set(),
): string {
  const { ts, transformSchema, transformSchemaObject, astToString, scanDiscriminators, resolveRef } = load();
  const ids = chosen.operationIds ? new Map(operations.map((op) => [op.pointer, op.id])) : new Map<string, string>();
  const schema = prepare(document, '#', ids, chosen.prose) as Record<string, unknown>;
  const f = ts.factory;
  const options = { emptyObjectsUnknown: chosen.emptyObjectsUnknown, defaultNonNullable: chosen.defaultNonNullable, silent: true };
  const ctx = {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: options.defaultNonNullable,
    discriminators: scanDiscriminators(schema, options),
    emptyObjectsUnknown: options.emptyObjectsUnknown,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    propertiesRequiredByDefault: false,
    silent: true,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    transform(node: Record<string, unknown>, at: { path?: string }) {
      if (recursiveArrays.size && isPlainArray(node) && recursiveArrays.has(componentOf(at.path))) return arrayInterface(node, at.path!);
      if (!chosen.transform) return undefined;
      if (node.format === 'binary' && (node.type === 'string' || (Array.isArray(node.type) && node.type.includes('string')))) {
        const bytes = [f.createTypeReferenceNode('Blob'), f.createTypeReferenceNode('Uint8Array')];
        const nullable = node.nullable === true || (Array.isArray(node.type) && node.type.includes('null'));
        return f.createUnionTypeNode(nullable ? [...bytes, f.createLiteralTypeNode(f.createNull())] : bytes);
      }
      if (node['x-hem-extensible'] === true && Array.isArray(node.enum) && node.enum.length && node.enum.every((v) => typeof v === 'string')) {
        const values = (node.enum as string[]).map((v) => f.createLiteralTypeNode(f.createStringLiteral(v)));
        return f.createUnionTypeNode([...values, f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword)]);
      }
      return undefined;
    },
    resolve: (ref: string) => resolveRef(schema, ref, { silent: true }),
  };

  // Arrays typed as `interface $Name extends Array<items> {}`: one interface per array node,
  // named from its pointer (escape.ts's identifier), its items typed by openapi-typescript.
  const interfaces = new Map<object, { name: string; path: string; node: Record<string, unknown> }>();
  const taken = new Set<string>();
  function arrayInterface(node: Record<string, unknown>, path: string) {
    let entry = interfaces.get(node);
    if (!entry) {
      const base = identifier(`$${path.slice(COMPONENTS.length).split('/').map(unescapeToken).join('_')}`);
      let name = base;
      for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
      taken.add(name);
      entry = { name, path, node };
      interfaces.set(node, entry);
    }
    const ref = f.createTypeReferenceNode(entry.name);
    const nullable = node.nullable === true || (Array.isArray(node.type) && node.type.includes('null'));
    return nullable ? f.createUnionTypeNode([ref, f.createLiteralTypeNode(f.createNull())]) : ref;
  }

  const nodes = transformSchema(schema, ctx);
  // Typing an interface's items can meet more such arrays (an array of arrays): until none is new.
  const declared = new Set<object>();
  for (let pending = [...interfaces.values()]; pending.length; pending = [...interfaces.values()].filter((e) => !declared.has(e.node))) {
    for (const { name, path, node } of pending) {
      declared.add(node);
      const items = transformSchemaObject(node.items ?? true, { path: `${path}/items`, ctx });
      const heritage = f.createHeritageClause(ts.SyntaxKind.ExtendsKeyword, [f.createExpressionWithTypeArguments(f.createIdentifier('Array'), [items])]);
      const declaration = f.createInterfaceDeclaration([f.createModifier(ts.SyntaxKind.ExportKeyword)], name, undefined, [heritage], []);
      ts.addSyntheticLeadingComment(declaration, ts.SyntaxKind.MultiLineCommentTrivia, INTERFACE_DOC, true);
      nodes.push(declaration);
    }
  }
  return astToString(nodes);
}

const COMPONENTS = '#/components/schemas/';
const INTERFACE_DOC = '* An array that contains itself: an interface, as TypeScript finds the `T[]` form circular. ';

/** The component schema a pointer is inside, or '' for none. */
function componentOf(path: string | undefined): string {
  if (!path?.startsWith(COMPONENTS)) return '';
  return unescapeToken(path.slice(COMPONENTS.length).split('/')[0]!);
}

/** `type: array` (or `[array, null]`) without tuple positions: an interface can stand for it. */
function isPlainArray(node: Record<string, unknown>): boolean {
  const types = Array.isArray(node.type) ? node.type : [node.type];
  return types.includes('array') && types.every((t) => t === 'array' || t === 'null') && !node.prefixItems && !Array.isArray(node.items);
}
