// The release dry run (pnpm release:dry) as part of the suite: every release step, the publish
// through a local registry and every consumer check (npm and pnpm) on every Node passes, and
// the repository is exactly as it was.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { NODE_VERSIONS } from '../consumers.mjs';
import { ROOT } from '../workspace.mjs';

const DRY_RUN = fileURLToPath(new URL('../dry-run.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'hem-dry-run-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const gitStatus = () => execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: ROOT, encoding: 'utf8' });

interface Result {
  stage: string;
  node?: string;
  check: string;
  ok: boolean;
  detail?: string;
}

describe('release dry run', () => {
  // Minutes of work (install, build, pack, npm installs, three Nodes): a loaded 2-core CI machine gets room.
  test('the tarballs pass every check on every Node, and the repository is untouched', { timeout: 15 * 60_000 }, async () => {
    const before = gitStatus();
    const report = join(scratch, 'report.json');
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [DRY_RUN, '--json', report], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('close', (c) => resolve({ code: c, output }));
    });
    console.log(output);

    const { results } = JSON.parse(readFileSync(report, 'utf8')) as { results: Result[] };
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(code).toBe(0);

    // The full matrix ran: each Node major of consumers.mjs, each with the same checks.
    const consumer = results.filter((r) => r.node);
    const nodes = [...new Set(consumer.map((r) => r.node!))];
    expect(nodes.map((v) => v.split('.')[0]).sort()).toEqual(NODE_VERSIONS.map((v) => v.split('.')[0]).sort());
    const checksOf = (node: string) => consumer.filter((r) => r.node === node).map((r) => r.check);
    for (const node of nodes) expect(checksOf(node)).toEqual(checksOf(nodes[0]!));
    expect(checksOf(nodes[0]!)).toEqual(
      expect.arrayContaining([
        'import every entry (ESM)',
        'require every entry (CJS), same exports as ESM',
        'browser: esbuild bundle of the usage code, run in Chromium',
        'hem-import --help',
        'README "Using the client" (repository root)',
        // The pnpm consumer: the same packages through pnpm's strict layout.
        'pnpm: import every entry (ESM)',
        'pnpm: require every entry (CJS), same exports as ESM',
        'pnpm: usage code of every package as CJS',
      ]),
    );
    // Type checks once per consumer (tsc's verdict does not depend on the Node running it).
    expect(results.filter((r) => r.stage === 'types').map((r) => r.check)).toEqual([
      'tsc --strict, module node16 (.mts, .cts, README examples)',
      'tsc --strict, moduleResolution bundler',
      'pnpm: tsc --strict, module node16 (.mts, .cts, README examples)',
      'pnpm: tsc --strict, moduleResolution bundler',
    ]);
    for (const stage of ['setup', 'release', 'build', 'pack', 'tarball', 'publish', 'install', 'types'])
      expect(
        results.some((r) => r.stage === stage),
        stage,
      ).toBe(true);

    // Published with changeset publish, refused the second time, installed from the registry by both tools.
    const checks = results.map((r) => r.check);
    expect(checks).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^changeset publish to a local registry \(Verdaccio, http:\/\/127\.0\.0\.1:\d+\/\)$/),
        'the registry serves each package: latest, access restricted, no anonymous read',
        'changeset publish tagged each package in git (name@version)',
        expect.stringMatching(/^the registry refuses a second publish of @hem\/types@\d+\.\d+\.\d+$/),
        expect.stringMatching(/^consumer: npm install 4 packages from the registry/),
        expect.stringMatching(/^consumer: pnpm add 4 packages from the registry/),
      ]),
    );
    expect(output).toMatch(/refused as expected: .*(409|previously published)/);

    // Nothing changed in the repository, and the temporary folder is gone.
    expect(gitStatus()).toBe(before);
    const tmp = /^release dry run in (\S+)$/m.exec(output)?.[1];
    expect(tmp).toBeDefined();
    expect(existsSync(tmp!)).toBe(false);
  });
});
