// The engine: walks two bundled documents side by side and applies the rule tables. Each
// component is compared once, where it is defined; a use site that refers to the same
// component on both sides stops there. Schemas are judged for the directions they are used in.
import { at, child, equal, isObject, refOf, show, type Obj } from './json.js';
import { HEM_RULES_FILE } from './rules/hem.js';
import { isGrouped, unknown, type Finding, type Rule } from './rules/kinds.js';
import {
  DOCUMENT_RULES,
  HEADER_RULES,
  MEDIA_TYPE_RULES,
  OPENAPI_RULES_FILE,
  OPERATION_RULES,
  PARAMETER_RULES,
  PATH_ITEM_RULES,
  REQUEST_BODY_RULES,
  RESPONSE_RULES,
  SECURITY_SCHEME_RULES,
  STRUCTURAL,
} from './rules/openapi.js';
import { SCHEMA_RULES } from './rules/schema.js';
import { rank, resolveEffect, type Change, type Direction, type Effect } from './types.js';
import { METHODS, directionsOf, mergeUsage, schemaUsage, type Usage } from './usage.js';

const REQUEST: ReadonlySet<Direction> = new Set(['request']);
const RESPONSE: ReadonlySet<Direction> = new Set(['response']);
const SCHEMA_RULES_FILE = 'tools/spec-diff/src/rules/schema.ts';
const ANONYMOUS = 'no credentials';

/** Where a pair of objects sits in each document. */
interface Pair<T = Obj> {
  a: T;
  b: T;
  pa: string;
  pb: string;
}

interface ApplyOptions {
  skip?: readonly string[];
  rulesFile: string;
  pathParams?: { before: readonly string[]; after: readonly string[] };
  /** $ref pairs being followed, so recursive schemas end. */
  stack?: readonly string[];
}

/** Every change from `before` to `after`, breaking first. Both are bundled documents (local $refs only). */
export function diffDocuments(before: Obj, after: Obj): Change[] {
  const engine = new Engine(before, after);
  engine.document();
  return engine.result();
}

class Engine {
  private readonly changes = new Map<string, Change>();
  private readonly usage: Usage;

  constructor(
    private readonly A: Obj,
    private readonly B: Obj,
  ) {
    this.usage = mergeUsage(schemaUsage(A), schemaUsage(B));
  }

  result(): Change[] {
    return [...this.changes.values()].sort((x, y) => rank(y.level) - rank(x.level) || (x.pointer < y.pointer ? -1 : x.pointer > y.pointer ? 1 : 0));
  }

  private add(effect: Effect, pointer: string, message: string, dirs: ReadonlySet<Direction>): void {
    const { level, why } = resolveEffect(effect, dirs);
    const change = { level, pointer, message: why ? `${message}: ${why}` : message };
    this.changes.set(`${change.level} ${change.pointer} ${change.message}`, change);
  }

  private emit(f: Finding, pa: string, pb: string, dirs: ReadonlySet<Direction>): void {
    this.add(f.effect, child(f.side === 'before' ? pa : pb, ...f.path), f.message, dirs);
  }

