// Target @hem/types: each operation as data (method, path, parameters and how each is
// serialised, body media type, success media types, security alternatives, error table,
// x-hem rules), the security schemes and OPERATIONS. Plain data without dependencies, so
// the client, the mock and the docs all read it from the package everyone depends on.
import type { StatementStructures } from 'ts-morph';
import type { Diagnostics } from '../diagnostics.js';
import { EFFECT_KINDS } from '../hem.js';
import type { IR, MediaIR, OperationIR } from '../ir.js';
import { docs, exportedConst, literal } from '../jsdoc.js';
import { EFFECT_KINDS_NAME, FILES, OPERATIONS_NAME, OPERATION_SPEC_MODULE, SECURITY_SCHEMES_NAME, errorsName, operationSpecName, propertyKey } from '../names.js';
import { errorStatuses, mediaOf, successResponses } from '../operations.js';
import { child } from '../pointer.js';
import { tsMorph } from '../ts-morph.js';
import type { EmittedFile } from './file.js';

export function emitOperations(ir: IR, diags: Diagnostics): EmittedFile {
  const tables = new Set<string>();
  const statements: StatementStructures[] = [];
  const hemSpec = ir.operations.some((op) => op.hem);
  for (const op of ir.operations) {
    if (hemSpec) checkEffect(op, diags);
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
  }

  const schemes = ir.securitySchemes.map((s) => {
    const fields = [`type: ${literal(s.type)}`, ...(s.scheme ? [`scheme: ${literal(s.scheme)}`] : []), ...(s.in ? [`in: ${literal(s.in)}`, `name: ${literal(s.paramName)}`] : [])];
    return `${propertyKey(s.name)}: { ${fields.join(', ')} }`;
  });
  statements.push(
    exportedConst(
      SECURITY_SCHEMES_NAME,
      `{${schemes.length ? ` ${schemes.join(', ')} ` : ''}} as const satisfies Record<string, SecuritySchemeSpec>`,
      docs('How each security scheme of the spec sends its credential.'),
    ),
    exportedConst(
      EFFECT_KINDS_NAME,
      `${literal(EFFECT_KINDS)} as const`,
      docs('The kinds of effect an operation can declare (x-hem-effect); the mock has one implementation per kind.'),
    ),
    exportedConst(
      OPERATIONS_NAME,
      `{${ir.operations.length ? ` ${ir.operations.map((op) => `${propertyKey(op.id)}: ${operationSpecName(op.name)}`).join(', ')} ` : ''}} as const`,
      docs('Every operation of the spec, by operationId.'),
    ),
  );

  const { StructureKind } = tsMorph();
  const imports: StatementStructures[] = [];
  if (tables.size) imports.push({ kind: StructureKind.ImportDeclaration, namedImports: [...tables].sort(), moduleSpecifier: `./${FILES.types.models.replace(/\.ts$/, '.js')}` });
  imports.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: ['OperationSpec', 'SecuritySchemeSpec'], moduleSpecifier: OPERATION_SPEC_MODULE });
  return { path: FILES.types.operations, statements: [...imports, ...statements] };
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
        `effect: ${literal(op.hem.effect ? { ...op.hem.effect, ...(op.hem.effect.refused ? { refused: Number(op.hem.effect.refused) } : {}) } : null)}`,
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

/**
 * What the schema cannot say of an operation's effect: that it has one, and that it fits the
 * operation (store-key needs a body and x-hem-kid-from; the kid parameter exists; the refusal
 * status is a listed response; the list property is in the success body).
 */
function checkEffect(op: OperationIR, diags: Diagnostics): void {
  const at = child(op.pointer, 'x-hem-effect');
  const effect = op.hem?.effect;
  const error = (pointer: string, message: string) => diags.error(pointer, message, { operation: op.id });
  if (!effect) {
    error(
      op.pointer,
      `${op.id} declares no x-hem-effect: say what it does to the key store, one of ${EFFECT_KINDS.join(', ')} (spec/hem-extensions.schema.json), e.g. x-hem-effect: { kind: read-key, kid: { in: path, name: kid } }.`,
    );
    return;
  }
  if (effect.kind === 'store-key' && (!op.requestBody || !op.hem?.kidFrom)) {
    error(at, `${op.id}: store-key stores the request body's key under its kid, so the operation needs a request body and x-hem-kid-from naming the key property.`);
  }
  if (effect.kid && !op.parameters.some((p) => p.name === effect.kid!.name && p.in === effect.kid!.in)) {
    error(child(at, 'kid'), `${op.id}: the kid parameter ${effect.kid.name} (in ${effect.kid.in}) is not a parameter of the operation: add it under parameters or fix the name.`);
  }
  if (effect.refused && !op.responses.some((r) => r.status === effect.refused)) {
    error(child(at, 'refused'), `${op.id}: the effect refuses with ${effect.refused}, which the operation does not list: add the response, or name a listed status.`);
  }
  if (effect.kind === 'list-keys' && effect.items) {
    const ok = successResponses(op).some((r) => {
      const schema = mediaOf(r)?.schema as { kind?: string; properties?: { name: string }[] } | undefined;
      return schema?.kind !== 'object' || schema.properties?.some((p) => p.name === effect.items);
    });
    if (!ok) error(child(at, 'items'), `${op.id}: the success body has no property ${effect.items} to hold the list: add it, or name the property that does.`);
  }
}
