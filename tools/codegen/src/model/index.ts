// The document → IR, pure: no I/O, no spec library. Problems go to the diagnostics; the IR
// is returned either way so one run can report every problem.
import { checkRecursion } from './recursion.js';
import { Diagnostics } from '../diagnostics.js';
import { checkHem, readKeyTable, type KeyFormatTable } from '../hem.js';
import type { IR, NamedSchema, OperationIR, SecuritySchemeIR } from '../ir.js';
import { typeName } from '../names.js';
import { child } from '../pointer.js';
import { type Json, type ModelContext, isObject, objectOr, resolve } from './context.js';
import { operations } from './operation.js';
import { schemaNode } from './schema.js';

export interface ModelResult {
  ir: IR;
  diagnostics: Diagnostics;
}

export function buildIR(doc: Json, diags = new Diagnostics()): ModelResult {
  const version = /^3\.0\./.test(String(doc.openapi ?? '')) ? '3.0' : '3.1';
  if (!/^3\.[01]\.\d+$/.test(String(doc.openapi ?? ''))) {
    diags.error('#/openapi', `OpenAPI ${doc.openapi ?? '(missing)'} is not supported: use 3.0.x or 3.1.x.`);
  }
  const ctx: ModelContext = { doc, version, diags };

  const schemasRaw = objectOr(objectOr(doc.components).schemas);
  const schemas: NamedSchema[] = Object.keys(schemasRaw).map((name) => ({ name, schema: schemaNode(ctx, schemasRaw[name], child('#/components/schemas', name)) }));

  const paths = operations(ctx, 'paths');
  const webhooks = version === '3.1' ? operations(ctx, 'webhooks') : [];
  uniqueIds([...paths, ...webhooks], diags);
  uniqueTypeNames(schemas, diags);
  checkRecursion(schemas, diags);
  checkReadBacks(paths, diags);

  const hem = keyTable(ctx, schemasRaw);
  const info = objectOr(doc.info);
  return {
    ir: {
      title: typeof info.title === 'string' ? info.title : '',
      version: String(info.version ?? ''),
      openapi: version,
      schemas,
      operations: paths,
      webhooks,
      securitySchemes: securitySchemes(ctx),
      ...(hem ? { hem: { keyFormats: hem } } : {}),
      document: doc,
    },
    diagnostics: diags,
  };
}

/**
 * Every operation gets a function name of its own. Two operationIds that differ only in
 * characters an identifier cannot hold get numbered (a warning names both); a name made
 * from method and path that clashes is an error naming both places.
 */
function uniqueIds(ops: OperationIR[], diags: Diagnostics): void {
  const seen = new Map<string, OperationIR>();
  const how = (o: OperationIR) => (o.idGiven ? `operationId "${o.id}"` : `the name "${o.id}" made from ${o.method.toUpperCase()} ${o.path}`);
  for (const op of ops) {
    const first = seen.get(op.name);
    if (!first) {
      seen.set(op.name, op);
      continue;
    }
    if (op.id === first.id || !op.idGiven || !first.idGiven) {
      diags.error(
        op.pointer,
        `${how(op)} gives the function name ${op.name}, as ${how(first)} at ${first.pointer} does: give ${op.idGiven ? 'one of them a different' : 'this operation an'} operationId.`,
        { operation: op.id },
      );
      continue;
    }
    let n = 2;
    while (seen.has(`${op.name}${n}`)) n++;
    diags.warn(
      op.pointer,
      `${how(op)} gives the function name ${op.name}, as ${how(first)} at ${first.pointer} does: this one is named ${op.name}${n}. Give it an operationId that differs in letters or digits.`,
      { operation: op.id },
    );
    op.name = `${op.name}${n}`;
    seen.set(op.name, op);
  }
}

