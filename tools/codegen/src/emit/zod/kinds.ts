// One zod 4 expression writer per IR node kind. Each returns source text for an
// expression; the table is checked against SCHEMA_KINDS so no kind can be forgotten.
import type {
  ArrayNode,
  EnumNode,
  IntersectionNode,
  NumberNode,
  ObjectNode,
  SchemaKind,
  SchemaNode,
  StringNode,
  UnionNode,
} from '../../ir.js';
import { CodegenError } from '../../errors.js';
import { literal } from '../../jsdoc.js';
import { propertyKey, typeName } from '../../names.js';

export interface ZodContext {
  /** A named schema's expression: its identifier, or a lazy reference when it comes later. */
  ref(name: string): string;
  /**
   * Inside an object property a reference to a schema not yet declared is written as a
   * getter (zod's recursive-object idiom); elsewhere it becomes z.lazy. The object writer
   * sets `deferring` and reads `deferred` to know which.
   */
  deferring: boolean;
  deferred: boolean;
  /** True when the named schema is an object (so `.shape` exists). */
  isObject(name: string): boolean;
  /** Records that the file needs a runtime helper from the hand-written module. */
  use(helper: RuntimeHelper): string;
  /** Name of the limits parameter inside a factory, when a limit applies. */
  limit(property: string, fallback: number): string;
  /** Records that the key-format table is needed; returns its identifier. */
  keyFormats(): string;
}

/** Helpers the generated code may call, all exported by the validator's runtime module. */
export type RuntimeHelper = 'base64' | 'maxDecodedBytes' | 'decodedLengthFrom' | 'uniqueItems' | 'propertyCount';

type Writer<N> = (node: N, ctx: ZodContext) => string;

const regex = (pattern: string) => `new RegExp(${literal(pattern)})`;

const string: Writer<StringNode> = (n, ctx) => {
  let out = 'z.string()';
  if (n.minLength !== undefined) out += `.min(${n.minLength})`;
  if (n.maxLength !== undefined) out += `.max(${n.maxLength})`;
  if (n.encoding === 'base64') {
    // The spec's pattern is the base64 rule; the runtime explains a failure precisely.
    out += n.pattern !== undefined ? `.superRefine(${ctx.use('base64')}(${regex(n.pattern)}))` : `.check(z.base64())`;
    if (n.maxDecodedBytes !== undefined) out += `.superRefine(${ctx.use('maxDecodedBytes')}(${ctx.limit(propertyOf(n), n.maxDecodedBytes)}))`;
    return out;
  }
  if (n.pattern !== undefined) out += n.patternHint ? `.regex(${regex(n.pattern)}, { error: ${literal(n.patternHint)} })` : `.regex(${regex(n.pattern)})`;
  const format = FORMATS[n.format ?? ''];
  if (format) out += `.check(${format})`;
  return out;
};

/** String formats with a zod check; any other format is an annotation and checks nothing. */
const FORMATS: Record<string, string> = {
  'date-time': 'z.iso.datetime({ offset: true })',
  date: 'z.iso.date()',
  time: 'z.iso.time()',
  email: 'z.email()',
  uuid: 'z.uuid()',
  uri: 'z.url()',
  ipv4: 'z.ipv4()',
  ipv6: 'z.ipv6()',
};

const number: Writer<NumberNode> = (n) => {
  let out = n.integer ? 'z.int()' : 'z.number()';
  if (n.minimum !== undefined) out += `.gte(${n.minimum})`;
  if (n.exclusiveMinimum !== undefined) out += `.gt(${n.exclusiveMinimum})`;
  if (n.maximum !== undefined) out += `.lte(${n.maximum})`;
  if (n.exclusiveMaximum !== undefined) out += `.lt(${n.exclusiveMaximum})`;
  if (n.multipleOf !== undefined) out += `.multipleOf(${n.multipleOf})`;
  return out;
};

const enumeration: Writer<EnumNode> = (n) => {
  if (n.values.length === 0) return 'z.never()';
  if (n.values.every((v) => typeof v === 'string')) return `z.enum(${literal(n.values)})`;
  return n.values.length === 1 ? `z.literal(${literal(n.values[0])})` : `z.literal(${literal(n.values)})`;
};

