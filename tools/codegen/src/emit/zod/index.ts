// Target @hem/validator: zod 4 schemas for every named schema and every inline request body,
// success body and parameter set, in dependency order; one table of each operation's
// schemas (so a client looks them up instead of naming operations); each operation's error
// statuses.
import type { StatementStructures } from 'ts-morph';
import { block, tsMorph } from '../../ts-morph.js';
import type { Diagnostics } from '../../diagnostics.js';
import type { IR, OperationIR, SchemaNode } from '../../ir.js';
import { dataLiteral, objectKey, stringLiteral } from '../../escape.js';
import { docs, constStatement } from '../../jsdoc.js';
import {
  FILES,
  KEY_FAMILIES_NAME,
  KEY_FORMATS,
  OPERATION_SCHEMAS,
  OPERATION_SCHEMAS_FACTORY,
  errorStatusName,
  errorsName,
  factoryName,
  limitName,
  operationTypeNames,
  typeName,
} from '../../names.js';
import { errorStatuses, mediaOf, successResponses } from '../../operations.js';
import type { EmittedFile } from '../file.js';
import { expression, type Dialect, type RuntimeHelper, type ZodContext } from './kinds.js';
import { expression as typeExpression } from '../types/kinds.js';

/** The local type of a component schema that a recursive schema is declared with: `$Planet`. */
const shapeTypeName = (name: string) => `$${typeName(name)}`;

/** The hand-written module of the validator that generated code calls into. */
export const RUNTIME_MODULE = './runtime.js';

interface Entry {
  name: string;
  schema: SchemaNode;
  doc?: string;
}

/** What one operation validates: its parameters, the body it sends, each success body. */
interface OperationSchemas {
  op: OperationIR;
  params?: string;
  body?: string;
  responses: { status: string; schema?: string }[];
  /** Public keys in the body: [key property, the property naming its type] (deep checks). */
  keys: [string, string][];
}

