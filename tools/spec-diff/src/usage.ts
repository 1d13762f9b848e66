// Which way data flows through each component schema: reached from a request (body,
// parameter) or from a response (body, header). A schema reached both ways gets both sets of
// rules; webhooks flow the other way round.
import { at, isObject, refOf, type Obj } from './json.js';
import { DIRECTIONS, type Direction } from './types.js';

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const SUBSCHEMA = ['items', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'not', 'contains', 'propertyNames', 'if', 'then', 'else', 'contentSchema'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_MAPS = ['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions'];
const COMPONENT_SCHEMA = /^#\/components\/schemas\/[^/]+/;

/** Component schema pointer (`#/components/schemas/Name`) -> the directions it is used in. */
export type Usage = Map<string, Set<Direction>>;

export function schemaUsage(doc: Obj): Usage {
  const usage: Usage = new Map();
  const seen = new Set<string>();
  const flip = (d: Direction): Direction => (d === 'request' ? 'response' : 'request');

  // Follows a $ref to any component; returns the target, marking component schemas.
  const follow = (node: unknown, dir: Direction): unknown => {
    for (let hops = 0; hops < 32; hops++) {
      const ref = refOf(node);
      if (!ref) return node;
      const root = COMPONENT_SCHEMA.exec(ref)?.[0];
      if (root) {
        const dirs = usage.get(root) ?? new Set();
        dirs.add(dir);
        usage.set(root, dirs);
      }
      if (seen.has(`${dir} ${ref}`)) return undefined;
      seen.add(`${dir} ${ref}`);
      node = at(doc, ref);
    }
    return undefined;
  };

  const schema = (node: unknown, dir: Direction): void => {
    const s = follow(node, dir);
    if (!isObject(s)) return;
    for (const k of SUBSCHEMA) schema(s[k], dir);
    for (const k of SCHEMA_LISTS) if (Array.isArray(s[k])) for (const x of s[k]) schema(x, dir);
    for (const k of SCHEMA_MAPS) if (isObject(s[k])) for (const x of Object.values(s[k])) schema(x, dir);
  };
  const content = (node: unknown, dir: Direction): void => {
    if (isObject(node)) for (const media of Object.values(node)) if (isObject(media)) schema(media.schema, dir);
  };
  const withSchema = (node: unknown, dir: Direction): void => {
    const p = follow(node, dir);
    if (!isObject(p)) return;
    schema(p.schema, dir);
    content(p.content, dir);
  };
  const operation = (op: Obj, requestDir: Direction): void => {
    const responseDir = flip(requestDir);
    if (Array.isArray(op.parameters)) for (const p of op.parameters) withSchema(p, requestDir);
    const body = follow(op.requestBody, requestDir);
    if (isObject(body)) content(body.content, requestDir);
    if (isObject(op.responses)) {
      for (const r of Object.values(op.responses)) {
        const response = follow(r, responseDir);
        if (!isObject(response)) continue;
        content(response.content, responseDir);
        if (isObject(response.headers)) for (const h of Object.values(response.headers)) withSchema(h, responseDir);
      }
    }
  };
  const pathItems = (items: unknown, requestDir: Direction): void => {
    if (!isObject(items)) return;
    for (const raw of Object.values(items)) {
      const item = follow(raw, requestDir);
      if (!isObject(item)) continue;
      if (Array.isArray(item.parameters)) for (const p of item.parameters) withSchema(p, requestDir);
      for (const m of METHODS) if (isObject(item[m])) operation(item[m], requestDir);
    }
  };
  pathItems(doc.paths, 'request');
  pathItems(doc.webhooks, 'response');
  return usage;
}

/** Both documents' usage together: a change is judged for every way the schema is used, before or after. */
export function mergeUsage(a: Usage, b: Usage): Usage {
  const out: Usage = new Map();
  for (const usage of [a, b]) for (const [k, dirs] of usage) out.set(k, new Set([...(out.get(k) ?? []), ...dirs]));
  return out;
}

/** The directions for a component schema; one nothing reaches gets both. */
export function directionsOf(usage: Usage, pointer: string): Set<Direction> {
  return usage.get(pointer) ?? new Set(DIRECTIONS);
}
