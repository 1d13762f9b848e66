// Global setup of the whole test run: nothing the tests create may stay behind. Every test
// process gets a fresh TMPDIR, which must be empty at the end; and no new ignored file or
// folder may appear in the work tree (build outputs exist before the run starts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// The run's own report is written during the run, on purpose.
const EXPECTED = new Set(['test-results/']);
const ignored = () =>
  execFileSync('git', ['status', '--porcelain', '--ignored', '--untracked-files=normal'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.startsWith('!! '))
    .map((line) => line.slice(3));

export default function setup() {
  const before = new Set(ignored());
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'hem-test-run-'));
  process.env.TMPDIR = dir;
  return () => {
    process.env.TMPDIR = previous;
    const leftTmp = readdirSync(dir);
    rmSync(dir, { recursive: true, force: true });
    const leftTree = ignored().filter((path) => !before.has(path) && !EXPECTED.has(path));
    const problems = [...leftTmp.map((name) => `left in the temporary folder: ${name}`), ...leftTree.map((path) => `left in the work tree: ${path}`)];
    // vitest reports an error thrown here but keeps its exit code: set it too.
    if (problems.length) process.exitCode = 1;
    if (problems.length) throw new Error(`Tests left files behind; remove them in afterAll or finally:\n${problems.join('\n')}`);
  };
}
