// One zod 4 expression writer per IR node kind. Each returns source text for an
// expression; the table is checked against SCHEMA_KINDS so no kind can be forgotten.
import type { Diagnostics } from '../../diagnostics.js';
import type { ArrayNode, Assertion, EnumNode, IntersectionNode, NumberNode, ObjectNode, SchemaKind, SchemaNode, StringNode, UnionNode } from '../../ir.js';
import { dataLiteral, objectKey, stringLiteral } from '../../escape.js';
import { PATTERN_INPUT_BOUND, judgePattern } from '../../patterns.js';
import { typeName } from '../../names.js';
import { escapeToken, lastToken } from '../../pointer.js';
import { block } from '../../ts-morph.js';

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
  /** Records that the file needs a runtime helper from the hand-written module. */
  use(helper: RuntimeHelper): string;
  /** Name of the limits parameter inside a factory, when a limit applies. */
  limit(property: string, fallback: number): string;
  /** Records that the key-format table is needed; returns its identifier. */
  keyFormats(): string;
  /** Records that the key-family table is needed; returns its identifier. */
  keyFamilies(): string;
  /** The named schema's node, to look through references (discriminators, merged objects). */
  lookup(name: string): SchemaNode | undefined;
  diags: Diagnostics;
}

/** Helpers the generated code may call, all exported by the validator's runtime module. */
export type RuntimeHelper =
  | 'base64'
  | 'maxDecodedBytes'
  | 'decodedLengthFrom'
  | 'uniqueItems'
  | 'propertyCount'
  | 'isBinary'
  | 'knownKeys'
  | 'patternProperties'
  | 'prefixItems'
  | 'not'
  | 'ifThenElse'
  | 'dependentSchemas'
  | 'dependentRequired'
  | 'propertyNames'
  | 'contains'
  | 'assertions'
  | 'requiredByFamily'
  | 'pattern'
  | 'ownData';

type Writer<N> = (node: N, ctx: ZodContext) => string;

/**
 * One refinement, written as a method in classic zod and as a check function in zod/mini; or
 * (no `fn`) a check of the validator's runtime, which `.check()` takes as it is in both.
 */
interface Check {
  method: string;
  fn: string;
  args: string;
}
const check = (method: string, fn: string, args: string | number): Check => ({ method, fn, args: String(args) });
/**
 * A runtime helper's check. Not superRefine: that installs a fresh addIssue closure on every
 * value of every parse, and these checks run on every request.
 */
const runtimeCheck = (helper: string): Check => ({ method: 'check', fn: '', args: helper });

/** `base` with its refinements: `.min(1).max(2).check(a, b)` or `.check(z.minLength(1), z.maxLength(2), a, b)`. */
function refine(base: string, checks: Check[], ctx: ZodContext): string {
  if (checks.length === 0) return base;
  if (ctx.dialect === 'mini') return `${base}.check(${checks.map((c) => (c.fn ? `z.${c.fn}(${c.args})` : c.args)).join(', ')})`;
  // Runtime checks in a row share one .check() call.
  const calls: { method: string; args: string[] }[] = [];
  for (const c of checks) {
    const last = calls.at(-1);
    if (!c.fn && last?.method === 'check') last.args.push(c.args);
    else calls.push({ method: c.method, args: [c.args] });
  }
  return base + calls.map((c) => `.${c.method}(${c.args.join(', ')})`).join('');
}

/** A wrapper: `x.exactOptional()` or `z.exactOptional(x)`; the same for nullable, extend, catchall. */
export function wrap(ctx: ZodContext, name: string, inner: string, ...args: string[]): string {
  return ctx.dialect === 'mini' ? `z.${name}(${[inner, ...args].join(', ')})` : `${inner}.${name}(${args.join(', ')})`;
}

/** A pattern as the validator runs it: with the `u` flag, as JSON Schema means it. */
const regex = (pattern: string) => `new RegExp(${stringLiteral(pattern)}, "u")`;

/**
 * Judges a string's pattern (patterns.ts): undefined when it does not compile (an error at
 * its pointer); else the length the validator bounds the input to before running it, and
 * for a catastrophic pattern without maxLength the default bound it adds (a warning says so).
 */
