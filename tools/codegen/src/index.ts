// Public API of the generator: load → model → emit → print → write (or check).
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { CodegenError, Diagnostics, blocks, type Diagnostic, type TargetName } from './diagnostics.js';
import { emitClient } from './emit/client.js';
import type { EmittedFile } from './emit/file.js';
import { emitOperations } from './emit/operations.js';
import { emitTypes, openapiTypesInput } from './emit/types/index.js';
import { emitZod } from './emit/zod/index.js';
import type { IR } from './ir.js';
import { type LoadOptions, loadSpec } from './load.js';
import { buildIR } from './model/index.js';
import { openapiInWorker } from './parallel.js';
import { print as printFiles } from './write.js';

export { CodegenError, formatDiagnostic, type Diagnostic } from './diagnostics.js';
export type * from './ir.js';
export { SCHEMA_KINDS, ASSERTION_KINDS } from './ir.js';
export { buildIR } from './model/index.js';
export {
  loadSpec,
  type LoadOptions,
  type LoadedSpec,
  POLICY_DEFAULTS,
  POLICY_FLAGS,
  POLICY_USAGE,
  PolicyError,
  PolicyResolver,
  policyFromFlags,
  type ResolvePolicy,
} from './load.js';
export { escapeToken, get as atPointer } from './pointer.js';
export { emitTypes } from './emit/types/index.js';
export { emitZod } from './emit/zod/index.js';
export { emitClient } from './emit/client.js';
export { emitOperations } from './emit/operations.js';
export { drift, print, writeChanged, type EmittedFile } from './write.js';

/** Each target's emitters: IR in, files out; what a target cannot express goes to `diags`. */
/** What a run may bring made already: openapi.gen.ts's text, made in a worker (parallel.ts). */
export interface Prepared {
  openapi?: string;
}

export const TARGETS = {
  types: (ir: IR, diags: Diagnostics, prepared: Prepared = {}): EmittedFile[] => [...emitTypes(ir, diags, prepared.openapi), emitOperations(ir, diags)],
  validator: (ir: IR, diags: Diagnostics): EmittedFile[] => [emitZod(ir, diags), emitZod(ir, diags, 'mini')],
  client: (ir: IR, diags: Diagnostics): EmittedFile[] => [emitClient(ir, diags)],
} satisfies Record<TargetName, (ir: IR, diags: Diagnostics, prepared?: Prepared) => EmittedFile[]>;

export type Target = keyof typeof TARGETS;
export const TARGET_NAMES = Object.keys(TARGETS) as Target[];

/** The folder holding pnpm-workspace.yaml above `from`, if any. */
export function workspaceRoot(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

export interface Rendered {
  /** Printed files of every target that nothing blocks, path → text. */
  files: Map<Target, Map<string, string>>;
  /** Everything the run found, for every target (not only the ones printed). */
  diagnostics: Diagnostic[];
  /** Targets an error stops. */
  blocked: Target[];
  ir?: IR;
}

/**
 * Models a document once, runs every target's emitters (cheap; so one run knows every
 * problem of every target), and prints the requested targets that no error blocks.
 */
export function renderDocument(document: Record<string, unknown>, targets: readonly Target[], source: string): Rendered {
  const run = startRender(document, source);
  for (const target of TARGET_NAMES) run.emit(target);
  return run.finish(targets);
}

/**
 * renderDocument with openapi.gen.ts made by `openapi` (a worker: parallel.ts) while this
 * thread emits and prints the other targets: openapi-typescript's TypeScript and ts-morph's
 * load on both cores. Same result as renderDocument; `openapi` answering undefined means
 * "make it here".
 */
export async function renderDocumentParallel(
  document: Record<string, unknown>,
  targets: readonly Target[],
  source: string,
  openapi: (input: ReturnType<typeof openapiTypesInput>) => Promise<string | undefined>,
): Promise<Rendered> {
  const run = startRender(document, source);
  const pending = openapi(openapiTypesInput(run.ir));
  const others = TARGET_NAMES.filter((t) => t !== 'types');
  for (const target of others) run.emit(target);
  run.print(targets.filter((t) => t !== 'types'));
  run.emit('types', { openapi: await pending });
  return run.finish(targets);
}

/** One rendering: every target's emitters (so a run knows every problem), then printing what nothing blocks. */
function startRender(document: Record<string, unknown>, source: string) {
  const { ir, diagnostics } = buildIR(document);
  const emitted = new Map<Target, EmittedFile[]>();
  const files = new Map<Target, Map<string, string>>();
  const info = { source, command: 'pnpm generate' };
  const blocked = () => TARGET_NAMES.filter((t) => diagnostics.list.some((d) => blocks(d, t)));
  const print = (targets: readonly Target[]) => {
    const stopped = blocked();
    for (const target of targets) if (!stopped.includes(target) && !files.has(target)) files.set(target, printFiles(emitted.get(target)!, info));
  };
  return {
    ir,
    emit(target: Target, prepared: Prepared = {}) {
      const own = new Diagnostics();
      emitted.set(target, TARGETS[target](ir, own, prepared));
      // A target's own findings concern that target, whatever the emitter stamped.
      for (const d of own.list) diagnostics.add({ ...d, targets: d.targets ?? [target] });
    },
    print,
    finish(targets: readonly Target[]): Rendered {
      print(targets);
      const stopped = blocked();
      // A target printed early that a later finding blocks is not handed out.
      for (const target of stopped) files.delete(target);
      return { files, diagnostics: diagnostics.list, blocked: stopped, ir };
    },
  };
}

/** The spec's path as a header shows it: relative to the workspace root (or the working folder). */
export function sourceName(spec: string): string {
  const root = workspaceRoot(dirname(spec));
  return relative(root ?? process.cwd(), resolve(spec)).replaceAll('\\', '/');
}

/** Loads a spec and renders targets; a document that cannot be loaded has one error and nothing else. */
export async function renderSpec(spec: string, targets: readonly Target[] = TARGET_NAMES, options: LoadOptions = {}): Promise<Rendered> {
  let loaded;
  try {
    loaded = await loadSpec(spec, options);
  } catch (error) {
    if (error instanceof CodegenError) return { files: new Map(), diagnostics: error.diagnostics, blocked: [...TARGET_NAMES] };
    throw error;
  }
  const rendered = await renderDocumentParallel(loaded.document, targets, sourceName(spec), openapiInWorker);
  return loaded.warnings.length ? { ...rendered, diagnostics: [...loaded.warnings, ...rendered.diagnostics] } : rendered;
}

/**
 * Generates targets' files in memory from a spec on disk. Throws a CodegenError with every
 * diagnostic when anything blocks any target: a run writes all of its files or none.
 */
export async function renderTargets(targets: readonly Target[], spec: string, options: LoadOptions = {}): Promise<Map<Target, Map<string, string>>> {
  const result = await renderSpec(spec, targets, options);
  if (result.blocked.length) throw new CodegenError(result.diagnostics);
  return result.files;
}

/** Generates one target's files in memory, from a spec on disk. */
export async function render(target: Target, spec: string): Promise<Map<string, string>> {
  return (await renderTargets([target], spec)).get(target)!;
}
