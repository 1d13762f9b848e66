// The only stage that reads files, for every tool (generator, check-spec, spec-diff, docs):
// Redocly's bundler and resolver under our resolve policy (policy.ts). External $refs are
// inlined where they are used; internal ones (`#/...`) are kept for the model. What Redocly
// reports becomes our diagnostics, each with the pointer of the $ref. Written here, because
// Redocly has no option for it: inlining external files without new components, warnings for
// extension $refs it leaves unresolved in silence, the pointer of a $ref cycle it throws on
// without one, and a bound on what the model's copying of internal $refs can grow to.
import { resolve } from 'node:path';
import { type BaseResolver, type Document, bundle, createConfig, isRef } from '@redocly/openapi-core';
import { CodegenError, type Diagnostic } from './diagnostics.js';
import { PolicyError, PolicyResolver, type ResolvePolicy, measure } from './policy.js';
import { get, tokens } from './pointer.js';

export { CodegenError, formatDiagnostic } from './diagnostics.js';
export { POLICY_DEFAULTS, POLICY_FLAGS, POLICY_USAGE, PolicyError, PolicyResolver, policyFromFlags, type ResolvePolicy } from './policy.js';

export interface LoadedSpec {
  /** The document, external $refs inlined; internal ($ref: '#/...') ones kept. */
  document: Record<string, unknown>;
  /** Every file the spec was read from, for watch and cache inputs. */
  files: string[];
  /** What loading found that does not stop it (an unresolvable $ref inside an `x-*` extension). */
  warnings: Diagnostic[];
}

export type LoadOptions = ResolvePolicy;

type Json = Record<string, unknown>;
let config: ReturnType<typeof createConfig> | undefined;

/** $refs to these are named types in the model; any other internal $ref is copied where it is used. */
const COMPONENT_SCHEMA = /^#\/components\/schemas\/[^/]+$/;
const REDOCLY_UNRESOLVED = /^Can't resolve \$ref(?:: )?/;

/** Reads a spec and the files it refers to; any refusal is a CodegenError naming the place. */
export async function loadSpec(path: string, options: LoadOptions = {}): Promise<LoadedSpec> {
  const root = resolve(path);
  const resolver = new PolicyResolver(root, options);
  const fail = (message: string, pointer = '#'): never => {
    throw new CodegenError([{ severity: 'error', pointer, message }]);
  };
  let result: Awaited<ReturnType<typeof bundle>>;
  let authored: Set<string>;
  try {
    config ??= createConfig({});
    const rootDocument = (await resolver.resolveDocument(null, root, true)) as Document;
    authored = componentKeys(rootDocument.parsed);
    result = await bundle({ doc: rootDocument, config: await config, externalRefResolver: resolver, dereference: false });
  } catch (error) {
    if (error instanceof PolicyError)
      return error.pointer && error.file === resolver.show(root) ? fail(error.message.slice(error.file.length + error.pointer.length + 2), error.pointer) : fail(error.message);
    const message = (error as Error)?.message ?? String(error);
    if (/circular pointer/i.test(message)) return fail(...(await refCycle(resolver, root)));
    // A RangeError here would be a stack overflow inside Redocly: name it without its trace.
    return fail(`${resolver.show(root)} cannot be bundled: ${message.split('\n')[0]!.slice(0, 200)}`);
  }

  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  for (const problem of result.problems) {
    const location = problem.location[0];
    const file = location?.source.absoluteRef ?? root;
    const at = location?.pointer ?? '#';
    const pointer = file === root ? at : `${resolver.show(file)}${at}`;
    const unresolved = REDOCLY_UNRESOLVED.test(problem.message);
    const reason = problem.message.replace(REDOCLY_UNRESOLVED, '').replace(/\.$/, '') || 'it points at nothing';
    const inExtension = (tokens(at) ?? []).some((t) => t.startsWith('x-'));
    if (unresolved && inExtension) {
      warnings.push({ severity: 'warning', pointer, message: `$ref in an extension cannot be resolved (${reason}); left as written: extensions are not part of the API.` });
    } else if (unresolved) {
      errors.push({ severity: 'error', pointer, message: `$ref cannot be resolved: ${reason}` });
    } else {
      (problem.severity === 'error' ? errors : warnings).push({ severity: problem.severity === 'error' ? 'error' : 'warning', pointer, message: problem.message });
    }
  }
  const document = result.bundle.parsed as Json;
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    return fail(`${resolver.show(root)} is not an OpenAPI document (no object at its root).`);
  }
  inlineBundled(document, authored);
  await leftovers(document, resolver, root, errors, warnings);
  if (errors.length) throw new CodegenError(unique([...errors, ...warnings]));
  // The model copies every internal $ref that is not a component schema where it is used
  // (responses, parameters, nested pointers): bound what that copying can grow to.
  try {
    measure(document, resolver.limits, resolver.show(root), (node) => {
      const ref = (node as Json).$ref;
      return typeof ref === 'string' && ref.startsWith('#') && !COMPONENT_SCHEMA.test(ref) ? { node: get(document, ref), pointer: ref } : undefined;
    });
  } catch (error) {
    if (error instanceof PolicyError) return fail(error.message.slice((error.file?.length ?? 0) + (error.pointer?.length ?? 0) + 2), error.pointer);
    throw error;
  }
  const files: string[] = [];
  for (const [file, doc] of resolver.cache) if (!file.startsWith('\0') && !((await doc.catch((e: Error) => e)) instanceof Error)) files.push(file);
  return { document, files, warnings: unique(warnings) };
}

