// The gate's CLI as installed (dist/cli.mjs), in child processes: exit codes and output.
// Slow tier; gate.test.ts covers the same rules in process.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { BREAKING_LINE, DROP_MLKEM, makeRepo, releasedRepo, removeRepos } from './repo.js';

afterAll(removeRepos);

describe('the command line', () => {
  const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
  const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });

  test('gate exits 1 with the failure; diff prints lines or --json data', async () => {
    expect(existsSync(cli), 'build the package first (pnpm build)').toBe(true);
    const repo = (await releasedRepo('0.1.0')).edit('spec/openapi.yaml', ...DROP_MLKEM).changeset('drop', 'patch');
    const gate = run(repo.root, 'gate');
    expect(gate.status).toBe(1);
    expect(gate.stdout).toContain(BREAKING_LINE);
    expect(gate.stdout).toContain('spec:gate: FAILED: 1 breaking change(s)');

    const human = run(repo.root, 'diff');
    expect(human.status).toBe(0);
    expect(human.stdout).toBe(
      `${BREAKING_LINE}\n1 change(s) in spec/openapi.yaml against release 0.1.0 (spec/released/openapi.json): 1 breaking, 0 minor, 0 patch; needs at least a minor release.\n`,
    );

    const json = run(repo.root, 'diff', '--json');
    expect(JSON.parse(json.stdout)).toEqual({
      base: { kind: 'released', file: 'spec/released/openapi.json', version: '0.1.0' },
      spec: 'spec/openapi.yaml',
      changes: [{ level: 'breaking', pointer: '#/components/schemas/KeyType/enum/1', message: 'enum value MLKEM512 removed: stricter request rule' }],
      summary: { breaking: 1, minor: 0, patch: 0, level: 'breaking', needs: 'minor' },
    });
  });

  test('a missing base commit is a message and exit 1, not a crash', () => {
    const result = run(makeRepo().root, 'diff', '--base', 'no-such-ref');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'hem-spec-diff: --base no-such-ref: no such commit in this clone. Fetch it first (git fetch --unshallow, or git fetch origin no-such-ref), or leave out --base to compare with spec/released/openapi.json.\n',
    );
  });

  test('usage errors exit 2', () => {
    expect(run(makeRepo().root, 'gate', '--base', 'HEAD').status).toBe(2);
    expect(run(makeRepo().root).status).toBe(2);
  });
});
