// Recursion a target can run: a component schema may contain itself inside an object property
// (a tree: the recursion consumes input, and a type literal defers the reference). Reaching
// itself through $ref, allOf, oneOf or anyOf alone names nothing: the validator would recurse
// forever at parse time and the type is circular. Through array items with no object between,
// the validator terminates but the types target's `components["schemas"][name]` form cannot
// express it (TS2502); the other targets import the types, so the document is refused.
import type { Diagnostics } from '../diagnostics.js';
import type { NamedSchema, SchemaNode } from '../ir.js';
import { child } from '../pointer.js';

export function checkRecursion(schemas: readonly NamedSchema[], diags: Diagnostics): void {
  const byName = new Map(schemas.map((s) => [s.name, s.schema]));
  for (const { name, schema } of schemas) {
    const at = child('#/components/schemas', name);
    // 'bare': reached with no input consumed; 'array': only array items in between.
    let found: 'bare' | 'array' | undefined;
    const seen = new Set<string>();
    const walk = (node: SchemaNode, viaArray: boolean): void => {
      if (found === 'bare') return;
      switch (node.kind) {
        case 'ref': {
          if (node.name === name) {
            found = viaArray ? (found ?? 'array') : 'bare';
            return;
          }
          const key = `${node.name}\0${viaArray}`;
          const target = byName.get(node.name);
          if (!target || seen.has(key)) return;
          seen.add(key);
          walk(target, viaArray);
          return;
        }
        case 'union':
          for (const v of node.variants) walk(v, viaArray);
          return;
        case 'intersection':
          for (const p of node.parts) walk(p, viaArray);
          return;
        case 'array':
          walk(node.items, true);
          for (const p of node.prefixItems ?? []) walk(p, true);
          return;
        default:
          // objects defer their properties; scalars end the path
          return;
      }
    };
    walk(schema, false);
    if (found === 'bare') {
      diags.error(
        at,
        `schema "${name}" refers to itself through $ref, allOf, oneOf or anyOf alone, before any property or item: it names nothing, and a validator would recurse forever. Put the recursion inside an object property (a tree) or an array's items.`,
      );
    } else if (found === 'array') {
      diags.error(
        at,
        `schema "${name}" contains itself through array items with no object in between: the generated types cannot express it yet (TypeScript reports it as circular). Put the recursion inside an object property, e.g. { children: [${name}] }.`,
      );
    }
  }
}