function patternBound(n: StringNode, pattern: string, ctx: ZodContext): { bound: number | undefined; added?: number } | undefined {
  const pointer = `${n.pointer}/pattern`;
  const verdict = judgePattern(pattern);
  if (!verdict.valid) {
    ctx.diags.error(pointer, `the pattern does not compile as a Unicode regular expression (${verdict.error}): JSON Schema patterns are ECMA-262 with the u flag; fix it.`);
    return undefined;
  }
  if (!verdict.catastrophic) return { bound: n.maxLength };
  const bound = n.maxLength ?? PATTERN_INPUT_BOUND;
  ctx.diags.warn(
    pointer,
    `the pattern can backtrack catastrophically (${verdict.catastrophic.complexity}, found by recheck): the validator runs it only on strings of at most ${bound} characters${
      n.maxLength === undefined ? ` (no maxLength: a default bound of ${PATTERN_INPUT_BOUND}; longer strings are refused)` : ' (its maxLength)'
    }. Rewrite the pattern, or set a small maxLength.`,
    { targets: ['validator'] },
  );
  return n.maxLength === undefined ? { bound, added: bound } : { bound };
}

/**
 * The device's base64 (standard or URL-safe alphabet, optional padding) as the spec writes it
 * as a pattern. The validator's runtime checks it in linear time (isDeviceBase64); a test
 * in @hem/validator proves its verdicts and this pattern's agree.
 */
export const DEVICE_BASE64_PATTERN = '^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$';

const string: Writer<StringNode> = (n, ctx) => {
  // Files and octet streams: the bytes a client sends (Blob or Uint8Array), not text.
  if (n.encoding === 'binary') return `z.custom<Blob | Uint8Array>(${ctx.use('isBinary')})`;
  const checks: Check[] = [];
  if (n.minLength !== undefined) checks.push(check('min', 'minLength', n.minLength));
  if (n.maxLength !== undefined) checks.push(check('max', 'maxLength', n.maxLength));
  if (n.encoding === 'base64') {
    // Base64 as the device reads it is checked in linear time, never by this nested pattern; a spec pattern
    // other than the device's own rule is applied as well. The runtime explains a failure.
    const judged = n.pattern !== undefined && n.pattern !== DEVICE_BASE64_PATTERN ? patternBound(n, n.pattern, ctx) : undefined;
    if (judged?.added !== undefined) checks.push(check('max', 'maxLength', judged.added));
    const own = judged ? `${regex(n.pattern!)}, ${judged.bound ?? 'Infinity'}` : '';
    checks.push(runtimeCheck(`${ctx.use('base64')}(${own})`));
    if (n.hem?.maxDecodedBytes !== undefined) checks.push(runtimeCheck(`${ctx.use('maxDecodedBytes')}(${ctx.limit(propertyOf(n), n.hem.maxDecodedBytes)})`));
    return refine('z.string()', checks, ctx);
  }
  // A pattern never runs on text longer than maxLength (the length check reports that): a
  // hostile string costs no backtracking.
  const judged = n.pattern !== undefined ? patternBound(n, n.pattern, ctx) : undefined;
  if (judged?.added !== undefined) checks.push(check('max', 'maxLength', judged.added));
  if (judged)
    checks.push(runtimeCheck(`${ctx.use('pattern')}(${regex(n.pattern!)}, ${judged.bound ?? 'Infinity'}${n.hem?.patternHint ? `, ${dataLiteral(n.hem.patternHint)}` : ''})`));
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
  // JSON Schema's integer is any whole number, also beyond 2^53 (int64 ids): zod's z.int()
  // would refuse those, so only int32 uses a zod integer type.
  if (n.integer && n.format !== 'int32') checks.unshift(check('refine', 'refine', 'Number.isInteger, { error: "must be a whole number" }'));
  return refine(n.integer && n.format === 'int32' ? 'z.int32()' : 'z.number()', checks, ctx);
};

const enumeration: Writer<EnumNode> = (n) => {
  if (n.values.length === 0) return 'z.never()';
  const strings = n.values.every((v) => typeof v === 'string');
  const known = strings ? `z.enum(${dataLiteral(n.values)})` : n.values.length === 1 ? `z.literal(${dataLiteral(n.values[0])})` : `z.literal(${dataLiteral(n.values)})`;
  // An enum the server may extend accepts any string, as its type says.
  return n.hem?.extensible && strings ? `z.union([${known}, z.string()])` : known;
};

/** True when an object declares a key Object.prototype has: zod would read the inherited member. */
export const hasInheritedKey = (n: ObjectNode): boolean => n.properties.some((p) => p.name === '__proto__' || p.name in Object.prototype);

