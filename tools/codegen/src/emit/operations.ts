// Target @hem/types: each operation as data (method, path, parameters and how each is
// serialised, body media type, success media types, security alternatives, error table,
// x-hem rules), the security schemes and OPERATIONS. Plain data without dependencies, so
// the client, the mock and the docs all read it from the package everyone depends on.
import type { StatementStructures } from 'ts-morph';
import type { Diagnostics } from '../diagnostics.js';
import { dataLiteral, objectKey, stringLiteral } from '../escape.js';
import { EFFECT_KINDS } from '../hem.js';
import type { IR, MediaIR, OperationIR } from '../ir.js';
import { constStatement, docs } from '../jsdoc.js';
import { EFFECT_KINDS_NAME, FILES, OPERATIONS_NAME, OPERATION_SPEC_MODULE, SECURITY_SCHEMES_NAME, errorsName, operationSpecName } from '../names.js';
import { errorStatuses, mediaOf, successResponses } from '../operations.js';
import { child } from '../pointer.js';
import { block, inlineArray, inlineObject, tsMorph } from '../ts-morph.js';
import type { EmittedFile } from './file.js';

type Entries = [string, string][];

export function emitOperations(ir: IR, diags: Diagnostics): EmittedFile {
  const tables = new Set<string>();
  const statements: (string | StatementStructures)[] = [];
  const hemSpec = ir.operations.some((op) => op.hem);
  for (const op of ir.operations) {
    if (hemSpec) checkEffect(op, diags);
    const fields = operationData(op, diags);
    const hasErrors = errorStatuses(op).length > 0;
    if (hasErrors) tables.add(errorsName(op.name));
    fields.push(['statuses', hasErrors ? errorsName(op.name) : '{}']);
    statements.push(
      constStatement(
        operationSpecName(op.name),
        `${block(
          '{',
          fields.map(([k, v]) => `${objectKey(k)}: ${v}`),
          '}',
          { trailing: true },
        )} as const satisfies OperationSpec`,
        docs(`\`${op.method.toUpperCase()} ${op.path}\`: ${op.summary ?? op.id}.`),
      ),
    );
  }

  const schemes = ir.securitySchemes.map((s): [string, string] => {
    const fields: Entries = [['type', stringLiteral(s.type)]];
    if (s.scheme) fields.push(['scheme', stringLiteral(s.scheme)]);
    if (s.in) fields.push(['in', stringLiteral(s.in)], ['name', dataLiteral(s.paramName)]);
    return [s.name, inlineObject(fields)];
  });
  statements.push(
    constStatement(
      SECURITY_SCHEMES_NAME,
      `${inlineObject(schemes)} as const satisfies Record<string, SecuritySchemeSpec>`,
      docs('How each security scheme of the spec sends its credential.'),
    ),
    constStatement(
      EFFECT_KINDS_NAME,
      `${dataLiteral(EFFECT_KINDS)} as const`,
      docs('The kinds of effect an operation can declare (x-hem-effect); the mock has one implementation per kind.'),
    ),
    constStatement(
      OPERATIONS_NAME,
      `${inlineObject(ir.operations.map((op) => [op.id, operationSpecName(op.name)]))} as const`,
      docs('Every operation of the spec, by operationId.'),
    ),
  );

  const { StructureKind } = tsMorph();
  const imports: StatementStructures[] = [];
  if (tables.size) imports.push({ kind: StructureKind.ImportDeclaration, namedImports: [...tables].sort(), moduleSpecifier: `./${FILES.types.models.replace(/\.ts$/, '.js')}` });
  imports.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: ['OperationSpec', 'SecuritySchemeSpec'], moduleSpecifier: OPERATION_SPEC_MODULE });
  return { path: FILES.types.operations, statements: [...imports, ...statements], laidOut: true };
}

/** A response status as a key: a number stays bare, `2XX` or `default` is quoted. */
const statusKey = (status: string) => (/^\d+$/.test(status) ? status : stringLiteral(status));

/** The operation's data fields, as [key, code] pairs. */
function operationData(op: OperationIR, diags: Diagnostics): Entries {
  const params = op.parameters.map((p) => {
    const fields: Entries = [
      ['name', stringLiteral(p.name)],
      ['in', stringLiteral(p.in)],
      ['required', String(p.required)],
      ['style', stringLiteral(p.style)],
      ['explode', String(p.explode)],
    ];
    if (p.allowReserved) fields.push(['allowReserved', 'true']);
    if (p.contentType) fields.push(['contentType', stringLiteral(p.contentType)]);
    return inlineObject(fields);
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
  const body = media
    ? inlineObject([['contentType', stringLiteral(media.contentType)], ['kind', stringLiteral(media.kind)], ['required', String(op.requestBody!.required)], ...encoding(media)])
    : 'null';
  // Status keys are written by statusKey (numbers bare, others quoted), not objectKey.
  const responses = successResponses(op).map((r) => {
    const m = mediaOf(r);
    return `${statusKey(r.status)}: ${
      m
        ? inlineObject([
            ['contentType', stringLiteral(m.contentType)],
            ['kind', stringLiteral(m.kind)],
          ])
        : 'null'
    }`;
  });
  const security = op.security.map((req) => inlineArray(req.schemes.map((s) => stringLiteral(s.name))));
  const hem = op.hem
    ? inlineObject([
        ['tls', dataLiteral(op.hem.tls ?? 'optional')],
        ['scopes', dataLiteral(op.hem.scopes ?? [])],
        ['roles', dataLiteral(op.hem.roles ?? null)],
        ['kidFrom', dataLiteral(op.hem.kidFrom ?? null)],
        [
          'readBack',
          dataLiteral(op.hem.readBack ? { parameter: op.hem.readBack.parameter, compare: op.hem.readBack.compare, statuses: op.hem.readBack.statuses.map(Number) } : null),
        ],
        ['audit', dataLiteral(op.hem.audit ?? [])],
        ['effect', dataLiteral(op.hem.effect ? { ...op.hem.effect, ...(op.hem.effect.refused ? { refused: Number(op.hem.effect.refused) } : {}) } : null)],
      ])
    : 'null';
  return [
    ['id', stringLiteral(op.id)],
    ['method', stringLiteral(op.method.toUpperCase())],
    ['path', stringLiteral(op.path)],
    ['params', inlineArray(params)],
    ['body', body],
    ['responses', responses.length ? `{ ${responses.join(', ')} }` : '{}'],
    ['security', inlineArray(security)],
    ['hem', hem],
  ];
}

function encoding(media: MediaIR): Entries {
  const entries = Object.entries(media.encoding);
  return entries.length ? [['encoding', dataLiteral(Object.fromEntries(entries))]] : [];
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
