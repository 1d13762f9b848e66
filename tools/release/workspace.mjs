// Where the repository is, and what it publishes: the members of the one fixed group in
// .changeset/config.json, found by name among the workspace's packages.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** @returns {{ name: string, dir: string, manifest: Record<string, any> }[]} the fixed group, in the config's order */
export function releaseGroup(root = ROOT) {
  const config = JSON.parse(readFileSync(join(root, '.changeset/config.json'), 'utf8'));
  if (config.fixed?.length !== 1) throw new Error('.changeset/config.json: expected exactly one fixed group (the published packages).');
  const byName = new Map();
  for (const parent of ['packages', 'tools']) {
    for (const entry of readdirSync(join(root, parent))) {
      const file = join(root, parent, entry, 'package.json');
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8'));
      byName.set(manifest.name, { name: manifest.name, dir: join(root, parent, entry), manifest });
    }
  }
  return config.fixed[0].map((name) => {
    const pkg = byName.get(name);
    if (!pkg) throw new Error(`.changeset/config.json: the fixed group names ${name}, which is no workspace package.`);
    return pkg;
  });
}

/**
 * Copies the work tree as it would be committed (tracked files as they are now, plus untracked
 * files that are not ignored) into `dest`, and makes it a one-commit git repository.
 * @returns {number} the number of files copied
 */
export function copyWorkTree(dest, root = ROOT) {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  let copied = 0;
  for (const file of new Set(files.split('\0').filter(Boolean))) {
    const from = join(root, file);
    if (!existsSync(from) || !statSync(from).isFile()) continue; // deleted in the work tree, or a submodule
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    copyFileSync(from, join(dest, file));
    copied++;
  }
  const git = (...args) =>
    execFileSync('git', ['-c', 'user.name=copy', '-c', 'user.email=copy@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dest, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'work tree');
  return copied;
}

/**
 * The environment that lets a copy of the repository read the work tree's turbo cache and
 * never write to it: a task whose inputs are unchanged in the copy is restored, every other
 * one runs. turbo keeps one cache for all worktrees of a repository, beside the main .git.
 */
export function readTurboCache(root = ROOT) {
  const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: root, encoding: 'utf8' }).trim();
  return { TURBO_CACHE_DIR: join(dirname(common), '.turbo/cache'), TURBO_CACHE: 'local:r' };
}

/**
 * A turbo cache of the copy's own, seeded with the work tree's entries: the copy restores what
 * its change left alone and keeps what it builds itself (a package built by `generate` is not
 * built again by `build`), and the work tree's cache is never written. The entries are
 * hard-linked (turbo adds new files and never rewrites one), or copied across filesystems.
 * @returns {{ TURBO_CACHE_DIR: string, TURBO_CACHE: string }} the environment for turbo in the copy
 */
export function seedTurboCache(dest, root = ROOT) {
  const from = readTurboCache(root).TURBO_CACHE_DIR;
  const to = join(dest, '.turbo/cache');
  mkdirSync(to, { recursive: true });
  for (const entry of existsSync(from) ? readdirSync(from, { withFileTypes: true }) : []) {
    if (!entry.isFile()) continue;
    try {
      linkSync(join(from, entry.name), join(to, entry.name));
    } catch {
      copyFileSync(join(from, entry.name), join(to, entry.name));
    }
  }
  return { TURBO_CACHE_DIR: to, TURBO_CACHE: 'local:rw' };
}
