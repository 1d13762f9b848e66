// Target @hem/validator: zod 4 schemas for every named schema and every inline request or
// response body, in dependency order, plus each operation's error statuses and meanings.
import { StructureKind, type StatementStructures } from 'ts-morph';
import type { IR, SchemaNode } from '../../ir.js';
import { docs, exportedConst, literal } from '../../jsdoc.js';
import { FILES, KEY_FORMATS, errorStatusName, errorsName, factoryName, limitName, requestTypeName, responseTypeName, typeName } from '../../names.js';
import type { EmittedFile } from '../../write.js';
import { CodegenError } from '../../errors.js';
import { errorStatuses, successResponse } from '../../operations.js';
import { expression, type Dialect, type RuntimeHelper, type ZodContext } from './kinds.js';

/** The hand-written module of the validator that generated code calls into. */
export const RUNTIME_MODULE = './runtime.js';

interface Entry {
  name: string;
  schema: SchemaNode;
  doc?: string;
}

export function emitZod(ir: IR, dialect: Dialect = 'classic'): EmittedFile {
  const entries: Entry[] = ir.schemas.map(({ name, schema }) => ({ name, schema, ...(schema.description ? { doc: schema.description } : {}) }));
  const taken = new Set(entries.map((e) => typeName(e.name)));
  for (const op of ir.operations) {
    const where = `\`${op.method.toUpperCase()} ${op.path}\``;
    if (op.requestBody && op.requestBody.schema.kind !== 'ref' && !taken.has(requestTypeName(op.id))) {
      taken.add(requestTypeName(op.id));
      entries.push({ name: requestTypeName(op.id), schema: op.requestBody.schema, doc: `Request body of ${where}.` });
    }
    const ok = successResponse(op, true);
    if (ok?.schema && ok.schema.kind !== 'ref' && !taken.has(responseTypeName(op.id))) {
      taken.add(responseTypeName(op.id));
      entries.push({ name: responseTypeName(op.id), schema: ok.schema, doc: `Body of the ${ok.status} response of ${where}.` });
    }
  }

  const byName = new Map(entries.map((e) => [e.name, e]));
  const order = dependencyOrder(entries, byName);
  const declared = new Set<string>();
  const helpers = new Set<RuntimeHelper>();
  let needsKeyFormats = false;
  const statements: (string | StatementStructures)[] = [];

  for (const entry of order) {
    const limits: { property: string; fallback: number }[] = [];
    const ctx: ZodContext = {
      dialect,
      ref(name) {
        if (declared.has(name)) return typeName(name);
        if (!this.deferring) return `z.lazy(() => ${typeName(name)})`;
        this.deferred = true;
        return typeName(name);
      },
      deferring: false,
      deferred: false,
      isObject: (name) => byName.get(name)?.schema.kind === 'object',
      use: (helper) => (helpers.add(helper), helper),
      limit: (property, fallback) => (limits.push({ property, fallback }), `limits.${limitName(property)} ?? ${fallback}`),
      keyFormats: () => {
        if (!ir.keyFormats) throw new CodegenError(entry.schema.pointer, 'x-hem-decoded-length-from needs a key-format table (x-hem-key-formats on the enum it names): add one.');
        needsKeyFormats = true;
        return KEY_FORMATS;
      },
    };
    const body = expression(entry.schema, ctx);
    const id = typeName(entry.name);
    if (limits.length === 0) {
      statements.push(exportedConst(id, body, docs(entry.doc)));
    } else {
      const options = limits.map((l) => `/** Largest decoded size of \`${l.property}\` in bytes (default ${l.fallback}). */ ${limitName(l.property)}?: number`);
      statements.push({
        kind: StructureKind.Function,
        isExported: true,
        name: factoryName(entry.name),
        docs: docs(`Builds \`${id}\` with other size limits.`, entry.doc),
        parameters: [{ name: 'limits', type: `{ ${options.join('; ')} }`, initializer: '{}' }],
        statements: [`return ${body};`],
      });
      statements.push(exportedConst(id, `${factoryName(entry.name)}()`, docs(entry.doc)));
    }
    declared.add(entry.name);
  }

  // The codes and meanings of these statuses live in @hem/types (errorsName); here only
  // the schema of the status number.
  for (const op of ir.operations) {
    const errors = errorStatuses(op);
    if (errors.length === 0) continue;
    statements.push(exportedConst(errorStatusName(op.id), `z.literal(${literal(errors.map((r) => Number(r.status)))})`, docs(`An error status \`${op.id}\` can answer (meanings: \`${errorsName(op.id)}\` in @hem/types).`)));
  }

  const imports: StatementStructures[] = [{ kind: StructureKind.ImportDeclaration, namespaceImport: 'z', moduleSpecifier: dialect === 'mini' ? 'zod/mini' : 'zod' }];
  if (needsKeyFormats) imports.push({ kind: StructureKind.ImportDeclaration, namedImports: [KEY_FORMATS], moduleSpecifier: '@hem/types' });
  if (helpers.size) imports.push({ kind: StructureKind.ImportDeclaration, namedImports: [...helpers].sort(), moduleSpecifier: RUNTIME_MODULE });
  return { path: dialect === 'mini' ? FILES.validator.mini : FILES.validator.schemas, statements: [...imports, ...statements] };
}

/** Depth-first order so that a schema comes after the schemas it uses; cycles stay lazy. */
function dependencyOrder(entries: Entry[], byName: Map<string, Entry>): Entry[] {
  const out: Entry[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (entry: Entry) => {
    if (state.has(entry.name)) return;
    state.set(entry.name, 'visiting');
    for (const name of refsOf(entry.schema)) {
      const dep = byName.get(name);
      if (dep) visit(dep);
    }
    state.set(entry.name, 'done');
    out.push(entry);
  };
  entries.forEach(visit);
  return out;
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
      return node.parts.flatMap(refsOf);
    default:
      return [];
  }
}
