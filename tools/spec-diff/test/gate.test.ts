// spec:gate, spec:release and spec:diff --base in throwaway git repositories with changesets.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { PATHS, formatGate, runGate, specDiff, writeRelease } from '../src/index.js';
import { BREAKING_LINE, DROP_MLKEM, makeRepo, releasedRepo, removeRepos } from './repo.js';

afterAll(removeRepos);

describe('a breaking spec change needs a large enough bump of the fixed group', () => {
  test('before 1.0: a patch changeset fails, naming the change, the changeset and what to run', async () => {
    const repo = (await releasedRepo('0.1.0')).edit('spec/openapi.yaml', ...DROP_MLKEM).changeset('drop-mlkem512', 'patch');
    const result = await runGate(repo.root);
    expect(result.ok).toBe(false);
    expect(result.bump).toBe('patch');
    expect(result.failures).toHaveLength(1);
    const text = formatGate(result);
    expect(text).toContain(
      `spec:gate: FAILED: 1 breaking change(s) to the spec since 0.1.0 need at least a minor release of the fixed group (@fx/types, @fx/client; before 1.0), but the pending changesets (.changeset/drop-mlkem512.md) give only patch:\n  ${BREAKING_LINE}`,
    );
    expect(text).toContain('Run `pnpm changeset` and choose minor for @fx/types, @fx/client, or raise the bump in .changeset/drop-mlkem512.md to minor.');
  });

  test('before 1.0: a minor changeset passes', async () => {
    const repo = (await releasedRepo('0.1.0')).edit('spec/openapi.yaml', ...DROP_MLKEM).changeset('drop-mlkem512', 'minor');
    const result = await runGate(repo.root);
    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(true);
    expect(formatGate(result)).toContain(BREAKING_LINE);
  });

  test('from 1.0: a minor changeset fails, a major one passes', async () => {
    const repo = (await releasedRepo('1.2.0')).edit('spec/openapi.yaml', ...DROP_MLKEM).changeset('drop-mlkem512', 'minor');
    const minor = await runGate(repo.root);
    expect(minor.ok).toBe(false);
    expect(minor.failures[0]).toContain('need at least a major release of the fixed group (@fx/types, @fx/client; from 1.0)');
    repo.changeset('drop-mlkem512', 'major');
    expect((await runGate(repo.root)).ok).toBe(true);
  });

  test('a changeset for one member bumps the whole fixed group', async () => {
    const repo = (await releasedRepo('0.1.0')).edit('spec/openapi.yaml', ...DROP_MLKEM).changeset('drop-mlkem512', 'minor', ['@fx/types']);
    const result = await runGate(repo.root);
    expect(result.bump).toBe('minor');
    expect(result.ok).toBe(true);
  });

  test('a new optional field needs a minor from 1.0 and a patch before it', async () => {
    const optional = ['        label:', '        note: { type: string, description: A note. }\n        label:'] as const;
    const stable = (await releasedRepo('1.0.0')).edit('spec/openapi.yaml', ...optional).changeset('note', 'patch');
    const result = await runGate(stable.root);
    expect(result.ok).toBe(false);
    expect(result.failures[0]).toContain('minor     #/components/schemas/ImportKeyRequest/properties/note  property note added: new optional request field');
    const early = (await releasedRepo('0.3.0')).edit('spec/openapi.yaml', ...optional).changeset('note', 'patch');
    expect((await runGate(early.root)).ok).toBe(true);
  });

  test('a docs-only spec change without any changeset fails and says to add one', async () => {
    const repo = (await releasedRepo('0.1.0')).edit('spec/openapi.yaml', 'description: A name.', 'description: The name of the key.');
    const result = await runGate(repo.root);
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([
      '1 patch change(s) to the spec since 0.1.0 need at least a patch release of the fixed group (@fx/types, @fx/client; before 1.0), but no pending changeset bumps it:\n' +
        '  patch     #/components/schemas/ImportKeyRequest/properties/label/description  description changed\n' +
        'Run `pnpm changeset` and choose patch for @fx/types, @fx/client.',
    ]);
  });

  test('without a changeset every change is listed, counted by level', async () => {
    const repo = (await releasedRepo('0.1.0')).edit('spec/openapi.yaml', ...DROP_MLKEM).edit('spec/openapi.yaml', 'description: A name.', 'description: The name.');
    const result = await runGate(repo.root);
    expect(result.failures[0]).toMatch(
      /^2 change\(s\) to the spec since 0\.1\.0 \(1 breaking, 1 patch\) need at least a minor release of the fixed group \(@fx\/types, @fx\/client; before 1\.0\), but no pending changeset bumps it:\n/,
    );
  });

  test('an unchanged spec and sources pass without a changeset', async () => {
    const repo = await releasedRepo('0.1.0');
    const result = await runGate(repo.root);
    expect(result.ok).toBe(true);
    expect(result.report.changes).toEqual([]);
    expect(formatGate(result)).toContain('No changes in spec/openapi.yaml against release 0.1.0 (spec/released/openapi.json).');
  });
});

