// JSON Schema keywords: how a change to each one reads for clients. A keyword missing here
// counts as breaking and the message says to add it (kinds.unknown).
import { equal, isObject, show } from '../json.js';
import { EXTENSIBLE, HEM_SCHEMA_RULES } from './hem.js';
import { bound, changed, constraint, docs, fixed, flag, type Finding, type Rule } from './kinds.js';

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const names = (value: unknown): string[] => list(value).filter((v): v is string => typeof v === 'string');

const enumRule: Rule = ({ before, after, key }) => {
  const a = before[key];
  const b = after[key];
  if (equal(a, b)) return [];
  if (!Array.isArray(a)) return [{ effect: 'tighter', message: `enum ${show(b)} added`, path: [key] }];
  if (!Array.isArray(b)) return [{ effect: 'looser', message: `enum ${show(a)} removed`, path: [key], side: 'before' }];
  const extensible = after[EXTENSIBLE] === true;
  const out: Finding[] = [];
  a.forEach((v, i) => {
    if (!b.some((w) => equal(v, w))) out.push({ effect: 'tighter', message: `enum value ${show(v)} removed`, path: [key, i], side: 'before' });
  });
  b.forEach((v, i) => {
    if (a.some((w) => equal(v, w))) return;
    out.push({
      effect: {
        request: { level: 'minor', why: 'looser request rule' },
        response: extensible
          ? { level: 'minor', why: `the response enum is marked ${EXTENSIBLE}` }
          : { level: 'breaking', why: `wider response: clients may not know the value (mark the enum ${EXTENSIBLE}: true if clients must accept new values)` },
      },
      message: `enum value ${show(v)} added`,
      path: [key, i],
    });
  });
  if (out.length === 0) out.push({ effect: 'patch', message: 'enum values reordered', path: [key] });
  return out;
};

const typeSet = (value: unknown): Set<string> => new Set(Array.isArray(value) ? value.map(String) : [String(value)]);
const covers = (set: Set<string>, t: string): boolean => set.has(t) || (t === 'integer' && set.has('number'));

const typeRule: Rule = ({ before, after, key }) => {
  const a = before[key];
  const b = after[key];
  if (equal(a, b)) return [];
  if (a === undefined) return [{ effect: 'tighter', message: `type ${show(b)} added`, path: [key] }];
  if (b === undefined) return [{ effect: 'looser', message: `type ${show(a)} removed`, path: [key], side: 'before' }];
  const sa = typeSet(a);
  const sb = typeSet(b);
  const wider = [...sa].every((t) => covers(sb, t));
  const narrower = [...sb].every((t) => covers(sa, t));
  const message = `type changed from ${show(a)} to ${show(b)}`;
  if (wider && narrower) return [{ effect: 'patch', message: `${message} (the same types)`, path: [key] }];
  return [{ effect: wider ? 'looser' : narrower ? 'tighter' : 'changed', message, path: [key] }];
};

/**
 * `properties`, read with `required` and `additionalProperties` of the same object: a new
 * property is a new field (required or optional), a removed one is gone for everyone.
 */
const propertiesRule: Rule = (site) => {
  const a = isObject(site.before.properties) ? site.before.properties : {};
  const b = isObject(site.after.properties) ? site.after.properties : {};
  const required = names(site.after.required);
  const closedBefore = site.before.additionalProperties === false || site.before.unevaluatedProperties === false;
  const out: Finding[] = [];
  for (const name of Object.keys(b)) {
    if (!(name in a)) {
      out.push(
        required.includes(name)
          ? {
              effect: { request: { level: 'breaking', why: 'new required request field' }, response: { level: 'minor', why: 'new response field' } },
              message: `property ${name} added, required`,
              path: ['properties', name],
            }
          : {
              effect: {
                request: { level: 'minor', why: 'new optional request field' },
                response: closedBefore ? { level: 'breaking', why: 'new field in a response that allowed no others' } : { level: 'minor', why: 'new response field' },
              },
              message: `property ${name} added`,
              path: ['properties', name],
            },
      );
    } else site.schema(a[name], b[name], ['properties', name]);
  }
  for (const name of Object.keys(a)) {
    if (!(name in b)) out.push({ effect: 'breaking', message: `property ${name} removed`, path: ['properties', name], side: 'before' });
  }
  return out;
};

/** `required` for properties that exist on both sides (new and removed ones: propertiesRule). */
const requiredRule: Rule = ({ before, after }) => {
  const a = names(before.required);
  const b = names(after.required);
  const propsA = isObject(before.properties) ? before.properties : {};
  const propsB = isObject(after.properties) ? after.properties : {};
  const kept = (n: string) => n in propsA === n in propsB;
  const out: Finding[] = [];
  b.forEach((n, i) => {
    if (!a.includes(n) && kept(n)) {
      out.push({
        effect: { request: { level: 'breaking', why: 'new required request field' }, response: { level: 'minor', why: 'now always in responses' } },
        message: `${n} now required`,
        path: ['required', i],
      });
    }
  });
  a.forEach((n, i) => {
    if (!b.includes(n) && kept(n)) {
      out.push({
        effect: { request: { level: 'minor', why: 'request field now optional' }, response: { level: 'breaking', why: 'response field made optional' } },
        message: `${n} no longer required`,
        path: ['required', i],
        side: 'before',
      });
    }
  });
  return out;
};

