// Global setup of a project whose tests read built artefacts (a CLI's dist/cli.mjs, the
// package shape, bundle sizes, the docs page): builds them through turbo first, so they are
// never stale. A cached run takes about a second. Each project says what in `build`
// (vitest.shared.ts); the first project's setup builds what every project of the run asked
// for, in one turbo run. The other tests read src/ and need no build.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TURBO = join(ROOT, 'node_modules/.bin/turbo');

/**
 * The turbo arguments of every project of this run in one: each task once, each filter once.
 * One turbo run for all of them starts turbo once and builds on both cores, where one run per
 * project (global setups run one after another) paid the start-up each time.
 */
export function mergedBuild(builds: string[][]): string[] {
  const tasks = new Set<string>();
  const filters = new Set<string>();
  for (const args of builds) for (const arg of args) (arg.startsWith('--filter=') ? filters : tasks).add(arg);
  return [...tasks, ...filters];
}

const BUILT = Symbol.for('hem.test.built');

export default function setup(project: TestProject) {
  if (!project.getProvidedContext().hemBuild?.length) return;
  // The first project to set up builds for all; the others find it done. Every global setup runs
  // in vitest's own process (not in the environment children inherit, such as a copy's vitest).
  const done = globalThis as { [BUILT]?: true };
  if (done[BUILT]) return;
  const args = mergedBuild(project.vitest.projects.map((p) => p.getProvidedContext().hemBuild ?? []));
  try {
    execFileSync(TURBO, ['run', ...args, '--output-logs=errors-only'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 << 20,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`${project.name}: turbo run ${args.join(' ')} failed; the tests of built artefacts cannot run.\n${stdout}\n${stderr}`);
  }
  done[BUILT] = true;
}
