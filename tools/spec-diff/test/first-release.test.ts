// The case, end to end from 0.0.0: the first release is cut the way CONTRIBUTING says
// (changeset version, then spec:release, committed), and from then on the gate sees a breaking
// change: `label` maxLength 32 -> 16 (a request that was valid is refused) with a patch
// changeset fails, with a minor one passes (before 1.0).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { PATHS, formatGate, runGate, writeRelease } from '../src/index.js';
import { makeRepo, removeRepos } from './repo.js';

afterAll(removeRepos);

const changesetBin = join(dirname(createRequire(import.meta.url).resolve('@changesets/cli/package.json')), 'bin.js');
const SHORTER_LABEL = ['label: { type: string, maxLength: 32,', 'label: { type: string, maxLength: 16,'] as const;

/** 0.0.0 with a pending first-release changeset, cut to 0.1.0 as the release procedure does. */
async function firstRelease() {
  const repo = makeRepo('0.0.0').changeset('first-release', 'minor').commit('first release changeset');
  // Before the cut there is nothing to compare with: the gate cannot call anything breaking.
  const before = await runGate(repo.root);
  expect(before.report.base).toBeNull();
  execFileSync(process.execPath, [changesetBin, 'version'], { cwd: repo.root, stdio: 'pipe' });
  const { version } = await writeRelease(repo.root);
  expect(version).toBe('0.1.0');
  return repo.commit('Release 0.1.0');
}

describe('after the first release, label maxLength 32 -> 16', () => {
  test('with a patch changeset the gate refuses, naming the pointer and the bump to choose', async () => {
    const repo = (await firstRelease()).edit('spec/openapi.yaml', ...SHORTER_LABEL).changeset('shorter-label', 'patch');
    expect(JSON.parse(repo.read(PATHS.releaseRecord)).version).toBe('0.1.0');
    const result = await runGate(repo.root);
    expect(result.ok).toBe(false);
    const text = formatGate(result);
    expect(text).toContain('need at least a minor release of the fixed group (@fx/types, @fx/client; before 1.0)');
    expect(text).toContain('#/components/schemas/ImportKeyRequest/properties/label/maxLength');
    expect(text).toContain('.changeset/shorter-label.md');
  });

  test('with a minor changeset the gate passes and still lists the change as breaking', async () => {
    const repo = (await firstRelease()).edit('spec/openapi.yaml', ...SHORTER_LABEL).changeset('shorter-label', 'minor');
    const result = await runGate(repo.root);
    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(true);
    expect(formatGate(result)).toMatch(/breaking\s+#\/components\/schemas\/ImportKeyRequest\/properties\/label\/maxLength/);
  });
});
