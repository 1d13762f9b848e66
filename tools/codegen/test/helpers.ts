// Shared by the codegen tests: small documents, and generated targets written where Node can
// import them (zod resolves from this package), type-checked, and removed afterwards.
import { mkdirSync, mkdtempSync, rmSync, rmdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { typeCheck, writeTargets } from '../src/check-spec.js';
import { TARGET_NAMES, renderDocument, type Target } from '../src/index.js';
import { buildIR } from '../src/model/index.js';

const SCRATCH = fileURLToPath(new URL('./.scratch/', import.meta.url));

/** A 3.1 document with these component schemas (and anything else). */
export const doc = (schemas: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {},
  components: { schemas },
  ...extra,
});

/** What the tests use of a generated zod schema (classic or mini). */
export type Schema = { safeParse(value: unknown): { success: boolean }; parse(value: unknown): unknown };
/** A generated validator module: schemas by name. */
export type SchemaModule = Record<string, Schema>;

/** The IR and the diagnostics of a document, as plain data. */
export function model(document: Record<string, unknown>) {
  const { ir, diagnostics } = buildIR(document);
  return { ir, diagnostics: diagnostics.list };
}

let dirs: string[] = [];
/** Removes the folders scratchDir made; test/setup.ts runs it after each test file. */
export function removeScratch(): void {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
  try {
    rmdirSync(SCRATCH); // only when no other test file still uses it
  } catch {
    // not empty, or gone already
  }
}

/** A new folder under the tests' scratch folder (where generated code resolves zod and openapi-fetch), removed after the file's tests. */
export function scratchDir(): string {
  mkdirSync(SCRATCH, { recursive: true });
  const dir = mkdtempSync(join(SCRATCH, 'gen-'));
  dirs.push(dir);
  return dir;
}

/**
 * Renders every target of `document` into a scratch folder and returns a loader for the
 * generated modules, without type-checking them: for tests of what the code does on documents
 * that check-spec.test.ts compiles whole (every fixture, every target).
 */
export function writeGenerated(document: Record<string, unknown>, targets: readonly Target[] = TARGET_NAMES, source = 'fixture.yaml') {
  const rendered = renderDocument(document, targets, source);
  const dir = scratchDir();
  const written = writeTargets(dir, rendered.files);
  // At run time, `@hem/<target>` imports between generated targets resolve to this folder's targets.
  mkdirSync(join(dir, 'node_modules/@hem'), { recursive: true });
  for (const target of written) {
    const exports = target === 'validator' ? { '.': './index.ts', './device': './device.ts' } : './index.ts';
    writeFileSync(join(dir, target, 'package.json'), JSON.stringify({ name: `@hem/${target}`, type: 'module', exports }));
    symlinkSync(join(dir, target), join(dir, 'node_modules/@hem', target), 'dir');
  }
  return {
    dir,
    rendered,
    written,
    text: (target: Target, file: string) => rendered.files.get(target)?.get(file) ?? '',
    load: async <T = Record<string, unknown>>(target: Target, file: string): Promise<T> => import(join(dir, target, file)) as Promise<T>,
  };
}

/** writeGenerated, and the targets type-checked together (compileErrors). */
export async function generate(document: Record<string, unknown>, targets: readonly Target[] = TARGET_NAMES, source = 'fixture.yaml') {
  const generated = writeGenerated(document, targets, source);
  const compileErrors = generated.written.length ? await typeCheck(generated.dir, generated.written) : [];
  return { ...generated, compileErrors };
}