export function emitZod(ir: IR, diags: Diagnostics, dialect: Dialect = 'classic'): EmittedFile {
  const entries: Entry[] = ir.schemas.map(({ name, schema }) => ({ name, schema, ...(schema.description ? { doc: schema.description } : {}) }));
  const taken = new Set(entries.map((e) => typeName(e.name)));
  /** A named entry for an inline schema, or the component it refers to. */
  const named = (schema: SchemaNode, name: string, doc: string): string => {
    if (schema.kind === 'ref' && !schema.nullable) return schema.name;
    if (!taken.has(typeName(name))) {
      taken.add(typeName(name));
      entries.push({ name, schema, doc });
    }
    return name;
  };

  const tables: OperationSchemas[] = [];
  const all = [...ir.operations, ...ir.webhooks];
  const names = operationTypeNames(
    ir.schemas.map((s) => s.name),
    all.map((op) => op.name),
  );
  for (const op of all) {
    const own = names.get(op.name)!;
    const where = `\`${op.method.toUpperCase()} ${op.path}\``;
    const media = op.requestBody?.content[0];
    const body = media?.schema ? named(media.schema, own.request, `Request body of ${where}.`) : undefined;
    const params = op.parameters.length ? named(paramsObject(op), own.params, `The parameters of ${where}, by name.`) : undefined;
    const responses = successResponses(op).map((r, i) => {
      const m = mediaOf(r);
      const name = i === 0 ? own.response : `${own.response}${r.status}`;
      return { status: r.status, ...(m?.schema ? { schema: named(m.schema, name, `Body of the ${r.status} response of ${where}.`) } : {}) };
    });
    tables.push({
      op,
      ...(params ? { params } : {}),
      ...(body ? { body } : {}),
      responses,
      keys: media?.schema ? keyFields(media.schema, (n) => ir.schemas.find((s) => s.name === n)?.schema) : [],
    });
  }

  const byName = new Map(entries.map((e) => [e.name, e]));
  const { order, forward } = dependencyOrder(entries, byName);
  const declared = new Set<string>();
  const helpers = new Set<RuntimeHelper>();
  const factories = new Map<string, string[]>();
  let needsKeyFormats = false;
  let needsKeyFamilies = false;
  const statements: (string | StatementStructures)[] = [];

  // A schema referenced before its declaration (a cycle) needs an explicit type, which
  // TypeScript cannot infer for itself; so typed, it is no longer an object to extend.
  const bodies = order.map((entry) => {
    const limits: { property: string; fallback: number }[] = [];
    const ctx: ZodContext = {
      dialect,
      diags,
      ref(name) {
        if (declared.has(name)) return typeName(name);
        if (!this.deferring) return `z.lazy(() => ${typeName(name)})`;
        this.deferred = true;
        return typeName(name);
      },
      deferring: false,
      deferred: false,
      lookup: (name) => (forward.has(name) ? undefined : byName.get(name)?.schema),
      use: (helper) => {
        helpers.add(helper);
        return helper;
      },
      limit: (property, fallback) => {
        limits.push({ property, fallback });
        return `limits.${limitName(property)} ?? ${fallback}`;
      },
      keyFormats: () => {
        if (!ir.hem?.keyFormats) {
          diags.error(entry.schema.pointer, 'x-hem-decoded-length-from needs a key-format table (x-hem-key-formats on the enum it names): add one.', { targets: ['validator'] });
        }
        needsKeyFormats = true;
        return KEY_FORMATS;
      },
      keyFamilies: () => {
        needsKeyFamilies = true;
        return KEY_FAMILIES_NAME;
      },
    };
    const body = expression(entry.schema, ctx);
    declared.add(entry.name);
    return { entry, body, limits };
  });

  const components = new Set(ir.schemas.map((s) => s.name));
  let needsTypes = false;
  for (const { entry, body, limits } of bodies) {
    const id = typeName(entry.name);
    if (limits.length === 0) {
      const annotated = forward.has(entry.name) && components.has(entry.name);
      needsTypes ||= annotated;
      const type = `${dialect === 'mini' ? 'z.ZodMiniType' : 'z.ZodType'}<${shapeTypeName(entry.name)}>`;
      statements.push(constStatement(annotated ? `${id}: ${type}` : id, body, docs(entry.doc)));
    } else {
      factories.set(
        entry.name,
        limits.map((l) => limitName(l.property)),
      );
      const options = limits.map((l) => `/** Largest decoded size of \`${l.property}\` in bytes (default ${l.fallback}). */ ${limitName(l.property)}?: number`);
      statements.push({
        kind: tsMorph().StructureKind.Function,
        isExported: true,
        name: factoryName(entry.name),
        docs: docs(`Builds \`${id}\` with other size limits.`, entry.doc),
        parameters: [{ name: 'limits', type: `{ ${options.join('; ')} }`, initializer: '{}' }],
        statements: [`return ${body};`],
      });
      statements.push(constStatement(id, `/* @__PURE__ */ ${factoryName(entry.name)}()`, docs(entry.doc)));
    }
  }

  statements.push(...operationTable(tables, factories));

  // The codes and meanings of these statuses live in @hem/types (errorsName); here only
  // the schema of the status number.
  for (const op of ir.operations) {
    const errors = errorStatuses(op);
    if (errors.length === 0) continue;
    statements.push(
      constStatement(
        errorStatusName(op.name),
        `z.literal(${dataLiteral(errors.map((r) => Number(r.status)))})`,
        docs(`An error status \`${op.id}\` can answer (meanings: \`${errorsName(op.name)}\` in @hem/types).`),
      ),
    );
  }

  const imports: StatementStructures[] = [{ kind: tsMorph().StructureKind.ImportDeclaration, namespaceImport: 'z', moduleSpecifier: dialect === 'mini' ? 'zod/mini' : 'zod' }];
  const keyTables = [...(needsKeyFamilies ? [KEY_FAMILIES_NAME] : []), ...(needsKeyFormats ? [KEY_FORMATS] : [])];
  if (keyTables.length) imports.push({ kind: tsMorph().StructureKind.ImportDeclaration, namedImports: keyTables, moduleSpecifier: '@hem/types' });
  // A recursive schema's declared type: every component's type as the IR says (types/kinds.ts
  // writes it from the same model the schemas come from, so the two agree by construction;
  // @hem/types' own is openapi-typescript's, which reads some rules differently).
  if (needsTypes) {
    const objects = new Set(ir.schemas.filter((s) => s.schema.kind === 'object').map((s) => s.name));
    const typeCtx = { ref: shapeTypeName, isObject: (name: string) => objects.has(name), diags };
    statements.unshift(...ir.schemas.map(({ name, schema }) => `type ${shapeTypeName(name)} = ${typeExpression(schema, '', typeCtx)};`));
  }
  if (helpers.size) imports.push({ kind: tsMorph().StructureKind.ImportDeclaration, namedImports: [...helpers].sort(), moduleSpecifier: RUNTIME_MODULE });
  return { path: dialect === 'mini' ? FILES.validator.mini : FILES.validator.schemas, statements: [...imports, ...statements], laidOut: true };
}