/** Redocly reports a $ref once per way it reached it: keep each place and message once. */
const unique = (list: Diagnostic[]) => [...new Map(list.map((d) => [`${d.severity}${d.pointer}\0${d.message}`, d])).values()];

/** `#/components/<section>/<name>` of every component the document's authors wrote. */
function componentKeys(document: unknown): Set<string> {
  const keys = new Set<string>();
  const components = (document as Json | null)?.components;
  if (components && typeof components === 'object') {
    for (const [section, entries] of Object.entries(components)) {
      if (entries && typeof entries === 'object') for (const name of Object.keys(entries)) keys.add(`#/components/${section}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`);
    }
  }
  return keys;
}

/**
 * Redocly's bundler turns each external file a $ref names into a new component (named after
 * the file) and refers to it; it has no option to inline external $refs only (`dereference`
 * inlines the internal ones too). The generator names a type after every component schema, so
 * a new component would be a new public type the spec's authors never wrote: put each one
 * back where it is used, as the file's contents. One that refers to itself stays a component.
 */
function inlineBundled(document: Json, authored: Set<string>): void {
  const components = document.components as Record<string, Json> | undefined;
  if (!components) return;
  const added = new Map<string, { section: string; name: string }>();
  for (const [section, entries] of Object.entries(components)) {
    if (!entries || typeof entries !== 'object') continue;
    for (const name of Object.keys(entries)) {
      const ref = `#/components/${section}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (!authored.has(ref)) added.set(ref, { section, name });
    }
  }
  if (added.size === 0) return;
  const kept = new Set<string>();
  const done = new Map<string, unknown>();
  const open = new Set<string>();
  const seen = new Set<object>();
  // Replaces, in place, every $ref to an added component by that component's (processed) value.
  const visit = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (isRef(node) && added.has(node.$ref)) {
      const ref = node.$ref;
      const { $ref, ...siblings } = node as unknown as Json;
      const value = resolveAdded(ref);
      if (value === undefined) return node;
      return Object.keys(siblings).length && value && typeof value === 'object' && !Array.isArray(value) ? { ...value, ...siblings } : value;
    }
    if (seen.has(node)) return node;
    seen.add(node);
    const entries = node as Record<string, unknown>;
    for (const key of Object.keys(entries)) entries[key] = visit(entries[key]);
    return node;
  };
  const resolveAdded = (ref: string): unknown => {
    if (done.has(ref)) return done.get(ref);
    if (open.has(ref)) {
      kept.add(ref);
      return undefined;
    }
    open.add(ref);
    const { section, name } = added.get(ref)!;
    const value = visit(components[section]![name]);
    open.delete(ref);
    components[section]![name] = value;
    if (!kept.has(ref)) done.set(ref, value);
    return kept.has(ref) ? undefined : value;
  };
  for (const [section, entries] of Object.entries(components)) {
    if (!entries || typeof entries !== 'object') continue;
    for (const name of Object.keys(entries)) {
      const ref = `#/components/${section}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (!added.has(ref)) entries[name] = visit(entries[name]);
    }
  }
  for (const key of Object.keys(document)) if (key !== 'components') document[key] = visit(document[key]);
  for (const [ref, { section, name }] of added) {
    if (kept.has(ref)) continue;
    delete components[section]![name];
    if (Object.keys(components[section]!).length === 0) delete components[section];
  }
}

