// Every HEM extension (x-hem-*, x-enumDescriptions) and how a change to it reads for clients.
// The one home of these rules: the engine only looks them up by keyword. A new extension
// without a rule here counts as breaking until it gets one.
import { equal, isObject, type Obj } from '../json.js';
import { bound, constraint, describe, docs, fixed, flag, grouped, members, ordered, table, unknown, type Finding, type Rule } from './kinds.js';

const HERE = 'tools/spec-diff/src/rules/hem.ts';

/**
 * On an enum schema: clients must accept values the enum does not list yet. A new value in
 * a response enum with the marker is minor (without it, breaking); adding the marker to an
 * enum that responses carry is breaking (clients that handle only the listed values must
 * change), removing it minor. Requests are not affected by it.
 */
export const EXTENSIBLE = 'x-hem-extensible';

interface Alternative {
  claim: string;
  match: string;
}

/**
 * The scope alternatives of an operation: `x-hem-scopes` (a list) or the older single
 * `x-hem-scope`. A `<param>` placeholder is named by its position among the path's
 * parameters, so renaming `{kid}` together with `<kid>` is no change.
 */
function alternatives(op: Obj, pathParams: readonly string[]): Alternative[] | undefined {
  const raw = Array.isArray(op['x-hem-scopes']) ? op['x-hem-scopes'] : isObject(op['x-hem-scope']) ? [op['x-hem-scope']] : undefined;
  return raw?.filter(isObject).map((alt) => ({
    claim: String(alt.claim).replace(/<([^<>]+)>/g, (whole, name: string) => {
      const i = pathParams.indexOf(name);
      return i < 0 ? whole : `<path parameter ${i + 1}>`;
    }),
    match: String(alt.match ?? 'exact'),
  }));
}

const scopeKey = (op: Obj) => (op['x-hem-scopes'] !== undefined ? 'x-hem-scopes' : 'x-hem-scope');
const MATCH = ['exact', 'prefix']; // narrowest first

/** Scope rules: a token that passed before must pass after, or the change is breaking. */
const scopes: Rule = grouped(({ before, after, pathParams }) => {
  const a = alternatives(before, pathParams.before);
  const b = alternatives(after, pathParams.after);
  const keyA = scopeKey(before);
  const keyB = scopeKey(after);
  if (equal(a, b) || (a && b && a.length === b.length && a.every((x) => b.some((y) => equal(x, y))))) {
    const rewritten = !equal(before[keyA], after[keyB]) || keyA !== keyB;
    return rewritten ? [{ effect: 'patch', message: 'scope rule rewritten with the same alternatives', path: [keyB] }] : [];
  }
  if (!a) return [{ effect: 'breaking', message: `scope now required: ${b!.map((x) => `${x.claim} (${x.match})`).join(' or ')}`, path: [keyB] }];
  if (!b) return [{ effect: 'minor', message: 'scope rule removed: any token scope is accepted', path: [keyA], side: 'before' }];
  const out: Finding[] = [];
  a.forEach((x, i) => {
    const y = b.find((z) => z.claim === x.claim);
    const pathA = keyA === 'x-hem-scopes' ? [keyA, i] : [keyA];
    if (!y) {
      out.push({ effect: 'breaking', message: `scope ${x.claim} (${x.match}) removed: tokens that carry only it are refused`, path: pathA, side: 'before' });
      return;
    }
    if (y.match === x.match) return;
    const from = MATCH.indexOf(x.match);
    const to = MATCH.indexOf(y.match);
    const j = b.indexOf(y);
    out.push({
      effect: from < 0 || to < 0 || to < from ? 'breaking' : 'minor',
      message: `scope ${x.claim}: match changed from ${x.match} to ${y.match}`,
      path: keyB === 'x-hem-scopes' ? [keyB, j, 'match'] : [keyB, 'match'],
    });
  });
  b.forEach((y, j) => {
    if (!a.some((x) => x.claim === y.claim)) {
      out.push({ effect: 'minor', message: `scope ${y.claim} (${y.match}) added as an alternative`, path: keyB === 'x-hem-scopes' ? [keyB, j] : [keyB] });
    }
  });
  return out;
});