/** x-hem-kid-from and x-hem-read-back name things that exist: a body property, an operation, its kid parameter. */
function checkReadBacks(ops: OperationIR[], diags: Diagnostics): void {
  for (const op of ops) {
    const rb = op.hem?.readBack;
    const at = `${op.pointer}/x-hem-read-back`;
    if (!rb) continue;
    if (!op.hem?.kidFrom) diags.error(at, 'x-hem-read-back needs x-hem-kid-from on the same operation: the kid to read back comes from it.', { operation: op.id });
    rb.statuses.forEach((status, i) => {
      if (!op.responses.some((r) => r.status === status))
        diags.error(`${at}/statuses/${i}`, `${op.id} lists no ${status} response: name only statuses the operation answers.`, { operation: op.id });
    });
    const read = ops.find((o) => o.id === rb.operation);
    if (!read) {
      diags.error(`${at}/operation`, `names operation "${rb.operation}", which the spec does not have: name the operation that reads a stored key by its kid.`, {
        operation: op.id,
      });
      continue;
    }
    if (!read.parameters.some((p) => p.in === 'path' && p.name === rb.parameter)) {
      diags.error(`${at}/parameter`, `"${rb.parameter}" is not a path parameter of ${read.id}: name the one that takes the kid.`, { operation: op.id });
    }
  }
}

/** Two component schemas whose names make one identifier (`pet-store`, `PetStore`): an error naming both. */
function uniqueTypeNames(schemas: NamedSchema[], diags: Diagnostics): void {
  const seen = new Map<string, NamedSchema>();
  for (const s of schemas) {
    const first = seen.get(typeName(s.name));
    if (first)
      diags.error(s.schema.pointer, `component "${s.name}" gets the type name ${typeName(s.name)}, as "${first.name}" at ${first.schema.pointer} does: rename one of them.`);
    else seen.set(typeName(s.name), s);
  }
}

function keyTable(ctx: ModelContext, schemasRaw: Json): KeyFormatTable | undefined {
  let table: KeyFormatTable | undefined;
  for (const [name, raw] of Object.entries(schemasRaw)) {
    if (!isObject(raw) || raw['x-hem-key-formats'] === undefined) continue;
    const pointer = child('#/components/schemas', name);
    if (!checkHem('schema', raw, pointer, ctx.diags)) continue;
    if (table) {
      ctx.diags.error(child(pointer, 'x-hem-key-formats'), `a second x-hem-key-formats table (the first is on ${table.schema}): keep one.`);
      continue;
    }
    table = readKeyTable(name, raw, pointer, ctx.diags);
  }
  return table;
}

const SCHEME_TYPES = new Set<unknown>(['http', 'apiKey', 'oauth2', 'openIdConnect', 'mutualTLS']);
const isSchemeType = (t: unknown): t is SecuritySchemeIR['type'] => SCHEME_TYPES.has(t);

function securitySchemes(ctx: ModelContext): SecuritySchemeIR[] {
  const raw = objectOr(ctx.doc.components).securitySchemes;
  if (!isObject(raw)) return [];
  const out: SecuritySchemeIR[] = [];
  for (const name of Object.keys(raw)) {
    const resolved = resolve(ctx, raw[name], child('#/components/securitySchemes', name));
    if (!resolved) continue;
    const [s, pointer] = resolved;
    if (!isSchemeType(s.type)) {
      ctx.diags.error(child(pointer, 'type'), `security scheme type "${s.type}" is not one of ${[...SCHEME_TYPES].join(', ')}.`);
      continue;
    }
    if (s.type === 'mutualTLS' && ctx.version === '3.0') ctx.diags.error(child(pointer, 'type'), 'mutualTLS is an OpenAPI 3.1 scheme.');
    out.push({
      name,
      pointer,
      type: s.type,
      ...(typeof s.description === 'string' ? { description: s.description } : {}),
      ...(typeof s.scheme === 'string' ? { scheme: s.scheme.toLowerCase() } : {}),
      ...(typeof s.bearerFormat === 'string' ? { bearerFormat: s.bearerFormat } : {}),
      // Not checked here: Redocly's struct rule covers a scheme's in and name.
      ...(s.type === 'apiKey' ? { in: s.in as SecuritySchemeIR['in'], paramName: s.name as string } : {}),
    });
  }
  return out;
}
