// Target @hem/types: `paths`, `webhooks`, `components` and `operations` (the shape
// openapi-typescript made familiar), named aliases, enum arrays, the key-format table and
// each operation's error table, all with the spec's descriptions as JSDoc. Written from the
// IR, so the types and the zod schemas read the same model.
import type { StatementStructures } from 'ts-morph';
import { block, tsMorph } from '../../ts-morph.js';
import type { Diagnostics } from '../../diagnostics.js';
import type { EnumNode, IR, MediaIR, OperationIR, ParameterIR, ResponseIR, SchemaNode } from '../../ir.js';
import type { KeyFormatTable } from '../../hem.js';
import { objectKey, stringLiteral, typeKey } from '../../escape.js';
import { docText, docs, constStatement, typeStatement, inlineDoc, literal, schemaTags } from '../../jsdoc.js';
import { errorStatuses, successResponse, mediaOf } from '../../operations.js';
import { FILES, KEY_FAMILIES_NAME, KEY_FORMATS, enumArrayName, errorCodeForStatus, errorsName, operationTypeNames, typeName } from '../../names.js';
import type { EmittedFile } from '../file.js';
import { BINARY_TYPE, expression, formatTag, type TypeContext } from './kinds.js';

const I = '  ';
const LOCATIONS = ['path', 'query', 'header', 'cookie'] as const;

export function emitTypes(ir: IR, diags: Diagnostics): EmittedFile[] {
  return [emitOpenApi(ir, diags), emitModels(ir, diags)];
}

function context(ir: IR, diags: Diagnostics, ref: (name: string) => string): TypeContext {
  const objects = new Set(ir.schemas.filter((s) => isObjectLike(s.schema)).map((s) => s.name));
  return { ref, isObject: (name) => objects.has(name), diags };
}

function isObjectLike(node: SchemaNode): boolean {
  return node.kind === 'object' || (node.kind === 'intersection' && node.parts.every((p) => p.kind === 'object' || p.kind === 'ref'));
}

/** `paths`, `webhooks`, `components`, `operations`. */
function emitOpenApi(ir: IR, diags: Diagnostics): EmittedFile {
  const ctx = context(ir, diags, (name) => `components["schemas"][${stringLiteral(name)}]`);
  const out: string[] = [];

  out.push(`/** Every path of the API, by template; each method names its operation. */\nexport interface paths {\n${routes(ir.operations, (op) => op.path)}}`);
  out.push(
    ir.webhooks.length
      ? `/** The API's webhooks: requests it sends to the consumer. */\nexport interface webhooks {\n${routes(ir.webhooks, (op) => op.path)}}`
      : "/** The API's webhooks: requests it sends to the consumer (none). */\nexport type webhooks = Record<string, never>;",
  );

  const schemas = ir.schemas.map(
    ({ name, schema }) =>
      `${docText(I + I, [schema.title, schema.description], [...schemaTags(schema), ...formatTag(schema)])}${I + I}${typeKey(name)}: ${expression(schema, I + I, ctx)};`,
  );
  out.push(`/** Reusable schemas, by name. */\nexport interface components {\n${I}schemas: ${schemas.length ? `{\n${schemas.join('\n')}\n${I}}` : 'Record<string, never>'};\n}`);

  const ops = [...ir.operations, ...ir.webhooks].map(
    (op) => `${docText(I, [op.summary, op.description], op.deprecated ? [['deprecated', '']] : [])}${I}${typeKey(op.id)}: ${operationType(op, I, ctx)};`,
  );
  out.push(
    ops.length
      ? `/** Every operation, by operationId: parameters, request body and responses. */\nexport interface operations {\n${ops.join('\n')}\n}`
      : '/** Every operation, by operationId (none). */\nexport type operations = Record<string, never>;',
  );
  return { path: FILES.types.openapi, statements: out, laidOut: true };
}

