// Reading specs: the working copy, the released bundle, or the spec at a git commit. The only
// module that touches the file system or git; documents are read by the one loader every tool
// shares (@hem/codegen/load: Redocly's bundler under our resolve policy, never the network).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { CodegenError, type ResolvePolicy, formatDiagnostic, loadSpec } from '@hem/codegen/load';
import type { Obj } from './json.js';

/** Where things live, relative to the workspace root. */
export const PATHS = {
  spec: 'spec/openapi.yaml',
  released: 'spec/released',
  releasedSpec: 'spec/released/openapi.json',
  releaseRecord: 'spec/released/release.json',
  changesets: '.changeset',
} as const;

/** A failure the user can act on; the CLI prints the message alone. */
export class SpecDiffError extends Error {
  override name = 'SpecDiffError';
}

/** The resolve policy of this run (the CLI's --allow-dir and caps); the defaults otherwise. */
let policy: ResolvePolicy = {};
export function setPolicy(next: ResolvePolicy): void {
  policy = next;
}

/** The spec loaded the way the generator reads it: one document, external files bundled in, $refs kept. */
export async function bundleSpec(path: string): Promise<Obj> {
  if (!existsSync(path)) throw new SpecDiffError(`${path} does not exist.`);
  try {
    const { document, warnings } = await loadSpec(path, policy);
    for (const w of warnings) console.error(`hem-spec-diff: ${path}: ${formatDiagnostic(w)}`);
    return document as Obj;
  } catch (error) {
    if (!(error instanceof CodegenError)) throw error;
    const errors = error.diagnostics.filter((d) => d.severity === 'error');
    throw new SpecDiffError(`${path} cannot be read (${errors.length} problem(s)):\n${errors.map(formatDiagnostic).join('\n')}`);
  }
}

/** The last release, as `pnpm spec:release` wrote it; undefined before the first release. */
export interface Released {
  document: Obj;
  record: ReleaseRecord;
}

export interface ReleaseRecord {
  /** The fixed group's version when the bundle was written. */
  version: string;
  /** Per published package: a hash of its src/ folder at that release. */
  sources: Record<string, string>;
}

export function readReleased(root: string): Released | undefined {
  const spec = join(root, PATHS.releasedSpec);
  const record = join(root, PATHS.releaseRecord);
  if (!existsSync(spec) && !existsSync(record)) return undefined;
  if (!existsSync(spec) || !existsSync(record)) {
    throw new SpecDiffError(`${PATHS.released} holds only one of openapi.json and release.json: run pnpm spec:release to write both.`);
  }
  return { document: JSON.parse(readFileSync(spec, 'utf8')) as Obj, record: JSON.parse(readFileSync(record, 'utf8')) as ReleaseRecord };
}

export function git(root: string, args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

/** The commit `ref` names, or an error saying how to get it (a shallow CI clone often lacks it). */
export function resolveCommit(root: string, ref: string): string {
  try {
    git(root, ['rev-parse', '--git-dir']);
  } catch {
    throw new SpecDiffError(`--base ${ref}: ${root} is not a git repository; leave out --base to compare with ${PATHS.releasedSpec}.`);
  }
  try {
    return git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).trim();
  } catch {
    let shallow = false;
    try {
      shallow = git(root, ['rev-parse', '--is-shallow-repository']).trim() === 'true';
    } catch {
      // An old git without the flag: say nothing about shallowness.
    }
    throw new SpecDiffError(
      `--base ${ref}: no such commit in this clone${shallow ? ' (a shallow clone: its history stops before it)' : ''}. ` +
        `Fetch it first (git fetch --unshallow, or git fetch origin ${ref}), or leave out --base to compare with ${PATHS.releasedSpec}.`,
    );
  }
}

/** The spec as it was at `ref`, bundled from its files written to a temporary folder. */
export async function bundleAtRef(root: string, ref: string): Promise<{ document: Obj; commit: string }> {
  const commit = resolveCommit(root, ref);
  const specDir = dirname(PATHS.spec);
  const files = git(root, ['ls-tree', '-r', '-z', '--name-only', commit, '--', `${specDir}/`])
    .split('\0')
    .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.startsWith(`${PATHS.released}/`));
  if (!files.includes(PATHS.spec)) throw new SpecDiffError(`--base ${ref}: commit ${commit.slice(0, 12)} has no ${PATHS.spec}.`);
  const temp = mkdtempSync(join(tmpdir(), 'hem-spec-diff-'));
  try {
    for (const file of files) {
      const bytes = execFileSync('git', ['show', `${commit}:${file}`], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
      mkdirSync(join(temp, dirname(file)), { recursive: true });
      writeFileSync(join(temp, file), bytes);
    }
    return { document: await bundleSpec(join(temp, PATHS.spec)), commit };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** The folder holding pnpm-workspace.yaml above `from`, if any. */
export function workspaceRoot(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