  /** Runs a rule table over every key of an object pair. */
  private apply(table: Record<string, Rule>, { a, b, pa, pb }: Pair, dirs: ReadonlySet<Direction>, options: ApplyOptions): void {
    const ran = new Set<Rule>();
    for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
      if (options.skip?.includes(key)) continue;
      const rule = table[key] ?? unknown(key.startsWith('x-hem-') || key.startsWith('x-enum') ? HEM_RULES_FILE : options.rulesFile);
      if (isGrouped(rule)) {
        if (ran.has(rule)) continue;
        ran.add(rule);
      }
      const findings = rule({
        before: a,
        after: b,
        key,
        dirs,
        pathParams: options.pathParams ?? { before: [], after: [] },
        schema: (x, y, path) => this.schema(x, y, child(pa, ...path), child(pb, ...path), dirs, options.stack),
      });
      for (const f of findings) this.emit(f, pa, pb, dirs);
    }
  }

  /** Follows $refs to their target; the pointer returned is where the value lives. */
  private resolve(doc: Obj, value: unknown, pointer: string): { value: unknown; pointer: string } {
    for (let hops = 0; hops < 32; hops++) {
      const ref = refOf(value);
      if (!ref) return { value, pointer };
      pointer = ref;
      value = at(doc, ref);
    }
    return { value: undefined, pointer };
  }

  /**
   * A pair of possibly-referenced objects: undefined when both sides refer to the same
   * component (compared where it is defined), else both sides resolved.
   */
  private deref(a: unknown, b: unknown, pa: string, pb: string): Pair<unknown> | undefined {
    const ra = refOf(a);
    if (ra !== undefined && ra === refOf(b)) return undefined;
    const x = this.resolve(this.A, a, pa);
    const y = this.resolve(this.B, b, pb);
    return { a: x.value, b: y.value, pa: x.pointer, pb: y.pointer };
  }

  document(): void {
    const top = { a: this.A, b: this.B, pa: '#', pb: '#' };
    this.apply(DOCUMENT_RULES, top, new Set(), { skip: STRUCTURAL.document, rulesFile: OPENAPI_RULES_FILE });
    this.paths('paths', REQUEST);
    this.paths('webhooks', RESPONSE);
    // Operations report what the default security means for them; say it changed if none did.
    if (!equal(this.A.security, this.B.security) && ![...this.changes.values()].some((c) => c.pointer === '#/security')) {
      this.add('patch', '#/security', "default security changed; no operation's security changed with it", new Set());
    }
    this.components();
  }

  /** Operations keyed by method and path template (parameter names do not matter). */
  private operations(doc: Obj, section: string): Map<string, { path: string; method: string; item: Obj; op: Obj; pointer: string; itemPointer: string }> {
    const out = new Map();
    const items = doc[section];
    if (!isObject(items)) return out;
    for (const [path, raw] of Object.entries(items)) {
      const itemPointer = child(`#/${section}`, path);
      const { value: item } = this.resolve(doc, raw, itemPointer);
      if (!isObject(item)) continue;
      for (const method of METHODS) {
        const op = item[method];
        if (isObject(op)) {
          out.set(`${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`, { path, method, item, op, pointer: child(itemPointer, method), itemPointer });
        }
      }
    }
    return out;
  }

  private paths(section: 'paths' | 'webhooks', requestDir: ReadonlySet<Direction>): void {
    const responseDir = requestDir === REQUEST ? RESPONSE : REQUEST;
    const a = this.operations(this.A, section);
    const b = this.operations(this.B, section);
    const items = new Map<string, Pair>();
    for (const [key, x] of a) {
      const y = b.get(key);
      const name = `${x.method.toUpperCase()} ${x.path}`;
      if (!y) {
        this.add('breaking', x.pointer, `operation ${name} removed`, new Set());
        continue;
      }
      items.set(`${x.itemPointer} ${y.itemPointer}`, { a: x.item, b: y.item, pa: x.itemPointer, pb: y.itemPointer });
      this.operation({ a: x.op, b: y.op, pa: x.pointer, pb: y.pointer }, { a: x.item, b: y.item, pa: x.itemPointer, pb: y.itemPointer }, requestDir, responseDir, {
        before: templateParams(x.path),
        after: templateParams(y.path),
      });
    }
    for (const [key, y] of b) if (!a.has(key)) this.add('minor', y.pointer, `operation ${y.method.toUpperCase()} ${y.path} added`, new Set());
    for (const item of items.values()) this.apply(PATH_ITEM_RULES, item, requestDir, { skip: STRUCTURAL.pathItem, rulesFile: OPENAPI_RULES_FILE });
  }

  private operation(op: Pair, item: Pair, requestDir: ReadonlySet<Direction>, responseDir: ReadonlySet<Direction>, pathParams: { before: string[]; after: string[] }): void {
    this.apply(OPERATION_RULES, op, requestDir, { skip: STRUCTURAL.operation, rulesFile: OPENAPI_RULES_FILE, pathParams });
    this.parameters(op, item, requestDir);
    this.requestBody(op, requestDir);
    this.responses(op, responseDir);
    this.security(op);
  }

  /** Path-level and operation-level parameters merged (the operation's win), keyed by place and name. */
  private effectiveParameters(doc: Obj, op: Obj, item: Obj, pOp: string, pItem: string): Map<string, { raw: unknown; value: Obj; pointer: string }> {
    const out = new Map<string, { raw: unknown; value: Obj; pointer: string }>();
    for (const [owner, pointer] of [
      [item, pItem],
      [op, pOp],
    ] as const) {
      if (!Array.isArray(owner.parameters)) continue;
      owner.parameters.forEach((raw, i) => {
        const { value } = this.resolve(doc, raw, '');
        if (!isObject(value)) return;
        const where = String(value.in);
        const name = where === 'header' ? String(value.name).toLowerCase() : String(value.name);
        out.set(`${where} ${name}`, { raw, value, pointer: child(pointer, 'parameters', i) });
      });
    }
    return out;
  }

  private parameters(op: Pair, item: Pair, dirs: ReadonlySet<Direction>): void {
    const a = this.effectiveParameters(this.A, op.a, item.a, op.pa, item.pa);
    const b = this.effectiveParameters(this.B, op.b, item.b, op.pb, item.pb);
    for (const [key, x] of a) {
      const y = b.get(key);
      if (!y) this.add('breaking', x.pointer, `${key.replace(' ', ' parameter ')} removed`, dirs);
      else this.parameter(x.raw, y.raw, x.pointer, y.pointer, dirs);
    }
    for (const [key, y] of b) {
      if (a.has(key)) continue;
      const required = y.value.required === true || y.value.in === 'path';
      this.add(required ? 'breaking' : 'minor', y.pointer, `${required ? 'required' : 'optional'} ${key.replace(' ', ' parameter ')} added`, dirs);
    }
  }

  private parameter(a: unknown, b: unknown, pa: string, pb: string, dirs: ReadonlySet<Direction>): void {
    const pair = this.deref(a, b, pa, pb);
    if (!pair || !isObject(pair.a) || !isObject(pair.b)) return;
    const p = pair as Pair;
    this.apply(PARAMETER_RULES, p, dirs, { skip: STRUCTURAL.parameter, rulesFile: OPENAPI_RULES_FILE });
    this.schemaOrContent(p, dirs);
  }

  /** A parameter's or header's value: a schema, or a content map. */
  private schemaOrContent(p: Pair, dirs: ReadonlySet<Direction>): void {
    if (p.a.schema !== undefined || p.b.schema !== undefined) {
      if (p.a.schema === undefined || p.b.schema === undefined)
        this.add('changed', child(p.pb, 'schema'), 'value now described by schema instead of content, or the other way', dirs);
      else this.schema(p.a.schema, p.b.schema, child(p.pa, 'schema'), child(p.pb, 'schema'), dirs);
    }
    if (p.a.content !== undefined || p.b.content !== undefined) this.content(p, dirs);
  }

  private requestBody(op: Pair, dirs: ReadonlySet<Direction>): void {
    const pa = child(op.pa, 'requestBody');
    const pb = child(op.pb, 'requestBody');
    if (op.a.requestBody === undefined && op.b.requestBody === undefined) return;
    if (op.a.requestBody === undefined) {
      const { value } = this.resolve(this.B, op.b.requestBody, pb);
      const required = isObject(value) && value.required === true;
      this.add(required ? 'breaking' : 'minor', pb, `${required ? 'required' : 'optional'} request body added`, dirs);
      return;
    }
    if (op.b.requestBody === undefined) {
      this.add('breaking', pa, 'request body removed', dirs);
      return;
    }
    const pair = this.deref(op.a.requestBody, op.b.requestBody, pa, pb);
    if (pair && isObject(pair.a) && isObject(pair.b)) this.body(pair as Pair, dirs);
  }

  private body(p: Pair, dirs: ReadonlySet<Direction>): void {
    this.apply(REQUEST_BODY_RULES, p, dirs, { skip: STRUCTURAL.requestBody, rulesFile: OPENAPI_RULES_FILE });
    this.content(p, dirs);
  }

  /** A `content` map: media types added, removed, or compared. */
  private content(p: Pair, dirs: ReadonlySet<Direction>): void {
    const a = isObject(p.a.content) ? p.a.content : {};
    const b = isObject(p.b.content) ? p.b.content : {};
    for (const type of new Set([...Object.keys(b), ...Object.keys(a)])) {
      const pa = child(p.pa, 'content', type);
      const pb = child(p.pb, 'content', type);
      if (!(type in b)) this.add('breaking', pa, `media type ${type} removed`, dirs);
      else if (!(type in a)) this.add('minor', pb, `media type ${type} added`, dirs);
      else if (isObject(a[type]) && isObject(b[type])) {
        const m = { a: a[type] as Obj, b: b[type] as Obj, pa, pb };
        this.apply(MEDIA_TYPE_RULES, m, dirs, { skip: STRUCTURAL.mediaType, rulesFile: OPENAPI_RULES_FILE });
        if (m.a.schema === undefined && m.b.schema !== undefined) this.add('tighter', child(pb, 'schema'), 'schema added', dirs);
        else if (m.a.schema !== undefined && m.b.schema === undefined) this.add('looser', child(pa, 'schema'), 'schema removed', dirs);
        else this.schema(m.a.schema, m.b.schema, child(pa, 'schema'), child(pb, 'schema'), dirs);
      }
    }
  }

  private responses(op: Pair, dirs: ReadonlySet<Direction>): void {
    const a = isObject(op.a.responses) ? op.a.responses : {};
    const b = isObject(op.b.responses) ? op.b.responses : {};
    for (const status of new Set([...Object.keys(b), ...Object.keys(a)])) {
      const pa = child(op.pa, 'responses', status);
      const pb = child(op.pb, 'responses', status);
      if (!(status in b)) this.add('breaking', pa, `status ${status} removed`, new Set());
      else if (!(status in a)) this.add('minor', pb, `status ${status} added`, new Set());
      else {
        const pair = this.deref(a[status], b[status], pa, pb);
        if (pair && isObject(pair.a) && isObject(pair.b)) this.response(pair as Pair, dirs);
      }
    }
  }

  private response(p: Pair, dirs: ReadonlySet<Direction>): void {
    this.apply(RESPONSE_RULES, p, dirs, { skip: STRUCTURAL.response, rulesFile: OPENAPI_RULES_FILE });
    const a = isObject(p.a.headers) ? p.a.headers : {};
    const b = isObject(p.b.headers) ? p.b.headers : {};
    for (const name of new Set([...Object.keys(b), ...Object.keys(a)])) {
      const pa = child(p.pa, 'headers', name);
      const pb = child(p.pb, 'headers', name);
      if (!(name in b)) this.add('breaking', pa, `header ${name} removed`, dirs);
      else if (!(name in a)) this.add('minor', pb, `header ${name} added`, dirs);
      else this.header(a[name], b[name], pa, pb, dirs);
    }
    this.content(p, dirs);
  }

  private header(a: unknown, b: unknown, pa: string, pb: string, dirs: ReadonlySet<Direction>): void {
    const pair = this.deref(a, b, pa, pb);
    if (!pair || !isObject(pair.a) || !isObject(pair.b)) return;
    this.apply(HEADER_RULES, pair as Pair, dirs, { skip: STRUCTURAL.header, rulesFile: OPENAPI_RULES_FILE });
    this.schemaOrContent(pair as Pair, dirs);
  }

  /**
   * The security an operation needs (its own, or the document's), as alternatives: a client
   * that met one before must meet one after.
   */
  private security(op: Pair): void {
    const own = (doc: Obj, o: Obj, p: string) => (o.security !== undefined ? { list: o.security, pointer: child(p, 'security') } : { list: doc.security, pointer: '#/security' });
    const a = own(this.A, op.a, op.pa);
    const b = own(this.B, op.b, op.pb);
    const alternatives = (list: unknown): string[] => {
      const reqs = Array.isArray(list) && list.length > 0 ? list : [{}];
      return reqs.filter(isObject).map((req) => {
        const parts = Object.entries(req).map(([name, scopes]) => (Array.isArray(scopes) && scopes.length ? `${name} [${[...scopes].sort().join(', ')}]` : name));
        return parts.length ? parts.sort().join(' + ') : ANONYMOUS;
      });
    };
    const sa = alternatives(a.list);
    const sb = alternatives(b.list);
    // Once requests without credentials pass, no removed alternative can refuse one.
    const open = sb.includes(ANONYMOUS);
    for (const x of sa) if (!sb.includes(x)) this.add(open ? 'minor' : 'breaking', a.pointer, `security alternative "${x}" removed`, REQUEST);
    for (const y of sb) if (!sa.includes(y)) this.add('minor', b.pointer, `security alternative "${y}" added`, REQUEST);
  }

  /** Compares two schemas used in `dirs`. */
  private schema(a: unknown, b: unknown, pa: string, pb: string, dirs: ReadonlySet<Direction>, stack: readonly string[] = []): void {
    if (equal(a, b)) return;
    if (!isObject(a) || !isObject(b)) {
      this.booleanSchema(a, b, pb, dirs);
      return;
    }
    const ra = refOf(a);
    const rb = refOf(b);
    if (ra !== undefined && ra === rb) {
      // The component is compared where it is defined; only 3.1 siblings of $ref are compared here.
      const { $ref: _x, ...sa } = a;
      const { $ref: _y, ...sb } = b;
      this.apply(SCHEMA_RULES, { a: sa, b: sb, pa, pb }, dirs, { rulesFile: SCHEMA_RULES_FILE, stack });
      return;
    }
    if (ra !== undefined || rb !== undefined) {
      const seen = `${ra} ${rb}`;
      if (stack.includes(seen)) return;
      const x = this.merged(this.A, a, pa);
      const y = this.merged(this.B, b, pb);
      this.schema(x.value, y.value, x.pointer, y.pointer, dirs, [...stack, seen]);
      return;
    }
    this.apply(SCHEMA_RULES, { a, b, pa, pb }, dirs, { rulesFile: SCHEMA_RULES_FILE, stack });
  }

  /** A referencing schema as its target plus its own (3.1) sibling keywords. */
  private merged(doc: Obj, schema: Obj, pointer: string): { value: unknown; pointer: string } {
    const ref = refOf(schema);
    if (ref === undefined) return { value: schema, pointer };
    const { $ref: _, ...siblings } = schema;
    const target = this.resolve(doc, schema, pointer);
    return { value: isObject(target.value) ? { ...target.value, ...siblings } : target.value, pointer: target.pointer };
  }

  /** `true`, `false`, or a missing schema against another schema. */
  private booleanSchema(a: unknown, b: unknown, pb: string, dirs: ReadonlySet<Direction>): void {
    const anything = (s: unknown) => s === true || s === undefined || (isObject(s) && Object.keys(s).length === 0);
    if (b === false) this.add('tighter', pb, 'schema now refuses every value', dirs);
    else if (a === false) this.add('looser', pb, 'schema now accepts values (it refused every value)', dirs);
    else if (anything(b)) this.add('looser', pb, 'schema now accepts any value', dirs);
    else if (anything(a)) this.add('tighter', pb, 'schema now constrains a value it did not', dirs);
    else this.add('changed', pb, `schema changed from ${show(a)} to ${show(b)}`, dirs);
  }

  private components(): void {
    const a = isObject(this.A.components) ? this.A.components : {};
    const b = isObject(this.B.components) ? this.B.components : {};
    // Sections without a kind (x-* and future ones) go through the unknown-keyword rule.
    this.apply({}, { a, b, pa: '#/components', pb: '#/components' }, new Set(), { rulesFile: OPENAPI_RULES_FILE, skip: Object.keys(COMPONENT_KINDS) });
    for (const [section, kind] of Object.entries(COMPONENT_KINDS)) {
      const sa = isObject(a[section]) ? a[section] : {};
      const sb = isObject(b[section]) ? b[section] : {};
      for (const name of new Set([...Object.keys(sb), ...Object.keys(sa)])) {
        const pointer = child('#/components', section, name);
        if (!(name in sb)) this.add(kind.removed, pointer, `${kind.noun} ${name} removed`, new Set());
        else if (!(name in sa)) this.add(kind.added, pointer, `${kind.noun} ${name} added`, new Set());
        else kind.compare(this, sa[name], sb[name], pointer);
      }
    }
  }

  // Entry points for COMPONENT_KINDS.
  componentSchema(a: unknown, b: unknown, pointer: string): void {
    this.schema(a, b, pointer, pointer, directionsOf(this.usage, pointer));
  }
  componentParameter(a: unknown, b: unknown, pointer: string): void {
    this.parameter(a, b, pointer, pointer, REQUEST);
  }
  componentRequestBody(a: unknown, b: unknown, pointer: string): void {
    const pair = this.deref(a, b, pointer, pointer);
    if (pair && isObject(pair.a) && isObject(pair.b)) this.body(pair as Pair, REQUEST);
  }
  componentResponse(a: unknown, b: unknown, pointer: string): void {
    const pair = this.deref(a, b, pointer, pointer);
    if (pair && isObject(pair.a) && isObject(pair.b)) this.response(pair as Pair, RESPONSE);
  }
  componentHeader(a: unknown, b: unknown, pointer: string): void {
    this.header(a, b, pointer, pointer, RESPONSE);
  }
  componentSecurityScheme(a: unknown, b: unknown, pointer: string): void {
    if (isObject(a) && isObject(b)) this.apply(SECURITY_SCHEME_RULES, { a, b, pa: pointer, pb: pointer }, REQUEST, { rulesFile: OPENAPI_RULES_FILE });
  }
  componentExample(a: unknown, b: unknown, pointer: string): void {
    if (!equal(a, b)) this.add('patch', pointer, 'example changed', new Set());
  }
  componentOther(a: unknown, b: unknown, pointer: string): void {
    if (!equal(a, b)) this.add('changed', pointer, `changed: no rule classifies this component kind, so it counts as breaking; add one in ${OPENAPI_RULES_FILE}`, new Set());
  }
}

