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

/** zod's full API (method chains) or zod/mini (functions and `.check()`), for small bundles. */
export type Dialect = 'classic' | 'mini';

export interface ZodContext {
  dialect: Dialect;
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

/** One refinement, written as a method in classic zod and as a check function in zod/mini. */
interface Check {
  method: string;
  fn: string;
  args: string;
}
const check = (method: string, fn: string, args: string | number): Check => ({ method, fn, args: String(args) });

/** `base` with its refinements: `.min(1).max(2)` or `.check(z.minLength(1), z.maxLength(2))`. */
function refine(base: string, checks: Check[], ctx: ZodContext): string {
  if (checks.length === 0) return base;
  if (ctx.dialect === 'mini') return `${base}.check(${checks.map((c) => `z.${c.fn}(${c.args})`).join(', ')})`;
  return base + checks.map((c) => `.${c.method}(${c.args})`).join('');
}

/** A wrapper: `x.exactOptional()` or `z.exactOptional(x)`; the same for nullable, extend, catchall. */
export function wrap(ctx: ZodContext, name: string, inner: string, ...args: string[]): string {
  return ctx.dialect === 'mini' ? `z.${name}(${[inner, ...args].join(', ')})` : `${inner}.${name}(${args.join(', ')})`;
}

const regex = (pattern: string) => `new RegExp(${literal(pattern)})`;

const string: Writer<StringNode> = (n, ctx) => {
  const checks: Check[] = [];
  if (n.minLength !== undefined) checks.push(check('min', 'minLength', n.minLength));
  if (n.maxLength !== undefined) checks.push(check('max', 'maxLength', n.maxLength));
  if (n.encoding === 'base64') {
    // The spec's pattern is the base64 rule; the runtime explains a failure precisely.
    // Without a pattern in the spec, the runtime's default is the device's own rule
    // (zod's z.base64() would refuse URL-safe and unpadded text, which the device reads).
    checks.push(check('superRefine', 'superRefine', `${ctx.use('base64')}(${n.pattern !== undefined ? regex(n.pattern) : ''})`));
    if (n.maxDecodedBytes !== undefined) checks.push(check('superRefine', 'superRefine', `${ctx.use('maxDecodedBytes')}(${ctx.limit(propertyOf(n), n.maxDecodedBytes)})`));
    return refine('z.string()', checks, ctx);
  }
  if (n.pattern !== undefined) checks.push(check('regex', 'regex', n.patternHint ? `${regex(n.pattern)}, { error: ${literal(n.patternHint)} }` : regex(n.pattern)));
  return refine(FORMATS[n.format ?? ''] ?? 'z.string()', checks, ctx);
};

/** String formats zod checks; any other format is an annotation and checks nothing. */
const FORMATS: Record<string, string | undefined> = {
  'date-time': 'z.iso.datetime({ offset: true })',
  date: 'z.iso.date()',
  time: 'z.iso.time()',
  email: 'z.email()',
  uuid: 'z.uuid()',
  uri: 'z.url()',
  ipv4: 'z.ipv4()',
  ipv6: 'z.ipv6()',
};

const number: Writer<NumberNode> = (n, ctx) => {
  const checks: Check[] = [];
  if (n.minimum !== undefined) checks.push(check('gte', 'gte', n.minimum));
  if (n.exclusiveMinimum !== undefined) checks.push(check('gt', 'gt', n.exclusiveMinimum));
  if (n.maximum !== undefined) checks.push(check('lte', 'lte', n.maximum));
  if (n.exclusiveMaximum !== undefined) checks.push(check('lt', 'lt', n.exclusiveMaximum));
  if (n.multipleOf !== undefined) checks.push(check('multipleOf', 'multipleOf', n.multipleOf));
  return refine(n.integer ? 'z.int()' : 'z.number()', checks, ctx);
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
    const value = p.required ? schema : wrap(ctx, 'exactOptional', schema);
    outer.deferred ||= ctx.deferred;
    return ctx.deferred ? `get ${propertyKey(p.name)}() {\nreturn ${value};\n}` : `${propertyKey(p.name)}: ${value}`;
  });
  Object.assign(ctx, outer);
  const shape = `{\n${fields.join(',\n')}\n}`;
  // No additionalProperties: unknown keys are allowed and dropped (z.object), so the parsed
  // value has exactly the type openapi-typescript prints for it.
  const base =
    n.additional === false ? `z.strictObject(${shape})` : n.additional === true ? `z.object(${shape})` : wrap(ctx, 'catchall', `z.object(${shape})`, expression(n.additional, ctx));
  const checks: Check[] = [];
  if (n.minProperties !== undefined || n.maxProperties !== undefined) {
    checks.push(check('superRefine', 'superRefine', `${ctx.use('propertyCount')}(${n.minProperties ?? 0}, ${n.maxProperties ?? 'Infinity'})`));
  }
  for (const p of n.properties) {
    if (p.schema.kind === 'string' && p.schema.decodedLengthFrom) {
      const from = p.schema.decodedLengthFrom;
      if (!n.properties.some((q) => q.name === from)) {
        throw new CodegenError(p.schema.pointer, `x-hem-decoded-length-from names "${from}", which is not a property of this object.`);
      }
      checks.push(check('superRefine', 'superRefine', `...${ctx.use('decodedLengthFrom')}(${literal(p.name)}, ${literal(from)}, ${ctx.keyFormats()})`));
    }
  }
  return refine(base, checks, ctx);
};

const array: Writer<ArrayNode> = (n, ctx) => {
  const checks: Check[] = [];
  if (n.minItems !== undefined) checks.push(check('min', 'minLength', n.minItems));
  if (n.maxItems !== undefined) checks.push(check('max', 'maxLength', n.maxItems));
  if (n.uniqueItems) checks.push(check('superRefine', 'superRefine', ctx.use('uniqueItems')));
  return refine(`z.array(${expression(n.items, ctx)})`, checks, ctx);
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
    return rest.reduce((acc, part) => wrap(ctx, 'extend', acc, `${part}.shape`), first!);
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
  return node.nullable && node.kind !== 'null' ? wrap(ctx, 'nullable', out) : out;
}

/** The property name at the end of a node's pointer (for limit options). */
function propertyOf(node: SchemaNode): string {
  const last = node.pointer.split('/').pop() ?? '';
  return typeName(last.replaceAll('~1', '/').replaceAll('~0', '~')).replace(/^./, (c) => c.toLowerCase());
}