const object: Writer<ObjectNode> = (n, ctx) => {
  const out = plainObject(n, ctx);
  if (!hasInheritedKey(n)) return out;
  // Own properties only, on a null-prototype copy; `__proto__` checked by the runtime (zod skips it).
  const proto = n.properties.find((p) => p.name === '__proto__');
  if (proto) {
    ctx.diags.warn(proto.schema.pointer, 'a property named "__proto__" is checked as an own property, but zod leaves it out of the parsed value: read it from the input.', {
      targets: ['validator'],
    });
  }
  const args = proto ? `[${expression(proto.schema, ctx)}, ${proto.required}]` : '';
  return `z.pipe(z.transform(${ctx.use('ownData')}(${args})), ${out})`;
};

const plainObject: Writer<ObjectNode> = (n, ctx) => {
  const outer = { deferring: ctx.deferring, deferred: ctx.deferred };
  const fields = n.properties.map((p) => {
    ctx.deferring = true;
    ctx.deferred = false;
    const schema = expression(p.schema, ctx);
    // exactOptional: an absent key, never `undefined`, as JSON has it and @hem/types says.
    const value = p.required ? schema : wrap(ctx, 'exactOptional', schema);
    outer.deferred ||= ctx.deferred;
    return ctx.deferred ? block(`get ${objectKey(p.name)}() {`, [`return ${value};`], '}', { separator: '' }) : `${objectKey(p.name)}: ${value}`;
  });
  Object.assign(ctx, outer);
  const shape = fields.length ? block('{', fields, '}') : '{\n}';
  // No additionalProperties: unknown keys are allowed and dropped (z.object), so the parsed
  // value has exactly the type openapi-typescript prints for it.
  // additionalProperties false: strict; true: kept (the type has an index signature);
  // absent: allowed and dropped, so the parsed value has exactly the declared type.
  if (n.patternProperties) {
    // Keys matching a pattern are not "additional": zod keeps every key (loose), and one
    // check types the pattern keys and applies additionalProperties to the rest.
    const usable = n.patternProperties.filter((p) => {
      const pointer = `${n.pointer}/patternProperties/${escapeToken(p.pattern)}`;
      const verdict = judgePattern(p.pattern);
      if (!verdict.valid) ctx.diags.error(pointer, `the key pattern does not compile as a Unicode regular expression (${verdict.error}): fix it.`);
      else if (verdict.catastrophic)
        ctx.diags.warn(pointer, `the key pattern can backtrack catastrophically (${verdict.catastrophic.complexity}, found by recheck) on long keys: rewrite it.`, {
          targets: ['validator'],
        });
      return verdict.valid;
    });
    const patterns = usable.map((p) => `[${regex(p.pattern)}, ${expression(p.schema, ctx)}]`).join(', ');
    const rest = n.additional === false ? 'false' : n.additional === true ? 'true' : expression(n.additional, ctx);
    return refine(
      `z.looseObject(${shape})`,
      [runtimeCheck(`${ctx.use('patternProperties')}([${patterns}], ${dataLiteral(n.properties.map((p) => p.name))}, ${rest})`), ...objectChecks(n, ctx)],
      ctx,
    );
  }
  const base =
    n.additional === false
      ? `z.strictObject(${shape})`
      : n.additional === true
        ? n.additionalImplicit
          ? `z.object(${shape})`
          : `z.looseObject(${shape})`
        : wrap(ctx, 'catchall', `z.object(${shape})`, expression(n.additional, ctx));
  return refine(base, objectChecks(n, ctx), ctx);
};