function routes(ops: OperationIR[], key: (op: OperationIR) => string): string {
  const byPath = new Map<string, OperationIR[]>();
  for (const op of ops) byPath.set(key(op), [...(byPath.get(key(op)) ?? []), op]);
  let text = '';
  for (const [path, list] of byPath) {
    text += `${I}${typeKey(path)}: {\n`;
    for (const op of list) text += `${docText(I + I, [op.summary], op.deprecated ? [['deprecated', '']] : [])}${I + I}${op.method}: operations[${stringLiteral(op.id)}];\n`;
    text += `${I}};\n`;
  }
  return text;
}

function operationType(op: OperationIR, indent: string, ctx: TypeContext): string {
  const inner = indent + I;
  const lines: string[] = [];
  const groups = LOCATIONS.map((where) => {
    const list = op.parameters.filter((p) => p.in === where);
    if (list.length === 0) return `${inner + I}${where}?: never;`;
    const required = list.some((p) => p.required);
    return `${inner + I}${where}${required ? '' : '?'}: ${paramsObject(list, inner + I, ctx)};`;
  });
  lines.push(`${inner}parameters: {\n${groups.join('\n')}\n${inner}};`);
  if (op.requestBody) {
    lines.push(
      `${docText(inner, [op.requestBody.description])}${inner}requestBody${op.requestBody.required ? '' : '?'}: {\n${inner + I}content: ${contentType(op.requestBody.content, inner + I, ctx)};\n${inner}};`,
    );
  } else {
    lines.push(`${inner}requestBody?: never;`);
  }
  const responses = op.responses.map(
    (r) => `${docText(inner + I, [r.description])}${inner + I}${/^\d+$/.test(r.status) ? r.status : stringLiteral(r.status)}: ${responseType(r, inner + I, ctx)};`,
  );
  lines.push(`${inner}responses: ${responses.length ? `{\n${responses.join('\n')}\n${inner}}` : 'Record<string, never>'};`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function paramsObject(list: ParameterIR[], indent: string, ctx: TypeContext): string {
  const inner = indent + I;
  const lines = list.map(
    (p) => `${docText(inner, [p.description], p.deprecated ? [['deprecated', '']] : [])}${inner}${typeKey(p.name)}${p.required ? '' : '?'}: ${expression(p.schema, inner, ctx)};`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function contentType(content: MediaIR[], indent: string, ctx: TypeContext): string {
  const inner = indent + I;
  return `{\n${content.map((m) => `${inner}${typeKey(m.contentType)}: ${mediaType(m, inner, ctx)};`).join('\n')}\n${indent}}`;
}

/** The type of a body: its schema, or for binary media without one, bytes. */
function mediaType(m: MediaIR, indent: string, ctx: TypeContext): string {
  if (m.schema) return expression(m.schema, indent, ctx);
  if (m.kind === 'binary') return BINARY_TYPE;
  return m.kind === 'text' ? 'string' : 'unknown';
}

function responseType(r: ResponseIR, indent: string, ctx: TypeContext): string {
  const inner = indent + I;
  const headers = r.headers.map((h) => `${docText(inner + I, [h.description])}${inner + I}${typeKey(h.name)}${h.required ? '' : '?'}: ${expression(h.schema, inner + I, ctx)};`);
  headers.push(`${inner + I}[name: string]: unknown;`);
  const content = r.content.length ? `${inner}content: ${contentType(r.content, inner, ctx)};` : `${inner}content?: never;`;
  return `{\n${inner}headers: {\n${headers.join('\n')}\n${inner}};\n${content}\n${indent}}`;
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
      `${/^\d+$/.test(r.status) ? r.status : stringLiteral(r.status)}: { code: ${literal(r.hem?.errorCode ?? errorCodeForStatus(r.status))}, meaning: ${literal(r.description.trim())} }`,
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
    return text ? `${inlineDoc(text)}\n${literal(v)}` : literal(v);
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
      `${inlineDoc(f.description)}\n${objectKey(f.type)}: { family: ${literal(f.family)}, curve: ${literal(f.curve)}, bytes: ${f.bytes}, encoding: ${literal(f.encoding)}, oid: ${literal(f.oid)} }`,
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
