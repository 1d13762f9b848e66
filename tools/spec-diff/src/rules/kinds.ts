// The kinds of rule that the keyword tables (schema.ts, openapi.ts, hem.ts) are written in.
import { equal, isObject, show, type Obj } from '../json.js';
import type { Direction, Effect } from '../types.js';

/** What a rule found; `path` is below the object it looked at, `side` says which document it is in. */
export interface Finding {
  effect: Effect;
  message: string;
  path: (string | number)[];
  /** `before` for something that exists only in the base document. */
  side?: 'before' | 'after';
}

/** The pair of objects a rule compares, at one keyword. */
export interface Site {
  before: Obj;
  after: Obj;
  key: string;
  dirs: ReadonlySet<Direction>;
  /** Compares a nested schema pair found `path` below this object (schema objects only). */
  schema(a: unknown, b: unknown, path: (string | number)[]): void;
  /** Path parameter names in template order, for `<param>` placeholders (operations only). */
  pathParams: { before: readonly string[]; after: readonly string[] };
}

export type Rule = (site: Site) => Finding[];

const GROUPED = new WeakSet<Rule>();

/** A rule that reads several keywords of one object together: the engine runs it once per object. */
export function grouped(rule: Rule): Rule {
  GROUPED.add(rule);
  return rule;
}

export const isGrouped = (rule: Rule): boolean => GROUPED.has(rule);

/** Words for a value that appeared, went, or changed. */
export function describe(key: string, a: unknown, b: unknown): string {
  if (a === undefined) return `${key} ${show(b)} added`;
  if (b === undefined) return `${key} ${show(a)} removed`;
  return `${key} changed from ${show(a)} to ${show(b)}`;
}

const sideOf = (b: unknown): 'before' | 'after' => (b === undefined ? 'before' : 'after');

/** Fixed verdicts for a value that is added, removed or changed. */
export function fixed(effects: { added: Effect; removed: Effect; changed: Effect }, note = ''): Rule {
  return ({ before, after, key }) => {
    const a = before[key];
    const b = after[key];
    if (equal(a, b)) return [];
    const effect = a === undefined ? effects.added : b === undefined ? effects.removed : effects.changed;
    return [{ effect, message: describe(key, a, b) + note, path: [key], side: sideOf(b) }];
  };
}

/** Documentation only: any change is a patch; an object's entries are reported one by one. */
export const docs: Rule = ({ before, after, key }) => {
  const a = before[key];
  const b = after[key];
  if (equal(a, b)) return [];
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    return keys
      .filter((k) => !equal(a[k], b[k]))
      .map((k) => ({
        effect: 'patch' as const,
        message: `${key} entry ${k} ${a[k] === undefined ? 'added' : b[k] === undefined ? 'removed' : 'changed'}`,
        path: [key, k],
        side: sideOf(b[k]),
      }));
  }
  return [{ effect: 'patch', message: `${key} ${a === undefined ? 'added' : b === undefined ? 'removed' : 'changed'}`, path: [key], side: sideOf(b) }];
};

/** Any change to this keyword may refuse what worked before. */
export const changed: Rule = fixed({ added: 'changed', removed: 'changed', changed: 'changed' });

/** A constraint: adding it tightens, removing it loosens, changing it cannot be ordered. */
export const constraint: Rule = fixed({ added: 'tighter', removed: 'looser', changed: 'changed' });

/** A number that caps a value (maxLength): lowering or adding it tightens. */
export function bound(which: 'upper' | 'lower'): Rule {
  return ({ before, after, key }) => {
    const a = before[key];
    const b = after[key];
    if (equal(a, b)) return [];
    if (typeof a !== 'number' || typeof b !== 'number') {
      if (a === undefined) return [{ effect: 'tighter', message: describe(key, a, b), path: [key] }];
      if (b === undefined) return [{ effect: 'looser', message: describe(key, a, b), path: [key], side: 'before' }];
      return [{ effect: 'changed', message: describe(key, a, b), path: [key] }];
    }
    const tighter = which === 'upper' ? b < a : b > a;
    return [{ effect: tighter ? 'tighter' : 'looser', message: `${key} ${b < a ? 'lowered' : 'raised'} from ${a} to ${b}`, path: [key] }];
  };
}

