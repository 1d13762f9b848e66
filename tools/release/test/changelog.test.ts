// The changelog function (.changeset/changelog.cjs) under the real `changeset version`, in
// a scratch workspace shaped like ours: a fixed group of types <- validator <- client.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, copyFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { ROOT } from '../workspace.mjs';

const run = promisify(execFile);
const CHANGESET = join(ROOT, 'node_modules/@changesets/cli/bin.js');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const PACKAGES = { types: {}, validator: { '@fx/types': 'workspace:*' }, client: { '@fx/types': 'workspace:*', '@fx/validator': 'workspace:*' } };
type Name = keyof typeof PACKAGES;

/** Runs `changeset version` over these pending changesets; returns each package's new CHANGELOG entry. */
async function version(changesets: { packages: Name[]; summary: string }[]): Promise<Record<Name, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'hem-changelog-'));
  dirs.push(dir);
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('package.json', JSON.stringify({ name: 'fx', private: true }));
  write('pnpm-workspace.yaml', 'packages:\n  - packages/*\n');
  for (const [name, dependencies] of Object.entries(PACKAGES)) {
    write(`packages/${name}/package.json`, JSON.stringify({ name: `@fx/${name}`, version: '0.0.0', dependencies }, null, 2));
  }
  const config = JSON.parse(readFileSync(join(ROOT, '.changeset/config.json'), 'utf8'));
  write('.changeset/config.json', JSON.stringify({ ...config, fixed: [Object.keys(PACKAGES).map((n) => `@fx/${n}`)], ignore: [] }));
  copyFileSync(join(ROOT, '.changeset/changelog.cjs'), join(dir, '.changeset/changelog.cjs'));
  // The changelog module resolves @changesets/read from its own folder, as in the repository.
  mkdirSync(join(dir, 'node_modules/@changesets'), { recursive: true });
  symlinkSync(realpathSync(join(ROOT, 'node_modules/@changesets/read')), join(dir, 'node_modules/@changesets/read'));
  changesets.forEach(({ packages, summary }, i) => {
    write(`.changeset/change-${i}.md`, `---\n${packages.map((p) => `"@fx/${p}": minor`).join('\n')}\n---\n\n${summary}\n`);
  });
  const git = (...args: string[]) => run('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], { cwd: dir });
  await git('init', '-q');
  await git('add', '-A');
  await git('commit', '-qm', 'fixture');
  await run(process.execPath, [CHANGESET, 'version'], { cwd: dir });
  const entry = (name: Name) => {
    const text = readFileSync(join(dir, `packages/${name}/CHANGELOG.md`), 'utf8');
    expect(JSON.parse(readFileSync(join(dir, `packages/${name}/package.json`), 'utf8')).version).toBe('0.1.0');
    return text.slice(text.indexOf('## 0.1.0'));
  };
  return { types: entry('types'), validator: entry('validator'), client: entry('client') };
}

/** Every entry has at least one line that says something, and none is a bare dependency bump. */
function expectInformative(entries: Record<Name, string>) {
  for (const [name, text] of Object.entries(entries)) {
    expect(text, name).toMatch(/^- \S/m);
    expect(text, name).not.toMatch(/Updated dependencies/i);
  }
}

describe('changelog entries of the fixed group (real changeset version)', () => {
  test('a change in types reaches validator and client with its summary', async () => {
    const entries = await version([{ packages: ['types'], summary: 'KeyType gains ED448PH.\nIts pubkey is 57 bytes.' }]);
    expectInformative(entries);
    expect(entries.types).toMatch(/^- [0-9a-f]{7}: KeyType gains ED448PH\.\n {2}Its pubkey is 57 bytes\./m);
    expect(entries.validator).toMatch(/^- [0-9a-f]{7}: Through @fx\/types 0\.1\.0: KeyType gains ED448PH\.\n {2}Its pubkey is 57 bytes\./m);
    expect(entries.client).toMatch(/Through @fx\/types 0\.1\.0: KeyType gains ED448PH\./);
    expect(entries.client).not.toMatch(/@fx\/validator/);
  });

  test('a change in client alone: types and validator say they did not change, and what did', async () => {
    const entries = await version([{ packages: ['client'], summary: 'importKey takes a signal.' }]);
    expectInformative(entries);
    expect(entries.client).toMatch(/^- [0-9a-f]{7}: importKey takes a signal\.$/m);
    expect(entries.client).not.toMatch(/No change in this package/);
    for (const name of ['types', 'validator'] as const) {
      expect(entries[name], name).toMatch(/^- No change in this package: released with its group .*\n {2}- @fx\/client: importKey takes a signal\.$/m);
    }
  });

  test('a changeset that names a package and its dependency is said once, as its own', async () => {
    const entries = await version([{ packages: ['types', 'client'], summary: 'Spec 1.3: descr is 128 bytes.' }]);
    expectInformative(entries);
    expect(entries.client.match(/Spec 1\.3/g)).toHaveLength(1);
    expect(entries.client).not.toMatch(/Through/);
    expect(entries.validator).toMatch(/Through @fx\/types 0\.1\.0: Spec 1\.3: descr is 128 bytes\./);
  });

  test('two changesets: each package lists what reached it, from where', async () => {
    const entries = await version([
      { packages: ['validator'], summary: 'Clearer base64 issues.' },
      { packages: ['types'], summary: 'KEY_FORMATS has the OID.' },
    ]);
    expectInformative(entries);
    expect(entries.types).toMatch(/KEY_FORMATS has the OID\./);
    expect(entries.types).not.toMatch(/base64/);
    expect(entries.validator).toMatch(/^- [0-9a-f]{7}: Clearer base64 issues\.$/m);
    expect(entries.validator).toMatch(/Through @fx\/types 0\.1\.0: KEY_FORMATS has the OID\./);
    expect(entries.client).toMatch(/Through @fx\/validator 0\.1\.0: Clearer base64 issues\./);
    expect(entries.client).toMatch(/Through @fx\/types 0\.1\.0: KEY_FORMATS has the OID\./);
  });
});
