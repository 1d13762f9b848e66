// Target @hem/client: each operation as data (method, path, parameters and how each is
// serialised, body media type, success media types, security alternatives, error table,
// x-hem rules) and one-line typed wrappers. The HTTP work is the hand-written runtime's.
import type { StatementStructures } from 'ts-morph';
import { tsMorph } from '../ts-morph.js';
import type { Diagnostics } from '../diagnostics.js';
import type { IR, MediaIR, OperationIR, ResponseIR } from '../ir.js';
import { docs, exportedConst, inlineDoc, literal } from '../jsdoc.js';
import { FILES, errorsName, operationSpecName, operationTypeNames, propertyKey, typeName, type OperationTypeNames } from '../names.js';
import { errorStatuses, mediaOf, successResponses } from '../operations.js';
import type { EmittedFile } from './file.js';

/** The hand-written module that defines OperationSpec, Call and CallOptions. */
export const CLIENT_RUNTIME_MODULE = './runtime.js';

/** The security schemes table of the client. */
const SECURITY_SCHEMES = 'SECURITY_SCHEMES';

export function emitClient(ir: IR, diags: Diagnostics): EmittedFile {
  const types = new Set<string>();
  const tables = new Set<string>();
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
    const data = operationData(op, diags);
    const hasErrors = errorStatuses(op).length > 0;
    if (hasErrors) tables.add(errorsName(op.name));
    data.push(`statuses: ${hasErrors ? errorsName(op.name) : '{}'}`);
    statements.push(
      exportedConst(
        operationSpecName(op.name),
        `{\n${data.join(',\n')},\n} as const satisfies OperationSpec`,
        docs(`\`${op.method.toUpperCase()} ${op.path}\`: ${op.summary ?? op.id}.`),
      ),
    );

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
    const doc = inlineDoc([op.summary, op.description, op.deprecated ? '@deprecated' : undefined].filter(Boolean).join('\n\n'));
    const input = `{ ${[op.parameters.length ? 'params' : '', body ? 'body' : ''].filter(Boolean).join(', ')} }`;
    wrappers.push(
      `${doc === '/**  */' ? '' : `${doc}\n`}${propertyKey(op.name)}: (${args.join(', ')}): Promise<${result}> => call(${operationSpecName(op.name)}, ${input}, options)`,
    );
    const read = op.hem?.readBack && ir.operations.find((o) => o.id === op.hem!.readBack!.operation);
    if (read) {
      // Retry-safe form: on a failure that may hide a success, read the kid back instead of sending again.
      const once = inlineDoc(
        `${op.summary ?? op.id}, safely after a failure: on an answer that may hide a stored item (${op.hem!.readBack!.statuses.join(', ')}, a timeout, a network error) it asks \`${read.name}\` for the kid instead of sending again, and says whether the item was stored now or already. It never sends the request twice.`,
      );
      wrappers.push(
        `${once}\n${propertyKey(`${op.name}Once`)}: (${args.join(', ')}): Promise<OnceResult> => once(${operationSpecName(op.name)}, ${operationSpecName(read.name)}, ${input}, options)`,
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

  const schemes = ir.securitySchemes.map((s) => {
    const fields = [`type: ${literal(s.type)}`, ...(s.scheme ? [`scheme: ${literal(s.scheme)}`] : []), ...(s.in ? [`in: ${literal(s.in)}`, `name: ${literal(s.paramName)}`] : [])];
    return `${propertyKey(s.name)}: { ${fields.join(', ')} }`;
  });
  statements.push(
    exportedConst(
      SECURITY_SCHEMES,
      `{${schemes.length ? ` ${schemes.join(', ')} ` : ''}} as const satisfies Record<string, SecuritySchemeSpec>`,
      docs('How each security scheme of the spec sends its credential.'),
    ),
    exportedConst(
      'OPERATIONS',
      `{${ir.operations.length ? ` ${ir.operations.map((op) => `${propertyKey(op.id)}: ${operationSpecName(op.name)}`).join(', ')} ` : ''}} as const`,
      docs('Every operation of the spec, by operationId.'),
    ),
    {
      kind: tsMorph().StructureKind.Function,
      isExported: true,
      name: 'bindOperations',
      docs: docs("The typed operations of a client, over the runtime's `call`."),
      parameters: [{ name: ir.operations.length ? `{ call${usesOnce ? ', once' : ''} }` : '_runtime', type: 'Runtime' }],
      statements: [`return {${wrappers.length ? `\n${wrappers.join(',\n')},\n` : ''}};`],
    },
  );

  const imports: StatementStructures[] = [];
  if (tables.size) imports.push({ kind: tsMorph().StructureKind.ImportDeclaration, namedImports: [...tables].sort(), moduleSpecifier: '@hem/types' });
  if (types.size || indexed)
    imports.push({
      kind: tsMorph().StructureKind.ImportDeclaration,
      isTypeOnly: true,
      namedImports: [...types, ...(indexed ? ['operations'] : [])].sort(),
      moduleSpecifier: '@hem/types',
    });
  imports.push({
    kind: tsMorph().StructureKind.ImportDeclaration,
    isTypeOnly: true,
    namedImports: ['CallOptions', ...(usesOnce ? ['OnceResult'] : []), 'OperationSpec', 'Runtime', 'SecuritySchemeSpec'],
    moduleSpecifier: CLIENT_RUNTIME_MODULE,
  });
  return { path: FILES.client.operations, statements: [...imports, ...statements] };
}

/** The operation's data fields, as source. */
function operationData(op: OperationIR, diags: Diagnostics): string[] {
  const params = op.parameters.map((p) => {
    const fields = [`name: ${literal(p.name)}`, `in: ${literal(p.in)}`, `required: ${p.required}`, `style: ${literal(p.style)}`, `explode: ${p.explode}`];
    if (p.allowReserved) fields.push('allowReserved: true');
    if (p.contentType) fields.push(`contentType: ${literal(p.contentType)}`);
    return `{ ${fields.join(', ')} }`;
  });
  const media = op.requestBody?.content[0];
  if (op.requestBody && op.requestBody.content.length > 1) {
    diags.warn(
      op.requestBody.pointer,
      `the client sends the first media type, ${media!.contentType}; the others (${op.requestBody.content
        .slice(1)
        .map((m) => m.contentType)
        .join(', ')}) are typed but not offered.`,
      { operation: op.id, targets: ['client'] },
    );
  }
  const body = media ? `{ contentType: ${literal(media.contentType)}, kind: ${literal(media.kind)}, required: ${op.requestBody!.required}${encoding(media)} }` : 'null';
  const responses = successResponses(op).map((r) => {
    const m = mediaOf(r);
    return `${/^\d+$/.test(r.status) ? r.status : literal(r.status)}: ${m ? `{ contentType: ${literal(m.contentType)}, kind: ${literal(m.kind)} }` : 'null'}`;
  });
  const security = op.security.map((req) => `[${req.schemes.map((s) => literal(s.name)).join(', ')}]`);
  const hem = op.hem
    ? `{ ${[
        `tls: ${literal(op.hem.tls ?? 'optional')}`,
        `scopes: ${literal(op.hem.scopes ?? [])}`,
        `roles: ${literal(op.hem.roles ?? null)}`,
        `kidFrom: ${literal(op.hem.kidFrom ?? null)}`,
        `readBack: ${literal(op.hem.readBack ? { parameter: op.hem.readBack.parameter, compare: op.hem.readBack.compare, statuses: op.hem.readBack.statuses.map(Number) } : null)}`,
        `audit: ${literal(op.hem.audit ?? [])}`,
      ].join(', ')} }`
    : 'null';
  return [
    `id: ${literal(op.id)}`,
    `method: ${literal(op.method.toUpperCase())}`,
    `path: ${literal(op.path)}`,
    `params: [${params.join(', ')}]`,
    `body: ${body}`,
    `responses: { ${responses.join(', ')} }`,
    `security: [${security.join(', ')}]`,
    `hem: ${hem}`,
  ];
}

function encoding(media: MediaIR): string {
  const entries = Object.entries(media.encoding);
  return entries.length ? `, encoding: ${literal(Object.fromEntries(entries))}` : '';
}

/** The type a success response resolves to: a named alias where one exists, else indexed access. */
function resultType(op: OperationIR, r: ResponseIR, index: number, own: OperationTypeNames): { text: string; alias?: string; indexed?: boolean } {
  const m = mediaOf(r);
  if (!m) return { text: 'undefined' };
  if (m.schema?.kind === 'ref' && !m.schema.nullable) return { text: typeName(m.schema.name), alias: typeName(m.schema.name) };
  if (index === 0) return { text: own.response, alias: own.response };
  const status = /^\d+$/.test(r.status) ? r.status : literal(r.status);
  return { text: `operations[${literal(op.id)}]["responses"][${status}]["content"][${literal(m.contentType)}]`, indexed: true };
}