describe('a published package changed without a changeset', () => {
  test('fails, naming the package; a changeset that names it passes', async () => {
    const repo = (await releasedRepo('0.1.0')).edit('packages/client/src/index.ts', '{}', '{ retries: 0 }');
    const result = await runGate(repo.root);
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([
      'packages/client/src changed since 0.1.0, and no pending changeset names @fx/client.\n' + 'Run `pnpm changeset`, select @fx/client and describe the change for their users.',
    ]);
    repo.changeset('client-retries', 'patch', ['@fx/client']);
    expect((await runGate(repo.root)).ok).toBe(true);
  });

  test('a new file in src counts; a changeset naming only another package does not cover it', async () => {
    const repo = (await releasedRepo('0.1.0')).write('packages/types/src/extra.ts', 'export {};\n').changeset('client-only', 'patch', ['@fx/client']);
    const result = await runGate(repo.root);
    expect(result.ok).toBe(false);
    expect(result.failures[0]).toMatch(/^packages\/types\/src changed since 0\.1\.0, and no pending changeset names @fx\/types\./);
  });

  test('a private package outside the group needs none', async () => {
    const repo = (await releasedRepo('0.1.0')).edit('packages/internal/src/index.ts', 'export {};', 'export const x = 1;');
    expect((await runGate(repo.root)).ok).toBe(true);
  });
});

describe('before the first release', () => {
  test('every change is new: the spec is not classified, every published package needs a changeset', async () => {
    const repo = makeRepo('0.0.0');
    const bare = await runGate(repo.root);
    expect(bare.ok).toBe(false);
    expect(bare.report.base).toBeNull();
    expect(bare.failures).toEqual([
      'packages/types/src, packages/client/src changed and nothing is released yet, and no pending changeset names @fx/types, @fx/client.\n' +
        'Run `pnpm changeset`, select @fx/types, @fx/client and describe the change for their users.',
    ]);
    expect(formatGate(bare)).toContain('spec:gate: no release yet (spec/released/openapi.json is absent): every change is new; only the changeset rule applies.');
    repo.changeset('first-release', 'minor');
    expect((await runGate(repo.root)).ok).toBe(true);
  });

  test('spec:diff says there is nothing to compare with', async () => {
    const report = await specDiff(makeRepo('0.0.0').root);
    expect(report.base).toBeNull();
    expect(report.note).toMatch(/^no release yet .*--base REF/);
  });
});

describe('the release step', () => {
  const changesetBin = join(dirname(createRequire(import.meta.url).resolve('@changesets/cli/package.json')), 'bin.js');

  test('spec:release refuses while changesets are pending; after changeset version it records the release and the gate passes', async () => {
    const repo = makeRepo('0.0.0').changeset('first-release', 'minor');
    await expect(writeRelease(repo.root)).rejects.toThrow('1 changeset(s) still pending (.changeset/first-release.md): run `pnpm changeset version` first');
    execFileSync(process.execPath, [changesetBin, 'version'], { cwd: repo.root, stdio: 'pipe' });
    expect(JSON.parse(repo.read('packages/types/package.json')).version).toBe('0.1.0');
    const { version } = await writeRelease(repo.root);
    expect(version).toBe('0.1.0');
    expect(JSON.parse(repo.read(PATHS.releaseRecord))).toMatchObject({ version: '0.1.0', sources: { '@fx/types': expect.stringMatching(/^sha256-[0-9a-f]{64}$/) } });
    // The released bundle is one document, as the generator reads it: the external example is inlined where it is used.
    const bundle = JSON.parse(repo.read(PATHS.releasedSpec));
    expect(bundle.paths['/api/keymgmt/import'].post.requestBody.content['application/json'].examples.A.value).toEqual({ label: 'a', type: 'SECP256R1' });
    const gate = await runGate(repo.root);
    expect(gate.failures).toEqual([]);
  });

  test('a version bump without spec:release fails and says to run it', async () => {
    const repo = (await releasedRepo('0.1.0')).setVersion('0.2.0');
    const result = await runGate(repo.root);
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([
      'The fixed group is at 0.2.0 but spec/released/release.json records 0.1.0.\n' +
        'The release step runs `pnpm spec:release` after `changeset version`: run it and commit spec/released/.',
    ]);
  });
});

