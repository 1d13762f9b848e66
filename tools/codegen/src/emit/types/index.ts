// Target @hem/types: `paths`, `webhooks`, `components` and `operations` are
// openapi-typescript's (openapi-ts.ts, our rules through its hooks); this emitter adds only
// what it does not make: named aliases, enum arrays, the key-format table and each
// operation's error table, written from the IR that the zod schemas read too.
import type { StatementStructures } from 'ts-morph';
import { block, tsMorph } from '../../ts-morph.js';
import type { Diagnostics } from '../../diagnostics.js';
import type { EnumNode, IR, OperationIR, SchemaNode } from '../../ir.js';
import type { KeyFormatTable } from '../../hem.js';
import { dataLiteral, objectKey, stringLiteral, typeKey } from '../../escape.js';
import { docText, docs, constStatement, typeStatement } from '../../jsdoc.js';
import { errorStatuses, successResponse, mediaOf } from '../../operations.js';
import { FILES, KEY_FAMILIES_NAME, KEY_FORMATS, enumArrayName, errorCodeForStatus, errorsName, operationTypeNames, typeName } from '../../names.js';
import type { EmittedFile } from '../file.js';
import { expression, type TypeContext } from './kinds.js';
import { OUR_OPTIONS, openapiTypes } from './openapi-ts.js';
import { recursiveThroughArrays } from '../../model/recursion.js';

/** `openapi` is openapi.gen.ts's module text when it was made already (in a worker: parallel.ts). */
export function emitTypes(ir: IR, diags: Diagnostics, openapi?: string): EmittedFile[] {
  return [emitOpenApi(ir, openapi), emitModels(ir, diags)];
}

function context(ir: IR, diags: Diagnostics, ref: (name: string) => string): TypeContext {
  const objects = new Set(ir.schemas.filter((s) => isObjectLike(s.schema)).map((s) => s.name));
  return { ref, isObject: (name) => objects.has(name), diags };
}

function isObjectLike(node: SchemaNode): boolean {
  return node.kind === 'object' || (node.kind === 'intersection' && node.parts.every((p) => p.kind === 'object' || p.kind === 'ref'));
}

/** What `openapiTypes` reads of the IR: plain data, so a worker can take it (parallel.ts). */
export function openapiTypesInput(ir: IR): Parameters<typeof openapiTypes> {
  const operations = [...ir.operations, ...ir.webhooks].map(({ pointer, id }) => ({ pointer, id }));
  return [ir.document, operations, OUR_OPTIONS, recursiveThroughArrays(ir.schemas)];
}

/** `paths`, `webhooks`, `components`, `operations`: openapi-typescript's, through its hooks (openapi-ts.ts). */
function emitOpenApi(ir: IR, openapi = openapiTypes(...openapiTypesInput(ir))): EmittedFile {
  return {
    path: FILES.types.openapi,
    statements: [openapi.trimEnd()],
    laidOut: true,
  };
}

// --- models.gen.ts -------------------------------------------------------------

/** Named exports over `openapi.gen.ts`: aliases, enum arrays, key tables, error tables. */
function emitModels(ir: IR, diags: Diagnostics): EmittedFile {
  const statements: (string | StatementStructures)[] = [];
  const used = new Set<string>();
  const needs = new Set<string>();
  const alias = (name: string, type: string, doc: (string | undefined)[]) => {
    used.add(name);
    statements.push({ kind: tsMorph().StructureKind.TypeAlias, name, isExported: true, type, docs: docs(...doc) });
  };

  for (const { name, schema } of ir.schemas) {
    needs.add('components');
    alias(typeName(name, diags, schema.pointer), `components["schemas"][${stringLiteral(name)}]`, [schema.title, schema.description]);
    if (schema.kind === 'enum' && schema.values.length && schema.values.every((v) => typeof v === 'string')) statements.push(enumArray(name, schema));
  }

  const ctx = context(ir, diags, (name) => typeName(name));
  const all = [...ir.operations, ...ir.webhooks];
  const names = operationTypeNames(
    ir.schemas.map((s) => s.name),
    all.map((op) => op.name),
  );
  for (const op of all) {
    const { request: requestName, response: responseName, params: paramsName } = names.get(op.name)!;
    const path = `operations[${stringLiteral(op.id)}]`;
    const where = `\`${op.method.toUpperCase()} ${op.path}\``;
    const body = op.requestBody?.content[0];
    if (body && !used.has(requestName) && !(body.schema?.kind === 'ref' && !body.schema.nullable)) {
      needs.add('operations');
      const ref = `${path}["requestBody"]`;
      alias(requestName, `${op.requestBody!.required ? ref : `NonNullable<${ref}>`}["content"][${stringLiteral(body.contentType)}]`, [
        `Request body of ${where} (${body.contentType}).`,
      ]);
    }
    const ok = successResponse(op);
    const media = ok && mediaOf(ok);
    if (ok && media && !used.has(responseName) && !(media.schema?.kind === 'ref' && !media.schema.nullable)) {
      needs.add('operations');
      alias(responseName, `${path}["responses"][${/^\d+$/.test(ok.status) ? ok.status : stringLiteral(ok.status)}]["content"][${stringLiteral(media.contentType)}]`, [
        `Body of the ${ok.status} response of ${where}.`,
      ]);
    }
    if (op.parameters.length && !used.has(paramsName)) {
      used.add(paramsName);
      const members = op.parameters.map(
        (p) =>
          `${docText('', [p.description, `In ${p.in}.`], p.deprecated ? [['deprecated', '']] : [])}${typeKey(p.name)}${p.required ? '' : '?'}: ${expression(p.schema, '', ctx)};`,
      );
      statements.push(typeStatement(paramsName, block('{', members, '}', { separator: '' }), docs(`The parameters of ${where}, by name.`)));
    }
  }

  for (const op of ir.operations) {
    const table = errorTable(op);
    if (table) statements.push(table);
  }
  if (ir.hem?.keyFormats) statements.push(...keyFormatTable(ir.hem.keyFormats));

  if (needs.size) {
    statements.unshift({
      kind: tsMorph().StructureKind.ImportDeclaration,
      isTypeOnly: true,
      namedImports: [...needs].sort(),
      moduleSpecifier: `./${FILES.types.openapi.replace(/\.ts$/, '.js')}`,
    });
  }
  if (statements.length === 0) statements.push('export {};');
  return { path: FILES.types.models, statements, laidOut: true };
}

