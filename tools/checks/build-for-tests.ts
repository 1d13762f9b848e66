// Global setup of a project whose tests read built artefacts (a CLI's dist/cli.mjs, the
// package shape, bundle sizes, the docs page): builds them through turbo first, so they are
// never stale. A cached run takes about a second. The project says what in `build`
// (vitest.shared.ts); the other tests read src/ and need no build.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TURBO = join(ROOT, 'node_modules/.bin/turbo');

export default function setup(project: TestProject) {
  const args = project.getProvidedContext().hemBuild;
  if (!args?.length) return;
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
}
