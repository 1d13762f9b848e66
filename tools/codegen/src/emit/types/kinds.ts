// One TypeScript type writer per IR node kind, for what openapi-typescript does not write
// (the parameter aliases of models.gen.ts, the validator's declared types of recursive
// schemas). Each returns type text, blocks laid out by CodeBlockWriter (the `indent` argument
// is no longer read); the table is checked against SCHEMA_KINDS so no kind can be forgotten.
// The types say what the zod target checks: the two agree by construction (and by a test).
import type { Diagnostics } from '../../diagnostics.js';
import type { ArrayNode, EnumNode, IntersectionNode, ObjectNode, SchemaKind, SchemaNode, StringNode, UnionNode } from '../../ir.js';
import { docText, schemaTags } from '../../jsdoc.js';
import { dataLiteral, typeKey } from '../../escape.js';
import { block } from '../../ts-morph.js';

export interface TypeContext {
  /** The type of a named component schema, e.g. `components["schemas"]["Kid"]`. */
  ref(name: string): string;
  /** True when the named schema is object-like (so a discriminator literal can be added). */
  isObject(name: string): boolean;
  diags: Diagnostics;
}

type Writer<N> = (node: N, indent: string, ctx: TypeContext) => string;

/** Binary content (files, octet streams): what the client sends and returns for it. */
export const BINARY_TYPE = 'Blob | Uint8Array';

const string: Writer<StringNode> = (n) => (n.encoding === 'binary' ? BINARY_TYPE : 'string');

const enumeration: Writer<EnumNode> = (n, _indent, ctx) => {
  if (n.values.length === 0) return 'never';
  const union = n.values.map((v) => dataLiteral(v)).join(' | ');
  if (!n.hem?.extensible) return union;
  // An enum the server may extend: any string fits. Plain `string`, not `(string & {})`:
  // openapi-fetch's Readable<T> maps every object-like type, and `string & {}` is one, so the
  // value would no longer be assignable to `string`. The known values stay in the text, the
  // JSDoc and the enum array.
  const kinds = new Set(n.values.map((v) => typeof v));
  if (kinds.size === 1 && kinds.has('string')) return `${union} | string`;
  ctx.diags.warn(n.pointer, 'x-hem-extensible on a non-string enum: the type lists only the known values.', { targets: ['types'] });
  return union;
};

const object: Writer<ObjectNode> = (n, _indent, ctx) => {
  // Members laid out by CodeBlockWriter (block): nested types come back unindented and are
  // indented with their block.
  const lines = n.properties.map((p) => {
    const doc = docText('', [p.schema.title, p.schema.description], [...schemaTags(p.schema), ...formatTag(p.schema)]);
    return `${doc}${p.schema.readOnly ? 'readonly ' : ''}${typeKey(p.name)}${p.required ? '' : '?'}: ${expression(p.schema, '', ctx)};`;
  });
  if ((n.additional !== false && !n.additionalImplicit) || n.patternProperties) {
    // An index signature must admit every declared property's type too; pattern keys are
    // typed by their schemas (TypeScript cannot match a key against a pattern).
    const extra = [
      ...(n.patternProperties ?? []).map((p) => expression(p.schema, '', ctx)),
      ...(n.additional === false || n.additionalImplicit ? [] : [n.additional === true ? 'unknown' : expression(n.additional, '', ctx)]),
    ];
    const own = extra.includes('unknown') ? 'unknown' : [...new Set(extra)].join(' | ');
    const all = own === 'unknown' ? ['unknown'] : [...new Set([own, ...n.properties.map((p) => expression(p.schema, '', ctx) + (p.required ? '' : ' | undefined'))])];
    lines.push(`[key: string]: ${all.join(' | ')};`);
  }
  if (lines.length === 0) return n.additional === false ? 'Record<string, never>' : 'Record<string, unknown>';
  return block('{', lines, '}', { separator: '' });
};

const array: Writer<ArrayNode> = (n, indent, ctx) => {
  const items = expression(n.items, indent, ctx);
  // Object literals, enums and nested arrays get parentheses too, for readability.
  const bare = !compound(n.items) && n.items.kind !== 'object' && n.items.kind !== 'enum' && n.items.kind !== 'array';
  const rest = bare ? `${items}[]` : `(${items})[]`;
  if (!n.prefixItems) return rest;
  // A tuple: each first item by position (optional, as a shorter array is valid), then the rest.
  return `[${[...n.prefixItems.map((p) => `${paren(p, expression(p, indent, ctx))}?`), `...${rest}`].join(', ')}]`;
};

const union: Writer<UnionNode> = (n, indent, ctx) => {
  const variants = n.variants.map((v, i) => {
    const text = paren(v, expression(v, indent, ctx));
    const d = n.discriminator;
    const values = d?.mapping.filter((m) => m.variant === i).map((m) => dataLiteral(m.value));
    const objectLike = v.kind === 'object' || (v.kind === 'ref' && ctx.isObject(v.name));
    // The discriminator's literal narrows each branch, as the validator picks the branch by it.
    return d && values?.length && objectLike ? `(${text} & { ${typeKey(d.property)}: ${values.join(' | ')} })` : text;
  });
  return variants.length === 1 ? variants[0]! : variants.join(' | ');
};

const intersection: Writer<IntersectionNode> = (n, indent, ctx) => n.parts.map((p) => paren(p, expression(p, indent, ctx))).join(' & ');

export const WRITERS: { [K in SchemaKind]: Writer<Extract<SchemaNode, { kind: K }>> } = {
  ref: (n, _indent, ctx) => ctx.ref(n.name),
  object,
  array,
  string,
  number: () => 'number',
  boolean: () => 'boolean',
  null: () => 'null',
  enum: enumeration,
  union,
  intersection,
  unknown: () => 'unknown',
  never: () => 'never',
};

/** The type of any node at `indent`, nullable applied once here. */
export function expression(node: SchemaNode, indent: string, ctx: TypeContext): string {
  const out = (WRITERS[node.kind] as Writer<SchemaNode>)(node, indent, ctx);
  for (const a of node.assertions ?? []) {
    ctx.diags.warn(node.pointer, `"${a.kind === 'if' ? 'if/then/else' : a.kind}" cannot be expressed as a type: the type is wider than the schema; the validator checks it.`, {
      targets: ['types'],
    });
  }
  return node.nullable && node.kind !== 'null' && out !== 'unknown' ? `${out} | null` : out; // `|` binds loosest: no parentheses needed
}

/** `Format: x` as a JSDoc tag for strings and numbers that name a format. */
export function formatTag(node: SchemaNode): [string, string][] {
  return (node.kind === 'string' || node.kind === 'number') && node.format ? [['format', node.format]] : [];
}

/**
 * True when a node's type is written as a union or an intersection at its top level (so it
 * needs parentheses inside another), decided from the node, not by reading the text back.
 */
function compound(node: SchemaNode): boolean {
  if (node.nullable && node.kind !== 'null' && node.kind !== 'unknown') return true;
  switch (node.kind) {
    case 'enum':
      return node.values.length > 1 || (!!node.hem?.extensible && node.values.length > 0 && node.values.every((v) => typeof v === 'string'));
    case 'string':
      return node.encoding === 'binary';
    case 'union':
      return node.variants.length > 1;
    case 'intersection':
      return node.parts.length > 1;
    default:
      return false;
  }
}

/** Parentheses around a union or intersection so it can sit inside another. */
function paren(node: SchemaNode, text: string): string {
  return compound(node) ? `(${text})` : text;
}