/**
 * Redocly resolves $refs under the root's `x-*` keys but its bundler does not visit them, and
 * reports nothing when they fail: they stay as written. Inline the ones that loaded; warn, with
 * the pointer and the reason, about the others (extensions are not the API). An external $ref
 * left anywhere else is an error.
 */
async function leftovers(document: Json, resolver: PolicyResolver, root: string, errors: Diagnostic[], warnings: Diagnostic[]): Promise<void> {
  // First the cheap question (any external $ref left?), then pointers only for those.
  const found: { parent: Record<string, unknown>; key: string; at: string }[] = [];
  const seen = new Set<object>();
  const walk = (node: unknown, at: () => string): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const record = node as Record<string, unknown>;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const value = record[key];
      if (value === null || typeof value !== 'object') continue;
      const here = () => `${at()}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (isRef(value) && !value.$ref.startsWith('#')) found.push({ parent: record, key, at: here() });
      else walk(value, here);
    }
  };
  walk(document, () => '#');
  for (const { parent, key, at } of found) {
    const node = parent[key] as { $ref: string };
    const hash = node.$ref.indexOf('#');
    const uri = hash === -1 ? node.$ref : node.$ref.slice(0, hash);
    const abs = resolver.resolveExternalRef(root, uri);
    const loaded = await (resolver.cache.get(abs) ?? resolver.resolveDocument(root, uri)).catch((e: Error) => e);
    const target = loaded instanceof Error ? undefined : get(loaded.parsed, hash === -1 ? '#' : node.$ref.slice(hash));
    const inExtension = (tokens(at) ?? []).some((t) => t.startsWith('x-'));
    if (target !== undefined && inExtension) {
      parent[key] = target;
      continue;
    }
    const reason = loaded instanceof Error ? loaded.message.replace(/\.$/, '') : `${resolver.show(abs)} has nothing at ${node.$ref.slice(hash) || '#'}`;
    if (inExtension)
      warnings.push({ severity: 'warning', pointer: at, message: `$ref in an extension cannot be resolved (${reason}); left as written: extensions are not part of the API.` });
    else errors.push({ severity: 'error', pointer: at, message: `$ref cannot be resolved: ${reason}` });
  }
}

/**
 * Redocly throws "Self-referencing circular pointer" with no place when a $ref chain loops
 * (`A: {$ref: '#/A'}`); find the first such chain in the files read, for its pointer.
 */
async function refCycle(resolver: BaseResolver & { show(f: string): string }, root: string): Promise<[string, string]> {
  const docs = new Map<string, unknown>();
  for (const [file, doc] of resolver.cache) {
    const loaded = await doc.catch(() => undefined);
    if (loaded && !(loaded instanceof Error)) docs.set(file, loaded.parsed);
  }
  const target = (file: string, ref: string): [string, string, unknown] => {
    const hash = ref.indexOf('#');
    const uri = hash === -1 ? ref : ref.slice(0, hash);
    const pointer = hash === -1 ? '#' : ref.slice(hash);
    const abs = uri ? resolver.resolveExternalRef(file, uri) : file;
    return [abs, pointer, get(docs.get(abs), pointer)];
  };
  for (const [file, parsed] of docs) {
    const stack: [unknown, string][] = [[parsed, '#']];
    while (stack.length) {
      const [node, at] = stack.pop()!;
      if (node === null || typeof node !== 'object') continue;
      if (isRef(node)) {
        // On the loop only when following it comes back to this very node.
        const self = `${file}${at}`;
        const seen = new Set<string>();
        let [f, p, n] = target(file, node.$ref);
        while (`${f}${p}` !== self && isRef(n) && !seen.has(`${f}${p}`)) {
          seen.add(`${f}${p}`);
          [f, p, n] = target(f, n.$ref);
        }
        if (`${f}${p}` === self) {
          const where = file === root ? at : `${resolver.show(file)}${at}`;
          return [`$ref ${JSON.stringify(String(node.$ref).slice(0, 200))} leads back to itself through $refs only, so it names no schema: point it at a real definition.`, where];
        }
      }
      for (const [k, v] of Object.entries(node)) stack.push([v, `${at}/${String(k).replaceAll('~', '~0').replaceAll('/', '~1')}`]);
    }
  }
  return [`${resolver.show(root)}: a $ref chain leads back to itself: point each $ref at a real definition.`, '#'];
}
