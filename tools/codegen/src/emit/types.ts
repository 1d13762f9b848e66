// Target @hem/types: openapi-typescript's output, plus named aliases, enum arrays and
// the key-format table, all with the spec's descriptions as JSDoc.
import { StructureKind, type StatementStructures } from 'ts-morph';
import { KEY_FAMILIES, type EnumNode, type IR, type KeyFormatTable, type OperationIR } from '../ir.js';
import { docs, exportedConst, inlineDoc, literal } from '../jsdoc.js';
import { errorStatuses, successResponse } from '../operations.js';
import { FILES, KEY_FORMATS, enumArrayName, errorsName, propertyKey, requestTypeName, responseTypeName, typeName } from '../names.js';
import type { EmittedFile } from '../write.js';

/** openapi-typescript's `paths`/`components`/`operations`, printed from the bundled document. */
export async function emitOpenApiTypes(document: Record<string, unknown>): Promise<EmittedFile> {
  // Loaded here, not at the top: it brings a whole TypeScript compiler that only this
  // target needs.
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const nodes = await openapiTS(structuredClone(document) as any, { silent: true, alphabetize: false });
  return { path: FILES.types.openapi, statements: [astToString(nodes).trimEnd()] };
}

/** Named exports over the openapi-typescript output. */
export function emitModels(ir: IR): EmittedFile {
  const statements: (string | StatementStructures)[] = [];
  const used = new Set<string>();
  const needs = { components: false, operations: false };

  for (const { name, schema } of ir.schemas) {
    const alias = typeName(name);
    used.add(alias);
    needs.components = true;
    statements.push({
      kind: StructureKind.TypeAlias,
      name: alias,
      isExported: true,
      type: `components["schemas"][${literal(name)}]`,
      docs: docs(schema.description),
    });
    if (schema.kind === 'enum' && schema.values.every((v) => typeof v === 'string')) {
      statements.push(enumArray(name, schema));
    }
  }

  for (const op of ir.operations) {
    const path = `operations[${literal(op.id)}]`;
    const request = requestTypeName(op.id);
    if (op.requestBody && !used.has(request)) {
      used.add(request);
      needs.operations = true;
      const body = `${path}["requestBody"]`;
      statements.push({
        kind: StructureKind.TypeAlias,
        name: request,
        isExported: true,
        type: `${op.requestBody.required ? body : `NonNullable<${body}>`}["content"][${literal(op.requestBody.contentType)}]`,
        docs: docs(`Request body of \`${op.method.toUpperCase()} ${op.path}\`.`),
      });
    }
    const ok = successResponse(op, true);
    const response = responseTypeName(op.id);
    if (ok && !used.has(response)) {
      used.add(response);
      needs.operations = true;
      statements.push({
        kind: StructureKind.TypeAlias,
        name: response,
        isExported: true,
        type: `${path}["responses"][${ok.status}]["content"][${literal(ok.contentType)}]`,
        docs: docs(`Body of the ${ok.status} response of \`${op.method.toUpperCase()} ${op.path}\`.`),
      });
    }
  }

  for (const op of ir.operations) {
    const table = errorTable(op);
    if (table) statements.push(table);
  }

  if (ir.keyFormats) statements.push(...keyFormatTable(ir.keyFormats));

  const imported = [needs.components && 'components', needs.operations && 'operations'].filter(Boolean) as string[];
  if (imported.length) {
    statements.unshift({
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      namedImports: imported,
      moduleSpecifier: `./${FILES.types.openapi.replace(/\.ts$/, '.js')}`,
    });
  }
  return { path: FILES.types.models, statements };
}

function errorTable(op: OperationIR): StatementStructures | undefined {
  const errors = errorStatuses(op);
  if (errors.length === 0) return undefined;
  const rows = errors.map((r) => `${r.status}: { code: ${literal(r.code)}, meaning: ${literal(r.description.trim())} }`);
  return exportedConst(
    errorsName(op.id),
    `{\n${rows.join(',\n')},\n} as const`,
    docs(`Error statuses of \`${op.method.toUpperCase()} ${op.path}\`: a stable code and what each means there.`),
  );
}

function enumArray(name: string, schema: EnumNode): StatementStructures {
  const lines = schema.values.map((v) => {
    const text = schema.valueDescriptions[String(v)];
    return text ? `${inlineDoc(text)}\n${literal(v)}` : literal(v);
  });
  return exportedConst(
    enumArrayName(name),
    `[\n${lines.join(',\n')},\n] as const satisfies readonly ${typeName(name)}[]`,
    docs(`Every value of \`${typeName(name)}\`, in spec order.`, schema.description),
  );
}

function keyFormatTable(table: KeyFormatTable): StatementStructures[] {
  const keyType = typeName(table.schema);
  const entries = table.formats.map(
    (f) =>
      `${inlineDoc(f.description)}\n${propertyKey(f.type)}: { family: ${literal(f.family)}, curve: ${literal(f.curve)}, bytes: ${f.bytes}, encoding: ${literal(f.encoding)}, oid: ${literal(f.oid)} }`,
  );
  return [
    {
      kind: StructureKind.Interface,
      name: 'KeyFormat',
      isExported: true,
      docs: docs(`The public-key rule of one \`${keyType}\`, from \`x-hem-key-formats\` in the spec.`),
      properties: [
        {
          name: 'family',
          isReadonly: true,
          type: KEY_FAMILIES.map((f) => literal(f)).join(' | '),
          docs: docs('Which checks apply: SEC1 compressed points, RFC 7748 u-coordinates, RFC 8032 points, FIPS 203 or FIPS 204 keys.'),
        },
        { name: 'curve', isReadonly: true, type: 'string', docs: docs('The curve or parameter set.') },
        { name: 'bytes', isReadonly: true, type: 'number', docs: docs('Length of the decoded `pubkey`, in bytes.') },
        { name: 'encoding', isReadonly: true, type: 'string', docs: docs('The byte layout the device expects.') },
        { name: 'oid', isReadonly: true, type: 'string', docs: docs('What names the key in an X.509 SubjectPublicKeyInfo: the named-curve OID for SEC1 keys (under id-ecPublicKey), the algorithm OID otherwise.') },
      ],
    },
    exportedConst(
      KEY_FORMATS,
      `{\n${entries.join(',\n')},\n} as const satisfies { readonly [T in ${keyType}]: KeyFormat }`,
      docs(`The public-key rule of every \`${keyType}\`: decoded length and encoding of \`pubkey\`.`),
    ),
  ];
}