describe('spec:diff --base REF', () => {
  test('compares with the spec at a commit, external files included', async () => {
    const repo = makeRepo('0.1.0');
    repo
      .edit('spec/openapi.yaml', ...DROP_MLKEM)
      .edit('spec/components/examples.yaml', 'label: a', 'label: b')
      .commit('drop MLKEM512');
    const report = await specDiff(repo.root, { base: 'HEAD~1' });
    expect(report.base).toEqual({ kind: 'ref', ref: 'HEAD~1', commit: repo.git('rev-parse', 'HEAD~1').trim() });
    expect(report.changes).toEqual([
      { level: 'breaking', pointer: '#/components/schemas/KeyType/enum/1', message: 'enum value MLKEM512 removed: stricter request rule' },
      { level: 'patch', pointer: '#/paths/~1api~1keymgmt~1import/post/requestBody/content/application~1json/examples/A', message: 'examples entry A changed' },
    ]);
    expect(report.summary).toEqual({ breaking: 1, minor: 0, patch: 1, level: 'breaking' });
  });

  test('a commit missing from a shallow clone gets a message saying what to fetch', async () => {
    const repo = makeRepo('0.1.0');
    repo.edit('spec/openapi.yaml', ...DROP_MLKEM).commit('second');
    const shallow = `${repo.root}-shallow`;
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.root}`, shallow], { stdio: 'pipe' });
    try {
      const rejected = specDiff(shallow, { base: 'HEAD~1' });
      await expect(rejected).rejects.toThrow(
        '--base HEAD~1: no such commit in this clone (a shallow clone: its history stops before it). Fetch it first (git fetch --unshallow, or git fetch origin HEAD~1), or leave out --base to compare with spec/released/openapi.json.',
      );
    } finally {
      execFileSync('rm', ['-rf', shallow]);
    }
  });

  test('an unknown ref in a full clone is named', async () => {
    await expect(specDiff(makeRepo().root, { base: 'v9.9.9' })).rejects.toThrow(/^--base v9\.9\.9: no such commit in this clone\. Fetch it first/);
  });
});

describe('a generated file changed since the base commit needs a changeset added since then', () => {
  const regenerate = (repo: ReturnType<typeof makeRepo>) => repo.write('packages/types/src/models.gen.ts', 'export const OPERATIONS = { importKey: {}, deleteKey: {} };\n');

  test('before any release, with an older changeset pending: fails, naming the files and what to run; a new changeset passes', async () => {
    const repo = makeRepo('0.0.0').write('packages/types/src/models.gen.ts', 'export const OPERATIONS = { importKey: {} };\n').changeset('first-release', 'minor').commit('first');
    expect((await runGate(repo.root)).ok).toBe(true);
    regenerate(repo);
    const result = await runGate(repo.root);
    expect(result.ok).toBe(false);
    expect(result.since).toMatchObject({ generated: ['packages/types/src/models.gen.ts'], changesets: [] });
    expect(result.failures).toEqual([
      expect.stringMatching(
        /^Generated files changed since [0-9a-f]{12} \(packages\/types\/src\/models\.gen\.ts\), and no changeset added since then names @fx\/types\.\nA spec change reaches the packages' users: run `pnpm changeset`/,
      ),
    ]);
    repo.changeset('delete-key', 'minor');
    const covered = await runGate(repo.root);
    expect(covered.ok).toBe(true);
    expect(covered.since).toMatchObject({ changesets: ['.changeset/delete-key.md'] });
  });

  test('committed on a branch: compared with the merge base with main', async () => {
    const repo = makeRepo('0.0.0').write('packages/types/src/models.gen.ts', 'export const OPERATIONS = { importKey: {} };\n').changeset('first-release', 'minor').commit('first');
    repo.git('checkout', '-q', '-b', 'add-delete-key');
    regenerate(repo).commit('deleteKey');
    expect((await runGate(repo.root)).ok).toBe(false);
    repo.changeset('delete-key', 'minor').commit('changeset');
    expect((await runGate(repo.root)).ok).toBe(true);
  });

  test('after a release too; a changeset naming only another package does not cover it', async () => {
    const repo = (await releasedRepo('0.1.0'))
      .write('packages/types/src/models.gen.ts', 'export const OPERATIONS = {};\n')
      .changeset('types', 'minor', ['@fx/types'])
      .commit('types');
    regenerate(repo).changeset('client-only', 'minor', ['@fx/client']);
    const result = await runGate(repo.root);
    expect(result.ok).toBe(false);
    expect(result.failures.at(-1)).toContain('no changeset added since then names @fx/types');
  });

  test('a --since that is no commit is a warning in the output, not a silent pass', async () => {
    const result = await runGate(makeRepo('0.0.0').changeset('first-release', 'minor').root, { since: 'no-such-ref' });
    expect(result.since).toEqual({ skipped: 'no-such-ref is no commit here (fetch it, or pass another --since)' });
    expect(formatGate(result)).toContain('spec:gate: WARNING: generated files were not compared with a commit (no-such-ref is no commit here');
  });
});
