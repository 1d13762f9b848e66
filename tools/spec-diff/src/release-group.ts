// The fixed release group and its pending changesets, read with changesets' own libraries
// (the same config parser and release plan `changeset version` uses).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { read as readConfig } from '@changesets/config';
import getReleasePlan from '@changesets/get-release-plan';
import type { ReleasePlan, VersionType } from '@changesets/types';
import { getPackages } from '@manypkg/get-packages';
import { PATHS, SpecDiffError } from './load.js';
import type { Level } from './types.js';

export interface GroupPackage {
  name: string;
  /** Relative to the workspace root. */
  dir: string;
  version: string;
}

export interface ReleaseGroup {
  packages: GroupPackage[];
  /** The version every member shares. */
  version: string;
  plan: ReleasePlan;
}

/** The packages of the fixed group(s) in .changeset/config.json, and the pending release plan. */
export async function readReleaseGroup(root: string): Promise<ReleaseGroup> {
  const workspace = await getPackages(root);
  const config = await readConfig(root, workspace as never);
  const names = config.fixed.flat();
  if (names.length === 0) throw new SpecDiffError(`${PATHS.changesets}/config.json has no fixed group: the published packages must be released together under one version.`);
  const packages = names.map((name) => {
    const found = workspace.packages.find((p) => p.packageJson.name === name);
    if (!found) throw new SpecDiffError(`${PATHS.changesets}/config.json names ${name} in its fixed group, but no workspace package has that name.`);
    return { name, dir: relative(root, found.dir).replaceAll('\\', '/'), version: found.packageJson.version };
  });
  const versions = [...new Set(packages.map((p) => p.version))];
  if (versions.length > 1) {
    throw new SpecDiffError(
      `the fixed group is at several versions (${packages.map((p) => `${p.name}@${p.version}`).join(', ')}); run pnpm changeset version to bring them together.`,
    );
  }
  return { packages, version: versions[0]!, plan: await getReleasePlan(root) };
}

const BUMPS: readonly VersionType[] = ['none', 'patch', 'minor', 'major'];
export const bumpRank = (bump: VersionType): number => BUMPS.indexOf(bump);

/** The largest bump the pending changesets give any member of the group. */
export function groupBump(group: ReleaseGroup): VersionType {
  const names = new Set(group.packages.map((p) => p.name));
  return group.plan.releases.filter((r) => names.has(r.name)).reduce<VersionType>((best, r) => (bumpRank(r.type) > bumpRank(best) ? r.type : best), 'none');
}

/** Package names each pending changeset names, by changeset file. */
export function pendingChangesets(group: ReleaseGroup): { file: string; names: string[] }[] {
  return group.plan.changesets.map((c) => ({ file: `${PATHS.changesets}/${c.id}.md`, names: c.releases.filter((r) => r.type !== 'none').map((r) => r.name) }));
}

/**
 * The release a change of `level` needs at `version`: before 1.0 a breaking change needs a
 * minor and anything else a patch; from 1.0 breaking needs a major and minor a minor.
 */
export function requiredBump(level: Level, version: string): Exclude<VersionType, 'none'> {
  const stable = Number.parseInt(version, 10) >= 1;
  if (level === 'breaking') return stable ? 'major' : 'minor';
  if (level === 'minor') return stable ? 'minor' : 'patch';
  return 'patch';
}

/** A hash of every file under a package's src/ (paths and bytes), to tell whether it changed. */
export function sourceHash(root: string, dir: string): string {
  const src = join(root, dir, 'src');
  const hash = createHash('sha256');
  if (existsSync(src)) {
    const files = readdirSync(src, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(src, join(e.parentPath, e.name)).replaceAll('\\', '/'))
      .sort();
    for (const file of files)
      hash
        .update(`${file}\0`)
        .update(readFileSync(join(src, file)))
        .update('\0');
  }
  return `sha256-${hash.digest('hex')}`;
}