/** Property counts and the key-format rule between two properties. */
function objectChecks(n: ObjectNode, ctx: ZodContext): Check[] {
  const checks: Check[] = [];
  if (n.minProperties !== undefined || n.maxProperties !== undefined) {
    checks.push(runtimeCheck(`${ctx.use('propertyCount')}(${n.minProperties ?? 0}, ${n.maxProperties ?? 'Infinity'})`));
  }
  for (const p of n.properties) {
    const from = p.schema.hem?.decodedLengthFrom;
    if (from !== undefined) {
      if (p.schema.kind !== 'string' || p.schema.encoding !== 'base64') {
        ctx.diags.error(p.schema.pointer, 'x-hem-decoded-length-from applies to a base64 string (format: byte): fix the schema.', { targets: ['validator'] });
        continue;
      }
      if (!n.properties.some((q) => q.name === from)) {
        ctx.diags.error(p.schema.pointer, `x-hem-decoded-length-from names "${from}", which is not a property of this object: name a sibling property.`, {
          targets: ['validator'],
        });
        continue;
      }
      checks.push(runtimeCheck(`${ctx.use('decodedLengthFrom')}(${dataLiteral(p.name)}, ${dataLiteral(from)}, ${ctx.keyFormats()})`));
    }
    const by = p.schema.hem?.requiredByFamily;
    if (by !== undefined) {
      if (!n.properties.some((q) => q.name === by)) {
        ctx.diags.error(p.schema.pointer, `x-hem-required-by-family names "${by}", which is not a property of this object: name the sibling that holds the key type.`, {
          targets: ['validator'],
        });
        continue;
      }
      // The values the property may take, for a message that says what to send.
      const values = enumValues(p.schema, ctx);
      checks.push(runtimeCheck(`${ctx.use('requiredByFamily')}(${dataLiteral(p.name)}, ${dataLiteral(by)}, ${ctx.keyFormats()}, ${ctx.keyFamilies()}, ${dataLiteral(values)})`));
    }
  }
  return checks;
}

const array: Writer<ArrayNode> = (n, ctx) => {
  const checks: Check[] = [];
  if (n.minItems !== undefined) checks.push(check('min', 'minLength', n.minItems));
  if (n.maxItems !== undefined) checks.push(check('max', 'maxLength', n.maxItems));
  if (n.uniqueItems) checks.push(runtimeCheck(ctx.use('uniqueItems')));
  if (n.prefixItems) {
    // A tuple: the first items by position, the rest by `items`; zod checks them in one pass.
    checks.push(runtimeCheck(`${ctx.use('prefixItems')}([${n.prefixItems.map((p) => expression(p, ctx)).join(', ')}], ${expression(n.items, ctx)})`));
    return refine('z.array(z.unknown())', checks, ctx);
  }
  return refine(`z.array(${expression(n.items, ctx)})`, checks, ctx);
};

const union: Writer<UnionNode> = (n, ctx) => {
  const variants = n.variants.map((v) => expression(v, ctx));
  if (variants.length === 1) return variants[0]!;
  const d = n.discriminator;
  if (d) {
    if (n.variants.every((v) => objectShape(v, ctx) !== undefined)) {
      // Each branch gets the discriminator as a literal of its mapped values, so zod picks
      // the branch by it and checks only that one (overlapping branches stay valid).
      const branches = n.variants.map((_, i) => {
        const values = d.mapping.filter((m) => m.variant === i).map((m) => m.value);
        if (values.length === 0) return undefined;
        const tag = values.length === 1 ? `z.literal(${dataLiteral(values[0])})` : `z.enum(${dataLiteral(values)})`;
        return wrap(ctx, 'extend', variants[i]!, `{ ${objectKey(d.property)}: ${tag} }`);
      });
      return `z.discriminatedUnion(${dataLiteral(d.property)}, [${branches.filter(Boolean).join(', ')}])`;
    }
    ctx.diags.warn(n.pointer, 'a discriminator over subtypes that are not all objects cannot pick the branch: the value is checked against every subtype instead.', {
      targets: ['validator'],
    });
  }
  // oneOf means exactly one variant matches: z.xor; anyOf means at least one: z.union.
  return `z.${n.exclusive && !d ? 'xor' : 'union'}([${variants.join(', ')}])`;
};

/** The enum values a node allows, looking through a reference; [] when it is not an enum. */
function enumValues(node: SchemaNode, ctx: ZodContext): unknown[] {
  const target = node.kind === 'ref' ? ctx.lookup(node.name) : node;
  return target?.kind === 'enum' ? target.values : [];
}

/** The object a node stands for, looking through references; undefined when it is not one. */
function objectShape(node: SchemaNode, ctx: ZodContext, depth = 0): SchemaNode | undefined {
  if (depth > 16 || node.assertions?.length) return undefined;
  if (node.kind === 'object' && !node.nullable) return hasInheritedKey(node) ? undefined : node;
  if (node.kind === 'ref') {
    const target = ctx.lookup(node.name);
    return target && !node.nullable ? objectShape(target, ctx, depth + 1) : undefined;
  }
  if (node.kind === 'intersection' && !node.nullable && node.parts.every((p) => objectShape(p, ctx, depth + 1))) return node;
  return undefined;
}