interface ComponentKind {
  noun: string;
  added: Effect;
  removed: Effect;
  compare(engine: Engine, a: unknown, b: unknown, pointer: string): void;
}

/** Every named component is part of the generated packages' types, so removing one is breaking. */
const COMPONENT_KINDS: Record<string, ComponentKind> = {
  schemas: { noun: 'schema', added: 'minor', removed: 'breaking', compare: (e, a, b, p) => e.componentSchema(a, b, p) },
  parameters: { noun: 'parameter', added: 'minor', removed: 'breaking', compare: (e, a, b, p) => e.componentParameter(a, b, p) },
  requestBodies: { noun: 'request body', added: 'minor', removed: 'breaking', compare: (e, a, b, p) => e.componentRequestBody(a, b, p) },
  responses: { noun: 'response', added: 'minor', removed: 'breaking', compare: (e, a, b, p) => e.componentResponse(a, b, p) },
  headers: { noun: 'header', added: 'minor', removed: 'breaking', compare: (e, a, b, p) => e.componentHeader(a, b, p) },
  securitySchemes: { noun: 'security scheme', added: 'minor', removed: 'breaking', compare: (e, a, b, p) => e.componentSecurityScheme(a, b, p) },
  examples: { noun: 'example', added: 'patch', removed: 'patch', compare: (e, a, b, p) => e.componentExample(a, b, p) },
  links: { noun: 'link', added: 'patch', removed: 'patch', compare: (e, a, b, p) => e.componentExample(a, b, p) },
  callbacks: { noun: 'callback', added: 'minor', removed: 'breaking', compare: (e, a, b, p) => e.componentOther(a, b, p) },
  pathItems: { noun: 'path item', added: 'minor', removed: 'breaking', compare: (e, a, b, p) => e.componentOther(a, b, p) },
};

/** `{name}` placeholders of a path template, in order. */
function templateParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
}
