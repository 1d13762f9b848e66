// A consumer of openapi-typescript's output through openapi-fetch, written from a document's
// IR: for a few operations chosen to reach every kind of parameter, body and response, one
// call that must compile and, where the operation allows them, wrong calls behind
// `@ts-expect-error` (a required parameter left out, a value outside a closed enum). Spec
// text reaches the code only through escape.ts, like the generator's own.
import { dataLiteral, objectKey, stringLiteral } from '../src/escape.js';
import type { IR, OperationIR, ParameterIR, SchemaNode } from '../src/ir.js';
import { successResponses } from '../src/operations.js';

/** What a consumer's calls exercise. */
export const FEATURES = ['path', 'query', 'header', 'json', 'binary', 'form', 'narrowing', 'missing', 'enum'] as const;
export type Feature = (typeof FEATURES)[number];

/** A string no enum of the fixtures holds. */
const NOT_A_VALUE = stringLiteral('not-a-value-of-this-enum');

export function consumerOf(ir: IR, typesModule: string): { code: string; covered: Set<Feature>; calls: number } {
  const byName = new Map(ir.schemas.map((s) => [s.name, s.schema]));
  /** A schema with its $refs followed (a bounded number of times: refs to refs end somewhere). */
  const resolve = (node: SchemaNode | undefined): SchemaNode | undefined => {
    for (let i = 0; node?.kind === 'ref' && i < 32; i++) node = byName.get(node.name);
    return node?.kind === 'ref' ? undefined : node;
  };
  const closedEnum = (node: SchemaNode | undefined) => {
    const n = resolve(node);
    return n?.kind === 'enum' && !n.hem?.extensible && n.values.length > 0 && n.values.every((v) => typeof v === 'string');
  };
  const body = (op: OperationIR) => op.requestBody?.content[0];
  const enumParam = (op: OperationIR) => op.parameters.find((p) => closedEnum(p.schema));
  const enumProperty = (op: OperationIR) => {
    // openapi-fetch takes any of the body's media types: a second one may accept the value.
    if (op.requestBody?.content.length !== 1) return undefined;
    const media = body(op);
    const schema = media?.kind === 'json' ? resolve(media.schema) : undefined;
    return schema?.kind === 'object' ? schema.properties.find((p) => closedEnum(p.schema) && !p.schema.readOnly) : undefined;
  };
  const narrowable = (op: OperationIR) => {
    const ok = successResponses(op);
    return ok.length === 1 && /^\d+$/.test(ok[0]!.status) && ok[0]!.content.length === 1 && ok[0]!.content[0]!.kind === 'json' ? ok[0]! : undefined;
  };
  const has = (op: OperationIR, feature: Feature): boolean => {
    switch (feature) {
      case 'path':
      case 'query':
      case 'header':
        return op.parameters.some((p) => p.in === feature);
      case 'json':
        return body(op)?.kind === 'json';
      case 'binary':
        return body(op)?.kind === 'binary';
      case 'form':
        return body(op)?.kind === 'form' || body(op)?.kind === 'multipart';
      case 'narrowing':
        return !!narrowable(op);
      case 'missing':
        return op.parameters.some((p) => p.required);
      case 'enum':
        return !!enumParam(op) || !!enumProperty(op);
    }
  };

  // The first operation for each feature that no operation chosen so far has.
  const chosen: OperationIR[] = [];
  for (const feature of FEATURES) {
    if (chosen.some((op) => has(op, feature))) continue;
    const op = ir.operations.find((o) => has(o, feature));
    if (op) chosen.push(op);
  }
  // A document whose operations have none of them still gets a plain call.
  if (!chosen.length && ir.operations[0]) chosen.push(ir.operations[0]);

  const lines = [
    "import createClient from 'openapi-fetch';",
    `import type { paths } from ${stringLiteral(typesModule)};`,
    "const client = createClient<paths>({ baseUrl: 'https://api.test' });",
    '/** A value of a type the consumer does not spell out. */',
    'declare function typed<T>(): T;',
  ];
  const covered = new Set<Feature>();
  let calls = 0;
  chosen.forEach((op, index) => {
    for (const f of FEATURES) if (has(op, f)) covered.add(f);
    const opType = `Op${index}`;
    lines.push(`type ${opType} = paths[${stringLiteral(op.path)}][${stringLiteral(op.method)}];`);
    const param = (p: ParameterIR, value?: string) => {
      const n = resolve(p.schema);
      const typedValue = `typed<NonNullable<NonNullable<${opType}["parameters"][${stringLiteral(p.in)}]>[${stringLiteral(p.name)}]>>()`;
      let v = value ?? typedValue;
      if (value === undefined && n?.kind === 'enum' && n.values[0] !== null && n.values[0] !== undefined) v = dataLiteral(n.values[0]);
      else if (value === undefined && n?.kind === 'string' && n.encoding !== 'binary') v = stringLiteral('x');
      else if (value === undefined && n?.kind === 'number') v = '1';
      else if (value === undefined && n?.kind === 'boolean') v = 'true';
      return `${objectKey(p.name)}: ${v}`;
    };
    /** The `params` option: every parameter, but `without`, and `override` for one. */
    const params = (without?: ParameterIR, override?: [ParameterIR, string]) => {
      if (!op.parameters.length) return [];
      const groups = (['path', 'query', 'header', 'cookie'] as const).flatMap((where) => {
        const all = op.parameters.filter((p) => p.in === where);
        if (!all.length) return [];
        const kept = all.filter((p) => p !== without).map((p) => param(p, override?.[0] === p ? override[1] : undefined));
        return [`${where}: { ${kept.join(', ')} }`];
      });
      return [`params: { ${groups.join(', ')} }`];
    };
    const media = body(op);
    const bodyType = media ? `NonNullable<${opType}["requestBody"]>["content"][${stringLiteral(media.contentType)}]` : '';
    const bodyOption = (value?: string) => {
      if (!media) return [];
      if (value) return [`body: ${value}`];
      if (media.kind === 'binary') {
        const n = resolve(media.schema);
        const bytes = !n || n.kind === 'unknown' || (n.kind === 'string' && n.encoding === 'binary');
        return [`body: ${bytes ? 'new Uint8Array(4)' : `typed<${bodyType}>()`}`, 'bodySerializer: (b) => b'];
      }
      if (media.kind === 'form') return [`body: typed<${bodyType}>()`, 'bodySerializer: () => new URLSearchParams()'];
      if (media.kind === 'multipart') return [`body: typed<${bodyType}>()`, 'bodySerializer: () => new FormData()'];
      return [`body: typed<${bodyType}>()`];
    };
    const call = (options: string[]) => `client.${op.method.toUpperCase()}(${stringLiteral(op.path)}${options.length ? `, { ${options.join(', ')} }` : ''})`;

    const ok = narrowable(op);
    lines.push(`export async function call${index}() {`);
    if (ok) {
      const data = `${opType}["responses"][${ok.status}]["content"][${stringLiteral(ok.content[0]!.contentType)}]`;
      lines.push(`  const answer = await ${call([...params(), ...bodyOption()])};`);
      // openapi-fetch's error is `never` when no error status has a body: then narrow on data.
      const errorBody = op.responses.some((r) => /^(?:[45](?:\d\d|XX)|default)$/.test(r.status) && r.content.length > 0);
      lines.push(errorBody ? '  if (answer.error !== undefined) return undefined;' : '  if (answer.data === undefined) return undefined;');
      lines.push(`  const data: ${data} = answer.data;`, '  return data;');
    } else {
      lines.push(`  return ${call([...params(), ...bodyOption()])};`);
    }
    lines.push('}');
    calls++;

    const wrong: string[] = [];
    const required = op.parameters.find((p) => p.required && p.in === 'path') ?? op.parameters.find((p) => p.required);
    if (required) wrong.push('  // @ts-expect-error a required parameter left out', `  await ${call([...params(required), ...bodyOption()])};`);
    const ep = enumParam(op);
    if (ep) wrong.push('  // @ts-expect-error a parameter outside its closed enum', `  await ${call([...params(undefined, [ep, NOT_A_VALUE]), ...bodyOption()])};`);
    const prop = enumProperty(op);
    if (prop) {
      wrong.push(
        '  // @ts-expect-error a body property outside its closed enum',
        `  await ${call([...params(), ...bodyOption(`{ ...typed<${bodyType}>(), ${objectKey(prop.name)}: ${NOT_A_VALUE} }`)])};`,
      );
    }
    if (wrong.length) lines.push(`export async function wrong${index}() {`, ...wrong, '}');
  });
  if (!chosen.length) lines.push('export {};');
  return { code: `${lines.join('\n')}\n`, covered, calls };
}
