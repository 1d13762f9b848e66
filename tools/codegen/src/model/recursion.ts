// Recursion a target can run: a component schema may contain itself inside an object property
// (a tree: the recursion consumes input, and a type literal defers the reference) or inside
// array items (`Nest: { type: array, items: { $ref: Nest } }`: the validator consumes an array
// level per step, and the types target writes such an array as an interface extending Array,
// which TypeScript defers where it rejects `components["schemas"]["Nest"][]` as circular).
// Reaching itself through $ref, allOf, oneOf or anyOf alone names nothing: the validator would
// recurse forever at parse time and the type is circular, so the document is refused. So is a
// tuple (prefixItems) that contains itself: its positions cannot go through an interface.
import type { Diagnostics } from '../diagnostics.js';
import type { NamedSchema, SchemaNode } from '../ir.js';
import { child } from '../pointer.js';

/** How a schema reaches itself before any object property: none, through array items, a tuple position, or nothing at all. */
type Reach = 'array' | 'tuple' | 'bare';
const WORSE: Record<Reach, number> = { array: 1, tuple: 2, bare: 3 };

function reachesItself(name: string, schema: SchemaNode, byName: Map<string, SchemaNode>): Reach | undefined {
  let found: Reach | undefined;
  const seen = new Set<string>();
  const walk = (node: SchemaNode, via: Reach): void => {
    if (found === 'bare') return;
    switch (node.kind) {
      case 'ref': {
        if (node.name === name) {
          if (!found || WORSE[via] > WORSE[found]) found = via;
          return;
        }
        const key = `${node.name}\0${via}`;
        const target = byName.get(node.name);
        if (!target || seen.has(key)) return;
        seen.add(key);
        walk(target, via);
        return;
      }
      case 'union':
        for (const v of node.variants) walk(v, via);
        return;
      case 'intersection':
        for (const p of node.parts) walk(p, via);
        return;
      case 'array': {
        // A plain array's items are typed through an interface, which breaks the cycle; a
        // tuple's positions are not, so they break it only when a plain array came before.
        const inner: Reach = node.prefixItems?.length ? (via === 'array' ? 'array' : 'tuple') : 'array';
        walk(node.items, inner);
        for (const p of node.prefixItems ?? []) walk(p, inner);
        return;
      }
      default:
        // objects defer their properties; scalars end the path
        return;
    }
  };
  walk(schema, 'bare');
  return found;
}

/** The component schemas that contain themselves through array items only (typed with an interface, emit/types/openapi-ts.ts). */
export function recursiveThroughArrays(schemas: readonly NamedSchema[]): Set<string> {
  const byName = new Map(schemas.map((s) => [s.name, s.schema]));
  return new Set(schemas.filter(({ name, schema }) => reachesItself(name, schema, byName) === 'array').map((s) => s.name));
}

export function checkRecursion(schemas: readonly NamedSchema[], diags: Diagnostics): void {
  const byName = new Map(schemas.map((s) => [s.name, s.schema]));
  for (const { name, schema } of schemas) {
    const at = child('#/components/schemas', name);
    const found = reachesItself(name, schema, byName);
    if (found === 'bare') {
      diags.error(
        at,
        `schema "${name}" refers to itself through $ref, allOf, oneOf or anyOf alone, before any property or item: it names nothing, and a validator would recurse forever. Put the recursion inside an object property (a tree) or an array's items.`,
      );
    } else if (found === 'tuple') {
      diags.error(
        at,
        `schema "${name}" contains itself at a tuple position (prefixItems) with no object in between: the generated types cannot express it (TypeScript reports it as circular). Put the recursion inside an object property, or in the array's items.`,
      );
    }
  }
}
