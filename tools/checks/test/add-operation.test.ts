// Adding an operation is the spec change CONTRIBUTING.md's "Add an operation" recipe
// describes, and nothing else. In a copy of the work tree, `deleteKey` (x-hem-effect
// remove-key) and `listKeys` (list-keys) go into spec/openapi.yaml (new-operations.yaml beside
// this file), and one changeset is added; then lint, generate, spec:gate, build, type-check
// and the packages' tests pass, and the mock answers every status the spec lists for the new
// operations (the client's contract suites reach each one through every door).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from '../../../spec/node_modules/yaml/dist/index.js';
import { copyWorkTree } from '../../release/workspace.mjs';

const run = promisify(execFile);
const repo = mkdtempSync(join(tmpdir(), 'hem-add-operation-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

const NEW_TEXT = readFileSync(new URL('./new-operations.yaml', import.meta.url), 'utf8');
const NEW = parse(NEW_TEXT) as Record<string, Record<string, { operationId: string }>>;
const IDS = Object.values(NEW).flatMap((item) => Object.values(item).map((op) => op.operationId));

const sh = (cmd: string, args: string[], cwd = repo) => run(cmd, args, { cwd, maxBuffer: 64 << 20, env: { ...process.env, CI: 'true', TURBO_TELEMETRY_DISABLED: '1' } });
const outcome = (p: Promise<{ stdout: string; stderr: string }>) =>
  p.then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: `${e.stdout}${e.stderr}` }),
  );

interface JsonReport {
  testResults: { name: string; assertionResults: { ancestorTitles: string[]; title: string; status: string }[] }[];
}

describe('adding an operation is a spec change and a changeset', () => {
  test('lint, generate, spec:gate, build, type-check and the tests pass; the mock answers every status of the new operations', { timeout: 900_000 }, async () => {
    copyWorkTree(repo);
    await sh('pnpm', ['install', '--frozen-lockfile', '--prefer-offline']);

    // The spec change: the two operations pasted at the end of paths, nothing else touched.
    const specFile = join(repo, 'spec/openapi.yaml');
    const text = readFileSync(specFile, 'utf8');
    const at = text.indexOf('\ncomponents:\n');
    expect(at).toBeGreaterThan(0);
    const block = NEW_TEXT.split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .map((line) => `  ${line}`)
      .join('\n');
    writeFileSync(specFile, `${text.slice(0, at)}\n${block}${text.slice(at)}`);
    expect(Object.keys(parse(readFileSync(specFile, 'utf8')).paths)).toEqual(expect.arrayContaining(Object.keys(NEW)));

    const lint = await outcome(sh(process.execPath, ['node_modules/@redocly/cli/bin/cli.js', 'lint', 'openapi.yaml', '--config', 'redocly.yaml'], join(repo, 'spec')));
    expect(lint.out).not.toMatch(/error/i);
    expect(lint.code).toBe(0);

    expect((await outcome(sh('pnpm', ['generate']))).code).toBe(0);
    const tables = readFileSync(join(repo, 'packages/types/src/operations.gen.ts'), 'utf8');
    for (const id of IDS) expect(tables).toContain(`${id}: ${id}Operation`);

    // Without a changeset the gate fails, naming the generated files; with one it passes.
    const ungated = await outcome(sh('pnpm', ['spec:gate']));
    expect(ungated.code).toBe(1);
    expect(ungated.out).toMatch(/Generated files changed since [0-9a-f]{12} \(.*packages\/types\/src\/operations\.gen\.ts/);
    writeFileSync(
      join(repo, '.changeset/delete-and-list-keys.md'),
      "---\n'@hem/types': minor\n'@hem/validator': minor\n'@hem/client': minor\n'@hem/mock-server': minor\n---\n\nNew operations: `deleteKey` and `listKeys`.\n",
    );
    const gate = await outcome(sh('pnpm', ['spec:gate']));
    expect(gate.out).toContain('spec:gate: passed.');
    expect(gate.code).toBe(0);

    const built = await outcome(sh('pnpm', ['turbo', 'run', 'build', 'typecheck', '--filter=./packages/*']));
    expect(built.out).not.toMatch(/error TS/);
    expect(built.code).toBe(0);

    // The packages' tests, in one vitest run; its JSON report (the root config's) says which scenarios ran.
    const report = join(repo, 'test-results/vitest.json');
    const tests = await outcome(
      sh(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...['types', 'validator', 'client', 'mock-server'].flatMap((p) => ['--project', p])]),
    );
    // The failing tests' own lines, so a failure here names them.
    expect(tests.out.match(/^.*FAIL.*$/gm) ?? []).toEqual([]);
    expect(tests.code).toBe(0);

    // Every status the spec lists for the new operations was answered as it says, through each door.
    const results = (JSON.parse(readFileSync(report, 'utf8')) as JsonReport).testResults.filter((f) => /contract\.(https|msw)\.test\.ts$/.test(f.name));
    expect(results).toHaveLength(2);
    const statuses = (id: string) => {
      const op = Object.values(NEW)
        .flatMap((item) => Object.values(item))
        .find((o) => o.operationId === id) as unknown as { responses: Record<string, unknown> };
      return Object.keys(op.responses).map(Number);
    };
    for (const file of results) {
      for (const id of IDS) {
        const ran = file.assertionResults.filter((a) => a.ancestorTitles.includes(id));
        for (const status of statuses(id)) expect(ran.filter((a) => a.title.startsWith(`${status} `)).map((a) => a.status)).toEqual(['passed']);
      }
      expect(file.assertionResults.every((a) => a.status === 'passed')).toBe(true);
    }
  });
});