/** An operation's parameters as one object schema, keyed by name (as the client takes them). */
function paramsObject(op: OperationIR): SchemaNode {
  return {
    kind: 'object',
    pointer: `${op.pointer}/parameters`,
    nullable: false,
    deprecated: false,
    properties: op.parameters.map((p) => ({ name: p.name, required: p.required, schema: p.schema })),
    additional: false,
    additionalImplicit: false,
  };
}

/**
 * `OPERATION_SCHEMAS`: per operationId, the schemas of its parameters, request body and
 * success bodies (null where it has none). With size limits in play, a factory builds it.
 */
function operationTable(tables: OperationSchemas[], factories: Map<string, string[]>): (string | StatementStructures)[] {
  const options = [...new Set([...factories.values()].flat())];
  const use = (name: string | undefined) => (name === undefined ? 'null' : factories.has(name) ? `${factoryName(name)}(limits)` : typeName(name));
  const rows = tables.map(({ op, params, body, responses, keys }) => {
    const res = responses.map((r) => `${/^\d+$/.test(r.status) ? r.status : stringLiteral(r.status)}: ${use(r.schema)}`).join(', ');
    return `${objectKey(op.id)}: { params: ${use(params)}, body: ${use(body)}, responses: { ${res} }, keys: ${dataLiteral(keys)} }`;
  });
  const table = rows.length ? block('{', rows, '}', { trailing: true }) : '{\n}';
  const doc = docs(
    "Every operation's schemas by operationId: its parameters (by name), its request body, the body of each success status (null where there is none), and the public keys in its body ([key property, type property]) for the deep key checks.",
  );
  if (options.length === 0) return [constStatement(OPERATION_SCHEMAS, `${table} as const`, doc)];
  return [
    {
      kind: tsMorph().StructureKind.Function,
      isExported: true,
      name: OPERATION_SCHEMAS_FACTORY,
      docs: docs(`Builds \`${OPERATION_SCHEMAS}\` with other size limits.`),
      parameters: [{ name: 'limits', type: `{ ${options.map((o) => `${o}?: number`).join('; ')} }`, initializer: '{}' }],
      statements: [`return ${table} as const;`],
    },
    constStatement(OPERATION_SCHEMAS, `/* @__PURE__ */ ${OPERATION_SCHEMAS_FACTORY}()`, doc),
  ];
}

/** The top-level properties of a body that are public keys typed by a sibling (x-hem-decoded-length-from). */
function keyFields(schema: SchemaNode, lookup: (name: string) => SchemaNode | undefined): [string, string][] {
  const node = schema.kind === 'ref' ? lookup(schema.name) : schema;
  if (node?.kind !== 'object') return [];
  return node.properties.flatMap((p) => (p.schema.hem?.decodedLengthFrom ? [[p.name, p.schema.hem.decodedLengthFrom] as [string, string]] : []));
}

/**
 * Depth-first order so that a schema comes after the schemas it uses. `forward`: the
 * schemas a cycle makes someone use before their declaration (written lazily).
 */
function dependencyOrder(entries: Entry[], byName: Map<string, Entry>): { order: Entry[]; forward: Set<string> } {
  const order: Entry[] = [];
  const forward = new Set<string>();
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (entry: Entry) => {
    state.set(entry.name, 'visiting');
    for (const name of refsOf(entry.schema)) {
      const dep = byName.get(name);
      if (!dep) continue;
      if (state.get(name) === 'visiting') forward.add(name);
      else if (!state.has(name)) visit(dep);
    }
    state.set(entry.name, 'done');
    order.push(entry);
  };
  for (const entry of entries) if (!state.has(entry.name)) visit(entry);
  return { order, forward };
}

function refsOf(node: SchemaNode): string[] {
  switch (node.kind) {
    case 'ref':
      return [node.name];
    case 'object':
      return [...node.properties.flatMap((p) => refsOf(p.schema)), ...(typeof node.additional === 'object' ? refsOf(node.additional) : [])];
    case 'array':
      return refsOf(node.items);
    case 'union':
      return node.variants.flatMap(refsOf);
    case 'intersection':
      return [...node.parts.flatMap(refsOf), ...(node.unevaluated ? refsOf(node.unevaluated) : [])];
    default:
      return [];
  }
}
