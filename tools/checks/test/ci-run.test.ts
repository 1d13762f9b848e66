// .ci/run's contract: the last line is "N passed, N failed", and a failing Biome check or
// release gate fails the run. Run against stand-ins for setup and pnpm, so only the script's
// own logic is tested.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ROOT } from './workspace.js';

const temp = mkdtempSync(join(tmpdir(), 'hem-ci-run-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function ciRun(name: string, tests: { passed: number; failed: number; exit: number }, gateExit: number, biomeExit = 0) {
  const dir = join(temp, name);
  mkdirSync(join(dir, '.ci'), { recursive: true });
  mkdirSync(join(dir, 'tools/scripts'), { recursive: true });
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(ROOT, '.ci/run'), join(dir, '.ci/run'));
  writeFileSync(join(dir, 'tools/scripts/setup.sh'), 'exit 0\n');
  const report = JSON.stringify({ numPassedTests: tests.passed, numFailedTests: tests.failed, numRuntimeErrorTestSuites: 0 });
  writeFileSync(
    join(dir, 'bin/pnpm'),
    `#!/usr/bin/env bash\ncase "$1" in\n  test) mkdir -p test-results; echo '${report}' > test-results/vitest.json; exit ${tests.exit} ;;\n  lint:code) echo "biome says ${biomeExit}"; exit ${biomeExit} ;;\n  spec:gate) echo "gate says ${gateExit}"; exit ${gateExit} ;;\n  *) echo "unexpected pnpm $*"; exit 99 ;;\nesac\n`,
  );
  chmodSync(join(dir, 'bin/pnpm'), 0o755);
  const result = spawnSync('bash', [join(dir, '.ci/run')], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` } });
  return { status: result.status, lines: result.stdout.trimEnd().split('\n') };
}

describe('.ci/run', () => {
  test('passes when the tests and the gate pass', () => {
    const { status, lines } = ciRun('green', { passed: 3, failed: 0, exit: 0 }, 0);
    expect(lines).toContain('biome says 0');
    expect(lines).toContain('gate says 0');
    expect(lines.at(-1)).toBe('3 passed, 0 failed');
    expect(status).toBe(0);
  });

  test('a failing release gate fails the run and counts as a failure', () => {
    const { status, lines } = ciRun('gate', { passed: 3, failed: 0, exit: 0 }, 1);
    expect(lines.at(-1)).toBe('3 passed, 1 failed');
    expect(status).not.toBe(0);
  });

  test('a Biome finding fails the run and counts as a failure', () => {
    const { status, lines } = ciRun('biome', { passed: 3, failed: 0, exit: 0 }, 0, 1);
    expect(lines).toContain('gate says 0');
    expect(lines.at(-1)).toBe('3 passed, 1 failed');
    expect(status).not.toBe(0);
  });

  test('a Biome finding and a failing gate count as two failures', () => {
    const { status, lines } = ciRun('both', { passed: 3, failed: 0, exit: 0 }, 1, 1);
    expect(lines.at(-1)).toBe('3 passed, 2 failed');
    expect(status).not.toBe(0);
  });

  test('failing tests fail the run even when the gate passes', () => {
    const { status, lines } = ciRun('tests', { passed: 2, failed: 1, exit: 1 }, 0);
    expect(lines.at(-1)).toBe('2 passed, 1 failed');
    expect(status).not.toBe(0);
  });
});