const object: Writer<ObjectNode> = (n, ctx) => {
  const outer = { deferring: ctx.deferring, deferred: ctx.deferred };
  const fields = n.properties.map((p) => {
    ctx.deferring = true;
    ctx.deferred = false;
    const schema = expression(p.schema, ctx);
    // exactOptional: an absent key, never `undefined`, as JSON has it and @hem/types says.
    const value = p.required ? schema : `${schema}.exactOptional()`;
    outer.deferred ||= ctx.deferred;
    return ctx.deferred ? `get ${propertyKey(p.name)}() {\nreturn ${value};\n}` : `${propertyKey(p.name)}: ${value}`;
  });
  Object.assign(ctx, outer);
  const shape = `{\n${fields.join(',\n')}\n}`;
  // No additionalProperties: unknown keys are allowed and dropped (z.object), so the parsed
  // value has exactly the type openapi-typescript prints for it.
  let out =
    n.additional === false ? `z.strictObject(${shape})` : n.additional === true ? `z.object(${shape})` : `z.object(${shape}).catchall(${expression(n.additional, ctx)})`;
  if (n.minProperties !== undefined || n.maxProperties !== undefined) {
    out += `.superRefine(${ctx.use('propertyCount')}(${n.minProperties ?? 0}, ${n.maxProperties ?? 'Infinity'}))`;
  }
  for (const p of n.properties) {
    if (p.schema.kind === 'string' && p.schema.decodedLengthFrom) {
      const from = p.schema.decodedLengthFrom;
      if (!n.properties.some((q) => q.name === from)) {
        throw new CodegenError(p.schema.pointer, `x-hem-decoded-length-from names "${from}", which is not a property of this object.`);
      }
      out += `.superRefine(...${ctx.use('decodedLengthFrom')}(${literal(p.name)}, ${literal(from)}, ${ctx.keyFormats()}))`;
    }
  }
  return out;
};

const array: Writer<ArrayNode> = (n, ctx) => {
  let out = `z.array(${expression(n.items, ctx)})`;
  if (n.minItems !== undefined) out += `.min(${n.minItems})`;
  if (n.maxItems !== undefined) out += `.max(${n.maxItems})`;
  if (n.uniqueItems) out += `.superRefine(${ctx.use('uniqueItems')})`;
  return out;
};

const union: Writer<UnionNode> = (n, ctx) => {
  const variants = n.variants.map((v) => expression(v, ctx));
  if (variants.length === 1) return variants[0]!;
  // oneOf means exactly one variant matches: z.xor; anyOf means at least one: z.union.
  return `z.${n.exclusive ? 'xor' : 'union'}([${variants.join(', ')}])`;
};

const intersection: Writer<IntersectionNode> = (n, ctx) => {
  const objectLike = (p: SchemaNode) => p.kind === 'object' || (p.kind === 'ref' && ctx.isObject(p.name));
  if (n.parts.every(objectLike)) {
    // allOf of objects: one object with every part's properties (zod intersections of
    // strict objects would reject each other's keys).
    const [first, ...rest] = n.parts.map((p) => expression(p, ctx));
    return rest.reduce((acc, part) => `${acc}.extend(${part}.shape)`, first!);
  }
  return n.parts.map((p) => expression(p, ctx)).reduce((acc, part) => `z.intersection(${acc}, ${part})`);
};

export const WRITERS: { [K in SchemaKind]: Writer<Extract<SchemaNode, { kind: K }>> } = {
  ref: (n, ctx) => ctx.ref(n.name),
  object,
  array,
  string,
  number,
  boolean: () => 'z.boolean()',
  null: () => 'z.null()',
  enum: enumeration,
  union,
  intersection,
  unknown: () => 'z.unknown()',
};

/** The zod expression of any node, nullable applied once here. */
export function expression(node: SchemaNode, ctx: ZodContext): string {
  const out = (WRITERS[node.kind] as Writer<SchemaNode>)(node, ctx);
  return node.nullable && node.kind !== 'null' ? `${out}.nullable()` : out;
}

/** The property name at the end of a node's pointer (for limit options). */
function propertyOf(node: SchemaNode): string {
  const last = node.pointer.split('/').pop() ?? '';
  return typeName(last.replaceAll('~1', '/').replaceAll('~0', '~')).replace(/^./, (c) => c.toLowerCase());
}
