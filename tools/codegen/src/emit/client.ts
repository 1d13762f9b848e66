// Target @hem/client: operation data (method, path, scope, TLS rule, status meanings) and
// one-line typed wrappers. The HTTP work is the hand-written runtime's.
import { StructureKind, type StatementStructures } from 'ts-morph';
import { CodegenError, childPointer } from '../errors.js';
import type { IR, OperationIR } from '../ir.js';
import { docs, exportedConst, inlineDoc, literal } from '../jsdoc.js';
import { FILES, errorsName, operationName, propertyKey, requestTypeName, responseTypeName, typeName } from '../names.js';
import { errorStatuses, successResponse } from '../operations.js';
import type { EmittedFile } from '../write.js';

/** The hand-written module that defines OperationSpec, Call and CallOptions. */
export const CLIENT_RUNTIME_MODULE = './runtime.js';

const specName = (op: OperationIR) => `${operationName(op.id)}Operation`;

export function emitClient(ir: IR): EmittedFile {
  const types = new Set<string>();
  const tables = new Set<string>();
  const statements: StatementStructures[] = [];
  const wrappers: string[] = [];

  for (const op of ir.operations) {
    if (op.path.includes('{')) {
      throw new CodegenError(childPointer(op.pointer, 'parameters'), 'path parameters are not supported by the client emitter yet: leave this operation out of the client spec or extend emit/client.ts.');
    }
    const request = op.requestBody ? (op.requestBody.schema.kind === 'ref' ? typeName(op.requestBody.schema.name) : requestTypeName(op.id)) : undefined;
    const ok = successResponse(op);
    const response = ok?.schema ? (ok.schema.kind === 'ref' ? typeName(ok.schema.name) : responseTypeName(op.id)) : 'void';
    for (const t of [request, response]) if (t && t !== 'void') types.add(t);

    const hasErrors = errorStatuses(op).length > 0;
    if (hasErrors) tables.add(errorsName(op.id));
    const data = [
      `id: ${literal(op.id)}`,
      `method: ${literal(op.method.toUpperCase())}`,
      `path: ${literal(op.path)}`,
      `contentType: ${literal(op.requestBody?.contentType ?? null)}`,
      `okStatus: ${ok ? Number(ok.status) : 200}`,
      `tls: ${literal(op.tls)}`,
      `scope: ${literal(op.scope ?? null)}`,
      `roles: ${literal(op.roles ?? null)}`,
      `statuses: ${hasErrors ? errorsName(op.id) : '{}'}`,
    ];
    statements.push(
      exportedConst(specName(op), `{\n${data.join(',\n')},\n} as const satisfies OperationSpec`, docs(`\`${op.method.toUpperCase()} ${op.path}\`: ${op.summary ?? op.id}.`)),
    );
    const args = request ? `request: ${request}, options?: CallOptions` : 'options?: CallOptions';
    const doc = inlineDoc([op.summary, op.description].filter(Boolean).join('\n\n'));
    wrappers.push(`${doc}\n${operationName(op.id)}: (${args}): Promise<${response}> => call(${specName(op)}, ${request ? 'request' : 'undefined'}, options)`);
  }

  statements.push(
    exportedConst('OPERATIONS', `{ ${ir.operations.map((op) => `${propertyKey(op.id)}: ${specName(op)}`).join(', ')} } as const`, docs('Every operation of the spec, by operationId.')),
    {
      kind: StructureKind.Function,
      isExported: true,
      name: 'bindOperations',
      docs: docs('The typed operations of a client, over the runtime\'s `call`.'),
      parameters: [{ name: 'call', type: 'Call' }],
      statements: [`return {\n${wrappers.join(',\n')},\n};`],
    },
  );

  const imports: StatementStructures[] = [];
  if (tables.size) imports.push({ kind: StructureKind.ImportDeclaration, namedImports: [...tables].sort(), moduleSpecifier: '@hem/types' });
  if (types.size) imports.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: [...types].sort(), moduleSpecifier: '@hem/types' });
  imports.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: ['Call', 'CallOptions', 'OperationSpec'], moduleSpecifier: CLIENT_RUNTIME_MODULE });
  return { path: FILES.client.operations, statements: [...imports, ...statements] };
}