/** Every property name a node declares, through references and compositions. */
function declaredKeys(node: SchemaNode, ctx: ZodContext, seen = new Set<string>()): string[] {
  switch (node.kind) {
    case 'object':
      return node.properties.map((p) => p.name);
    case 'ref': {
      if (seen.has(node.name)) return [];
      seen.add(node.name);
      const target = ctx.lookup(node.name);
      return target ? declaredKeys(target, ctx, seen) : [];
    }
    case 'union':
      return node.variants.flatMap((v) => declaredKeys(v, ctx, seen));
    case 'intersection':
      return node.parts.flatMap((p) => declaredKeys(p, ctx, seen));
    default:
      return [];
  }
}

const intersection: Writer<IntersectionNode> = (n, ctx) => {
  const parts = n.parts.map((p) => expression(p, ctx));
  if (n.parts.every((p) => objectShape(p, ctx) !== undefined)) {
    // allOf of objects: one object with every part's properties (zod intersections of
    // strict objects would reject each other's keys); unevaluatedProperties closes it.
    const shape = `{ ${parts.map((p) => `...${p}.shape`).join(', ')} }`;
    if (n.unevaluated === false) return `z.strictObject(${shape})`;
    if (n.unevaluated) return wrap(ctx, 'catchall', `z.object(${shape})`, expression(n.unevaluated, ctx));
    return parts.slice(1).reduce((acc, part) => wrap(ctx, 'extend', acc, `${part}.shape`), parts[0]!);
  }
  const joined = parts.reduce((acc, part) => `z.intersection(${acc}, ${part})`);
  if (n.unevaluated === undefined) return joined;
  if (n.unevaluated !== false) {
    ctx.diags.error(n.pointer, 'unevaluatedProperties with a schema over a composition that is not all objects cannot be checked: use additionalProperties on one object.', {
      targets: ['validator'],
    });
    return joined;
  }
  // Keys outside every declared property are refused; a key declared by any branch passes
  // (JSON Schema counts only the branch that matched, so this is slightly looser).
  ctx.diags.warn(n.pointer, 'unevaluatedProperties: false over oneOf/anyOf: a property declared by any branch is accepted, not only by the branch that matched.', {
    targets: ['validator'],
  });
  const keys = [...new Set(n.parts.flatMap((p) => declaredKeys(p, ctx)))];
  return refine(joined, [runtimeCheck(`${ctx.use('knownKeys')}(${dataLiteral(keys)})`)], ctx);
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
  never: () => 'z.never()',
};

/** The zod expression of any node, nullable applied once here. */
export function expression(node: SchemaNode, ctx: ZodContext): string {
  let out = (WRITERS[node.kind] as Writer<SchemaNode>)(node, ctx);
  // Assertions read the value as given (a check after an object schema would see it with
  // unknown keys dropped), so they run first, on the input, and the shape's schema after.
  if (node.assertions?.length) out = `z.pipe(z.transform(${ctx.use('assertions')}(${node.assertions.map((a) => ASSERTIONS[a.kind](a as never, ctx)).join(', ')})), ${out})`;
  return node.nullable && node.kind !== 'null' ? wrap(ctx, 'nullable', out) : out;
}

/** One runtime check per assertion kind; the table is checked against ASSERTION_KINDS. */
export const ASSERTIONS: { [K in Assertion['kind']]: (a: Extract<Assertion, { kind: K }>, ctx: ZodContext) => string } = {
  not: (a, ctx) => `${ctx.use('not')}(${expression(a.schema, ctx)})`,
  if: (a, ctx) => `${ctx.use('ifThenElse')}(${expression(a.if, ctx)}, ${a.then ? expression(a.then, ctx) : 'undefined'}, ${a.else ? expression(a.else, ctx) : 'undefined'})`,
  dependentSchemas: (a, ctx) => `${ctx.use('dependentSchemas')}({ ${a.schemas.map((d) => `${objectKey(d.property)}: ${expression(d.schema, ctx)}`).join(', ')} })`,
  dependentRequired: (a, ctx) => `${ctx.use('dependentRequired')}(${dataLiteral(Object.fromEntries(a.rules.map((r) => [r.property, r.required])))})`,
  propertyNames: (a, ctx) => `${ctx.use('propertyNames')}(${expression(a.schema, ctx)})`,
  contains: (a, ctx) => `${ctx.use('contains')}(${expression(a.schema, ctx)}, ${a.min}, ${a.max ?? 'Infinity'})`,
};

/** The property name at the end of a node's pointer (for limit options). */
function propertyOf(node: SchemaNode): string {
  return typeName(lastToken(node.pointer)).replace(/^./, (c) => c.toLowerCase());
}
