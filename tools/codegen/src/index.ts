// Public API of the generator: load → model → emit → print → write (or check).
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { emitModels, emitOpenApiTypes } from './emit/types.js';
import { emitZod } from './emit/zod/index.js';
import { emitClient } from './emit/client.js';
import type { IR } from './ir.js';
import { loadSpec } from './load.js';
import { buildIR } from './model.js';
import { print, type EmittedFile } from './write.js';

export { CodegenError } from './errors.js';
export type * from './ir.js';
export { SCHEMA_KINDS } from './ir.js';
export { buildIR } from './model.js';
export { loadSpec } from './load.js';
export { emitModels } from './emit/types.js';
export { emitZod } from './emit/zod/index.js';
export { emitClient } from './emit/client.js';
export { drift, print, writeChanged, type EmittedFile } from './write.js';

export interface TargetInput {
  ir: IR;
  document: Record<string, unknown>;
}

/** Each target's emitters. */
export const TARGETS = {
  types: async ({ ir, document }: TargetInput): Promise<EmittedFile[]> => [await emitOpenApiTypes(document), emitModels(ir)],
  validator: async ({ ir }: TargetInput): Promise<EmittedFile[]> => [emitZod(ir), emitZod(ir, 'mini')],
  client: async ({ ir }: TargetInput): Promise<EmittedFile[]> => [emitClient(ir)],
} satisfies Record<string, (input: TargetInput) => Promise<EmittedFile[]>>;

export type Target = keyof typeof TARGETS;

/** The folder holding pnpm-workspace.yaml above `from`, if any. */
export function workspaceRoot(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Generates targets' files in memory from a spec on disk, loading and modelling it once. */
export async function renderTargets(targets: readonly Target[], spec: string): Promise<Map<Target, Map<string, string>>> {
  const { document } = await loadSpec(spec);
  const ir = buildIR(document);
  const root = workspaceRoot(dirname(spec));
  const info = { source: relative(root ?? process.cwd(), resolve(spec)).replaceAll('\\', '/'), command: 'pnpm generate' };
  const out = new Map<Target, Map<string, string>>();
  for (const target of targets) out.set(target, print(await TARGETS[target]({ ir, document }), info));
  return out;
}

/** Generates one target's files in memory, from a spec on disk. */
export async function render(target: Target, spec: string): Promise<Map<string, string>> {
  return (await renderTargets([target], spec)).get(target)!;
}