/** Roles: `allowed` missing means every role; `denied` missing means none. */
const roles: Rule = (site) => {
  const { before, after, key } = site;
  const a = isObject(before[key]) ? (before[key] as Obj) : {};
  const b = isObject(after[key]) ? (after[key] as Obj) : {};
  if (equal(a, b)) return [];
  const out: Finding[] = [];
  const under = (f: Finding): Finding => ({ ...f, path: [key, ...f.path] });
  if (!Array.isArray(a.allowed) && Array.isArray(b.allowed)) {
    out.push({ effect: 'breaking', message: `roles now limited to ${b.allowed.join(', ')}`, path: [key, 'allowed'] });
  } else if (Array.isArray(a.allowed) && !Array.isArray(b.allowed)) {
    out.push({ effect: 'minor', message: 'allowed roles removed: every role is allowed', path: [key, 'allowed'], side: 'before' });
  } else if (Array.isArray(a.allowed) && Array.isArray(b.allowed)) {
    out.push(...members('allowed', a.allowed, b.allowed, { added: 'minor', removed: 'breaking' }, 'allowed role').map(under));
  }
  const deniedA = Array.isArray(a.denied) ? a.denied : [];
  const deniedB = Array.isArray(b.denied) ? b.denied : [];
  out.push(...members('denied', deniedA, deniedB, { added: 'breaking', removed: 'minor' }, 'denied role').map(under));
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (k !== 'allowed' && k !== 'denied') out.push(...unknown(HERE)({ ...site, before: a, after: b, key: k }).map(under));
  }
  return out;
};

const extensible: Rule = ({ before, after, key }) => {
  const a = before[key] === true;
  const b = after[key] === true;
  if (equal(before[key], after[key])) return [];
  if (a === b) return [{ effect: 'patch', message: `${key}: ${b} now written out or left to its default`, path: [key] }];
  const effect = b
    ? { request: { level: 'patch', why: 'no effect on requests' }, response: { level: 'breaking', why: 'clients must now accept values the enum does not list' } }
    : { request: { level: 'patch', why: 'no effect on requests' }, response: { level: 'minor', why: 'responses keep to the listed values' } };
  return [{ effect: effect as Finding['effect'], message: describe(key, before[key], after[key]), path: [key], side: b ? 'after' : 'before' }];
};

/** A stable fact clients rely on: adding one is minor, changing or removing it breaking. */
const stable = fixed({ added: 'minor', removed: 'breaking', changed: 'breaking' });

/** On operations. */
export const HEM_OPERATION_RULES: Record<string, Rule> = {
  'x-hem-scopes': scopes,
  'x-hem-scope': scopes,
  'x-hem-roles': roles,
  /** Absent means optional. */
  'x-hem-tls': ordered(['optional', 'required'], 'optional'),
  'x-hem-audit': docs,
  /** Which request property the answered kid is computed from. */
  'x-hem-kid-from': stable,
  /** How a client reads back what the operation stores (the retry-safe call it makes possible). */
  'x-hem-read-back': stable,
  /** What the operation does to the key store (the mock's behaviour): declaring it is minor, changing it breaking. */
  'x-hem-effect': stable,
};

/** On responses. */
export const HEM_RESPONSE_RULES: Record<string, Rule> = {
  /** The stable error code of a status. */
  'x-hem-error-code': stable,
};

/** Per key type in `x-hem-key-formats`: any change of an existing type's field is breaking. */
const KEY_FORMAT_FIELDS = ['family', 'curve', 'bytes', 'encoding', 'oid'] as const;

/** Per family in `x-hem-key-families`. */
const KEY_FAMILY_FIELDS: Record<string, Rule> = {
  /** A family newly requiring `mode` refuses requests without it. */
  modeRequired: flag(true, false),
};

/** On schemas (read with the schema's directions). */
export const HEM_SCHEMA_RULES: Record<string, Rule> = {
  'x-hem-max-decoded-bytes': bound('upper'),
  /** Which property fixes the decoded length (via the key table). */
  'x-hem-decoded-length-from': constraint,
  /** A property required when the key type's family has modeRequired. */
  'x-hem-required-by-family': constraint,
  'x-hem-pattern-hint': docs,
  'x-enumDescriptions': docs,
  [EXTENSIBLE]: extensible,
  'x-hem-key-formats': table({
    noun: 'key type',
    added: 'minor',
    removed: 'breaking',
    fields: Object.fromEntries(KEY_FORMAT_FIELDS.map((f) => [f, stable])),
    other: stable,
  }),
  'x-hem-key-families': table({ noun: 'key family', added: 'minor', removed: 'breaking', fields: KEY_FAMILY_FIELDS, other: unknown(HERE) }),
};

export const HEM_RULES_FILE = HERE;