/** A boolean where `tight` is the stricter value and `absent` what a missing one means. */
export function flag(tight: boolean, absent: boolean): Rule {
  return ({ before, after, key }) => {
    const a = before[key] ?? absent;
    const b = after[key] ?? absent;
    if (equal(before[key], after[key])) return [];
    if (typeof a !== 'boolean' || typeof b !== 'boolean') return [{ effect: 'changed', message: describe(key, before[key], after[key]), path: [key] }];
    if (a === b) return [{ effect: 'patch', message: `${key}: ${b} now written out or left to its default`, path: [key], side: sideOf(after[key]) }];
    return [{ effect: b === tight ? 'tighter' : 'looser', message: describe(key, before[key], after[key]), path: [key], side: sideOf(after[key]) }];
  };
}

/** A value from an ordered list, loosest first; `absent` is what a missing one means. */
export function ordered(values: readonly string[], absent: string): Rule {
  return ({ before, after, key }) => {
    if (equal(before[key], after[key])) return [];
    const a = values.indexOf(String(before[key] ?? absent));
    const b = values.indexOf(String(after[key] ?? absent));
    const message = describe(key, before[key], after[key]);
    const side = sideOf(after[key]);
    if (a < 0 || b < 0) return [{ effect: 'changed', message: `${message} (known values: ${values.join(', ')})`, path: [key], side }];
    if (a === b) return [{ effect: 'patch', message: `${message} (same as the default)`, path: [key], side }];
    return [{ effect: b > a ? 'tighter' : 'looser', message, path: [key], side }];
  };
}

/** A set of strings where each added or removed member has its own verdict. */
export function members(key: string, a: readonly unknown[], b: readonly unknown[], effects: { added: Effect; removed: Effect }, noun: string): Finding[] {
  const out: Finding[] = [];
  a.forEach((v, i) => {
    if (!b.some((w) => equal(v, w))) out.push({ effect: effects.removed, message: `${noun} ${show(v)} removed`, path: [key, i], side: 'before' });
  });
  b.forEach((v, i) => {
    if (!a.some((w) => equal(v, w))) out.push({ effect: effects.added, message: `${noun} ${show(v)} added`, path: [key, i] });
  });
  return out;
}

/**
 * A table of named entries (key types, key families): a new entry and a removed one have
 * fixed verdicts; each field of an entry kept has its own rule, `other` for unknown fields.
 */
export function table(spec: { noun: string; added: Effect; removed: Effect; fields: Record<string, Rule>; other: Rule }): Rule {
  return (site) => {
    const a = site.before[site.key];
    const b = site.after[site.key];
    if (equal(a, b)) return [];
    if (!isObject(a) || !isObject(b)) {
      if (a === undefined) return [{ effect: spec.added, message: `${site.key} added`, path: [site.key] }];
      if (b === undefined) return [{ effect: spec.removed, message: `${site.key} removed`, path: [site.key], side: 'before' }];
      return [{ effect: 'changed', message: `${site.key} is not a table of ${spec.noun} entries`, path: [site.key] }];
    }
    const out: Finding[] = [];
    for (const name of new Set([...Object.keys(b), ...Object.keys(a)])) {
      const ea = a[name];
      const eb = b[name];
      if (equal(ea, eb)) continue;
      if (ea === undefined) out.push({ effect: spec.added, message: `${spec.noun} ${name} added`, path: [site.key, name] });
      else if (eb === undefined) out.push({ effect: spec.removed, message: `${spec.noun} ${name} removed`, path: [site.key, name], side: 'before' });
      else if (!isObject(ea) || !isObject(eb)) out.push({ effect: 'changed', message: `${spec.noun} ${name} changed from ${show(ea)} to ${show(eb)}`, path: [site.key, name] });
      else {
        for (const field of new Set([...Object.keys(eb), ...Object.keys(ea)])) {
          const rule = spec.fields[field] ?? spec.other;
          for (const f of rule({ ...site, before: ea, after: eb, key: field })) {
            out.push({ ...f, message: `${spec.noun} ${name}: ${f.message}`, path: [site.key, name, ...f.path] });
          }
        }
      }
    }
    return out;
  };
}

/** For keywords nobody classified: breaking, and say where to classify it. */
export function unknown(where: string): Rule {
  return ({ before, after, key }) => {
    if (equal(before[key], after[key])) return [];
    return [
      {
        effect: 'changed',
        message: `${describe(key, before[key], after[key])}: no rule classifies ${key}, so it counts as breaking; add one in ${where}`,
        path: [key],
        side: sideOf(after[key]),
      },
    ];
  };
}