function errorTable(op: OperationIR): string | undefined {
  const errors = errorStatuses(op);
  if (errors.length === 0) return undefined;
  const rows = errors.map(
    (r) =>
      `${/^\d+$/.test(r.status) ? r.status : stringLiteral(r.status)}: { code: ${dataLiteral(r.hem?.errorCode ?? errorCodeForStatus(r.status))}, meaning: ${dataLiteral(r.description.trim())} }`,
  );
  return constStatement(
    errorsName(op.name),
    `${block('{', rows, '}', { trailing: true })} as const`,
    docs(`Error statuses of \`${op.method.toUpperCase()} ${op.path}\`: a stable code and what each means there.`),
  );
}

function enumArray(name: string, schema: EnumNode): string {
  const lines = schema.values.map((v) => {
    const text = schema.valueDescriptions[String(v)];
    return `${docText('', [text])}${dataLiteral(v)}`;
  });
  return constStatement(
    enumArrayName(name),
    `${block('[', lines, ']', { trailing: true })} as const satisfies readonly ${typeName(name)}[]`,
    docs(`Every value of \`${typeName(name)}\`, in spec order.`, schema.description),
  );
}

function keyFormatTable(table: KeyFormatTable): (string | StatementStructures)[] {
  const keyType = typeName(table.schema);
  const entries = table.formats.map(
    (f) =>
      `${docText('', [f.description])}${objectKey(f.type)}: { family: ${dataLiteral(f.family)}, curve: ${dataLiteral(f.curve)}, bytes: ${f.bytes}, encoding: ${dataLiteral(f.encoding)}, oid: ${dataLiteral(f.oid)} }`,
  );
  const families = table.families.map((f) => `${objectKey(f.family)}: { modeRequired: ${f.modeRequired} }`);
  return [
    {
      kind: tsMorph().StructureKind.Interface,
      name: 'KeyFormat',
      isExported: true,
      docs: docs(`The public-key rule of one \`${keyType}\`, from \`x-hem-key-formats\` in the spec.`),
      properties: [
        {
          name: 'family',
          isReadonly: true,
          type: `keyof typeof ${KEY_FAMILIES_NAME}`,
          docs: docs('Which checks apply: SEC1 compressed points, RFC 7748 u-coordinates, RFC 8032 points, FIPS 203 or FIPS 204 keys.'),
        },
        { name: 'curve', isReadonly: true, type: 'string', docs: docs('The curve or parameter set.') },
        { name: 'bytes', isReadonly: true, type: 'number', docs: docs('Length of the decoded `pubkey`, in bytes.') },
        { name: 'encoding', isReadonly: true, type: 'string', docs: docs('The byte layout the device expects.') },
        {
          name: 'oid',
          isReadonly: true,
          type: 'string',
          docs: docs('What names the key in an X.509 SubjectPublicKeyInfo: the named-curve OID for SEC1 keys (under id-ecPublicKey), the algorithm OID otherwise.'),
        },
      ],
    },
    constStatement(
      KEY_FAMILIES_NAME,
      `${block('{', families, '}', { trailing: true })} as const`,
      docs(`What every family of \`${keyType}\` shares, from \`x-hem-key-families\`: whether an import needs \`mode\`.`),
    ),
    constStatement(
      KEY_FORMATS,
      `${block('{', entries, '}', { trailing: true })} as const satisfies { readonly [T in ${keyType}]: KeyFormat }`,
      docs(`The public-key rule of every \`${keyType}\`: decoded length and encoding of \`pubkey\`.`),
    ),
  ];
}