/** One nested schema; a missing one allows anything, so adding it tightens. */
const subschema: Rule = (site) => {
  const a = site.before[site.key];
  const b = site.after[site.key];
  if (equal(a, b)) return [];
  if (a === undefined) return [{ effect: 'tighter', message: `${site.key} added`, path: [site.key] }];
  if (b === undefined) return [{ effect: 'looser', message: `${site.key} removed`, path: [site.key], side: 'before' }];
  site.schema(a, b, [site.key]);
  return [];
};

/** A list of schemas compared by position (allOf, anyOf, oneOf, prefixItems). */
function schemaList(added: 'tighter' | 'looser'): Rule {
  const removed = added === 'tighter' ? 'looser' : 'tighter';
  return (site) => {
    const a = list(site.before[site.key]);
    const b = list(site.after[site.key]);
    const out: Finding[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length) out.push({ effect: added, message: `${site.key} entry ${i} added`, path: [site.key, i] });
      else if (i >= b.length) out.push({ effect: removed, message: `${site.key} entry ${i} removed`, path: [site.key, i], side: 'before' });
      else site.schema(a[i], b[i], [site.key, i]);
    }
    return out;
  };
}

/** A map of schemas by name (patternProperties, dependentSchemas, $defs). */
function schemaMap(added: 'tighter' | 'looser' | 'patch'): Rule {
  const removed = added === 'tighter' ? 'looser' : added === 'looser' ? 'tighter' : 'patch';
  return (site) => {
    const a = isObject(site.before[site.key]) ? (site.before[site.key] as Record<string, unknown>) : {};
    const b = isObject(site.after[site.key]) ? (site.after[site.key] as Record<string, unknown>) : {};
    const out: Finding[] = [];
    for (const n of Object.keys(b)) {
      if (n in a) site.schema(a[n], b[n], [site.key, n]);
      else out.push({ effect: added, message: `${site.key} entry ${n} added`, path: [site.key, n] });
    }
    for (const n of Object.keys(a)) if (!(n in b)) out.push({ effect: removed, message: `${site.key} entry ${n} removed`, path: [site.key, n], side: 'before' });
    return out;
  };
}

const pattern: Rule = (site) =>
  constraint(site).map((f) =>
    f.effect === 'changed' ? { ...f, message: `${f.message} (a changed pattern counts as narrower: no check proves it accepts every value the old one did)` } : f,
  );

const defaultRule = fixed({
  added: { request: { level: 'minor', why: 'a default for an omitted request field' }, response: { level: 'patch', why: 'docs' } },
  removed: { request: { level: 'minor', why: 'no default for an omitted request field' }, response: { level: 'patch', why: 'docs' } },
  changed: { request: { level: 'breaking', why: 'a request that omits the field now means something else' }, response: { level: 'patch', why: 'docs' } },
});

/** Every schema keyword with a rule. `$ref` is handled by the engine. */
export const SCHEMA_RULES: Record<string, Rule> = {
  // Documentation.
  title: docs,
  description: docs,
  examples: docs,
  example: docs,
  $comment: docs,
  externalDocs: docs,
  xml: docs,
  deprecated: fixed({ added: 'minor', removed: 'minor', changed: 'minor' }),
  // Values.
  type: typeRule,
  enum: enumRule,
  const: constraint,
  format: constraint,
  pattern,
  contentEncoding: constraint,
  contentMediaType: constraint,
  multipleOf: constraint,
  maxLength: bound('upper'),
  minLength: bound('lower'),
  maximum: bound('upper'),
  minimum: bound('lower'),
  exclusiveMaximum: bound('upper'),
  exclusiveMinimum: bound('lower'),
  maxItems: bound('upper'),
  minItems: bound('lower'),
  maxProperties: bound('upper'),
  minProperties: bound('lower'),
  maxContains: bound('upper'),
  minContains: bound('lower'),
  uniqueItems: flag(true, false),
  nullable: flag(false, false),
  default: defaultRule,
  readOnly: changed,
  writeOnly: changed,
  discriminator: changed,
  dependentRequired: constraint,
  not: changed,
  if: changed,
  then: changed,
  else: changed,
  $schema: changed,
  $id: changed,
  $anchor: changed,
  $dynamicAnchor: changed,
  $dynamicRef: changed,
  // Structure.
  properties: propertiesRule,
  required: requiredRule,
  additionalProperties: subschema,
  unevaluatedProperties: subschema,
  unevaluatedItems: subschema,
  items: subschema,
  contains: subschema,
  propertyNames: subschema,
  contentSchema: subschema,
  prefixItems: schemaList('tighter'),
  allOf: schemaList('tighter'),
  anyOf: schemaList('looser'),
  oneOf: schemaList('looser'),
  patternProperties: schemaMap('tighter'),
  dependentSchemas: schemaMap('tighter'),
  $defs: schemaMap('patch'),
  definitions: schemaMap('patch'),
  ...HEM_SCHEMA_RULES,
};
