// Target @hem/client: one-line typed wrappers over the operation data that @hem/types holds
// (emit/operations.ts). The HTTP work is the hand-written runtime's.
import type { StatementStructures } from 'ts-morph';
import { block, tsMorph } from '../ts-morph.js';
import type { Diagnostics } from '../diagnostics.js';
import type { IR, OperationIR, ResponseIR } from '../ir.js';
import { stringLiteral, objectKey } from '../escape.js';
import { docText, docs } from '../jsdoc.js';
import { FILES, TYPES_PACKAGE, operationSpecName, operationTypeNames, typeName, type OperationTypeNames } from '../names.js';
import { mediaOf, successResponses } from '../operations.js';
import type { EmittedFile } from './file.js';

/** The hand-written module that defines Call and CallOptions. */
export const CLIENT_RUNTIME_MODULE = './runtime.js';

export function emitClient(ir: IR, diags: Diagnostics): EmittedFile {
  const types = new Set<string>();
  const data = new Set<string>();
  let indexed = false;
  let usesOnce = false;
  const statements: StatementStructures[] = [];
  const wrappers: string[] = [];

  const names = operationTypeNames(
    ir.schemas.map((s) => s.name),
    [...ir.operations, ...ir.webhooks].map((op) => op.name),
  );
  for (const op of ir.operations) {
    const own = names.get(op.name)!;
    // The signature: named parameters, then the body, then per-call options.
    const args: string[] = [];
    const media = op.requestBody?.content[0];
    let body: string | undefined;
    if (media) {
      body = media.schema?.kind === 'ref' && !media.schema.nullable ? typeName(media.schema.name) : own.request;
      types.add(body);
    }
    if (op.parameters.length) {
      types.add(own.params);
      // Optional only when nothing after it is required.
      const optional = !op.parameters.some((p) => p.required) && !op.requestBody?.required;
      args.push(`params${optional ? '?' : ''}: ${own.params}`);
    }
    if (body) args.push(`body${op.requestBody!.required ? '' : '?'}: ${body}`);
    args.push('options?: CallOptions');

    const results = successResponses(op).map((r, i) => {
      const t = resultType(op, r, i, own);
      if (t.alias) types.add(t.alias);
      if (t.indexed) indexed = true;
      return t.text;
    });
    const result = [...new Set(results.length ? results : ['void'])].join(' | ');
    const doc = docText('', [op.summary, op.description], op.deprecated ? [['deprecated', '']] : []);
    const input = `{ ${[op.parameters.length ? 'params' : '', body ? 'body' : ''].filter(Boolean).join(', ')} }`;
    data.add(operationSpecName(op.name));
    wrappers.push(`${doc}${objectKey(op.name)}: (${args.join(', ')}): Promise<${result}> => call(${operationSpecName(op.name)}, ${input}, options)`);
    const read = op.hem?.readBack && ir.operations.find((o) => o.id === op.hem!.readBack!.operation);
    if (read) {
      data.add(operationSpecName(read.name));
      // Retry-safe form: on a failure that may hide a success, read the kid back instead of sending again.
      const once = docText('', [
        `${op.summary ?? op.id}, safely after a failure: on an answer that may hide a stored item (${op.hem!.readBack!.statuses.join(', ')}, a timeout, a network error) it asks \`${read.name}\` for the kid instead of sending again, and says whether the item was stored now or already. It never sends the request twice.`,
      ]);
      wrappers.push(
        `${once}${objectKey(`${op.name}Once`)}: (${args.join(', ')}): Promise<OnceResult> => once(${operationSpecName(op.name)}, ${operationSpecName(read.name)}, ${input}, options)`,
      );
      usesOnce = true;
    }
  }
  if (ir.webhooks.length) {
    diags.warn(
      '#/webhooks',
      `the client sends requests; the ${ir.webhooks.length} webhook(s) are requests it receives, so they are typed and validated (types, validator) but get no client function.`,
      { targets: ['client'] },
    );
  }

  statements.push({
    kind: tsMorph().StructureKind.Function,
    isExported: true,
    name: 'bindOperations',
    docs: docs("The typed operations of a client, over the runtime's `call`."),
    parameters: [{ name: ir.operations.length ? `{ call${usesOnce ? ', once' : ''} }` : '_runtime', type: 'Runtime' }],
    statements: [`return ${block('{', wrappers, '}', { trailing: true })};`],
  });

  const imports: StatementStructures[] = [];
  if (data.size) imports.push({ kind: tsMorph().StructureKind.ImportDeclaration, namedImports: [...data].sort(), moduleSpecifier: TYPES_PACKAGE });
  if (types.size || indexed)
    imports.push({
      kind: tsMorph().StructureKind.ImportDeclaration,
      isTypeOnly: true,
      namedImports: [...types, ...(indexed ? ['operations'] : [])].sort(),
      moduleSpecifier: TYPES_PACKAGE,
    });
  imports.push({
    kind: tsMorph().StructureKind.ImportDeclaration,
    isTypeOnly: true,
    namedImports: ['CallOptions', ...(usesOnce ? ['OnceResult'] : []), 'Runtime'],
    moduleSpecifier: CLIENT_RUNTIME_MODULE,
  });
  return { path: FILES.client.operations, statements: [...imports, ...statements], laidOut: true };
}

/** The type a success response resolves to: a named alias where one exists, else indexed access. */
function resultType(op: OperationIR, r: ResponseIR, index: number, own: OperationTypeNames): { text: string; alias?: string; indexed?: boolean } {
  const m = mediaOf(r);
  if (!m) return { text: 'undefined' };
  if (m.schema?.kind === 'ref' && !m.schema.nullable) return { text: typeName(m.schema.name), alias: typeName(m.schema.name) };
  if (index === 0) return { text: own.response, alias: own.response };
  const status = /^\d+$/.test(r.status) ? r.status : stringLiteral(r.status);
  return { text: `operations[${stringLiteral(op.id)}]["responses"][${status}]["content"][${stringLiteral(m.contentType)}]`, indexed: true };
}
