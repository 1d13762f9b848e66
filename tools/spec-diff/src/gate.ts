// spec:gate: every change since the last release is covered by a pending changeset, and a
// breaking change by a large enough bump of the fixed group. Needs no git history: the
// release step records the spec bundle and a hash of each package's src/ (spec:release).
// One rule does use git, so that it holds before any release too: a generated file changed
// since the base commit needs a changeset added (or edited) since that commit.
import { execFileSync } from 'node:child_process';
import type { VersionType } from '@changesets/types';
import { PATHS, readReleased } from './load.js';
import { bumpRank, groupBump, pendingChangesets, readReleaseGroup, requiredBump, sourceHash } from './release-group.js';
import { formatChanges, formatSummary, specDiff, type DiffReport } from './report.js';
import { LEVELS } from './types.js';

export interface GateResult {
  ok: boolean;
  /** What was compared and found. */
  report: DiffReport;
  bump: VersionType;
  /** One paragraph per failure, each ending with what to run. */
  failures: string[];
  /** What the generated-file rule compared with, or why it could not run. */
  since: { base: string; generated: string[]; changesets: string[] } | { skipped: string };
}

export interface GateOptions {
  /** The commit the generated-file rule compares with; default: the merge base with `main`, or HEAD on main itself. */
  since?: string;
}

const git = (root: string, ...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 }).trim();

/** Files changed since `base`, committed or not, untracked ones included; undefined outside a git work tree. */
function changedSince(root: string, since: string | undefined): { base: string; files: string[] } | { skipped: string } {
  try {
    git(root, 'rev-parse', '--is-inside-work-tree');
  } catch {
    return { skipped: 'not a git work tree' };
  }
  let base: string;
  try {
    if (since !== undefined) base = git(root, 'rev-parse', '--verify', `${since}^{commit}`);
    else {
      const head = git(root, 'rev-parse', 'HEAD');
      let main: string | undefined;
      try {
        main = git(root, 'rev-parse', '--verify', 'main^{commit}');
      } catch {
        main = undefined;
      }
      base = main === undefined || main === head ? head : git(root, 'merge-base', 'HEAD', main);
    }
  } catch {
    return { skipped: since === undefined ? 'no commit to compare with' : `${since} is no commit here (fetch it, or pass another --since)` };
  }
  const lines = (text: string) => text.split('\n').filter(Boolean);
  const files = [...lines(git(root, 'diff', '--name-only', base)), ...lines(git(root, 'ls-files', '--others', '--exclude-standard'))];
  return { base, files: [...new Set(files)].sort() };
}

export async function runGate(root: string, options: GateOptions = {}): Promise<GateResult> {
  const group = await readReleaseGroup(root);
  const released = readReleased(root);
  const report = await specDiff(root);
  const bump = groupBump(group);
  const pending = pendingChangesets(group);
  const files = pending.map((p) => p.file).join(', ') || 'none';
  const names = group.packages.map((p) => p.name);
  const failures: string[] = [];

  if (released && released.record.version !== group.version) {
    failures.push(
      `The fixed group is at ${group.version} but ${PATHS.releaseRecord} records ${released.record.version}.\n` +
        `The release step runs \`pnpm spec:release\` after \`changeset version\`: run it and commit ${PATHS.released}/.`,
    );
  }

  // Every package whose src/ differs from the release needs a changeset that names it.
  const named = new Set(pending.flatMap((p) => p.names));
  const unnamed = group.packages.filter((p) => released?.record.sources[p.name] !== sourceHash(root, p.dir) && !named.has(p.name));
  if (unnamed.length > 0) {
    const since = released ? `since ${released.record.version}` : 'and nothing is released yet';
    failures.push(
      `${unnamed.map((p) => `${p.dir}/src`).join(', ')} changed ${since}, and no pending changeset names ${unnamed.map((p) => p.name).join(', ')}.\n` +
        `Run \`pnpm changeset\`, select ${unnamed.map((p) => p.name).join(', ')} and describe the change for their users.`,
    );
  }

  // The spec's changes since the release need a bump of the whole group.
  const level = report.summary.level;
  if (level) {
    const need = requiredBump(level, group.version);
    if (bumpRank(bump) < bumpRank(need)) {
      const short = report.changes.filter((c) => bumpRank(requiredBump(c.level, group.version)) > bumpRank(bump));
      const era = Number.parseInt(group.version, 10) >= 1 ? 'from 1.0' : 'before 1.0';
      const levels = LEVELS.filter((l) => short.some((c) => c.level === l));
      const since = `to the spec since ${group.version}`;
      const counted =
        levels.length === 1
          ? `${short.length} ${levels[0]} change(s) ${since}`
          : `${short.length} change(s) ${since} (${levels.map((l) => `${short.filter((c) => c.level === l).length} ${l}`).join(', ')})`;
      const given = bump === 'none' ? 'no pending changeset bumps it' : `the pending changesets (${files}) give only ${bump}`;
      failures.push(
        `${counted} need at least a ${need} release of the fixed group (${names.join(', ')}; ${era}), but ${given}:\n` +
          formatChanges(short)
            .map((l) => `  ${l}`)
            .join('\n') +
          `\nRun \`pnpm changeset\` and choose ${need} for ${names.join(', ')}` +
          (bump === 'none' ? '.' : `, or raise the bump in ${files} to ${need}.`),
      );
    }
  }
  // A generated file changed since the base commit (the spec changed what the packages say)
  // needs a changeset added since then, whether or not anything is released yet.
  const changed = changedSince(root, options.since);
  let since: GateResult['since'];
  if ('skipped' in changed) since = changed;
  else {
    const generated = changed.files.filter((f) => f.endsWith('.gen.ts') && group.packages.some((p) => f.startsWith(`${p.dir}/`)));
    const added = pending.filter((p) => changed.files.includes(p.file));
    since = { base: changed.base, generated, changesets: added.map((p) => p.file) };
    const uncovered = group.packages.filter((p) => generated.some((f) => f.startsWith(`${p.dir}/`)) && !added.some((c) => c.names.includes(p.name)));
    if (uncovered.length > 0) {
      failures.push(
        `Generated files changed since ${changed.base.slice(0, 12)} (${generated.join(', ')}), and no changeset added since then names ${uncovered.map((p) => p.name).join(', ')}.\n` +
          `A spec change reaches the packages' users: run \`pnpm changeset\`, select ${names.join(', ')} and describe it.`,
      );
    }
  }
  return { ok: failures.length === 0, report, bump, failures, since };
}

export function formatGate(result: GateResult): string {
  const lines: string[] = [];
  if (result.report.base) {
    lines.push(...formatChanges(result.report.changes), formatSummary(result.report));
  } else {
    lines.push(`spec:gate: no release yet (${PATHS.releasedSpec} is absent): every change is new; only the changeset rule applies.`);
  }
  lines.push(`Pending changesets bump the fixed group: ${result.bump}.`);
  if ('skipped' in result.since) lines.push(`spec:gate: WARNING: generated files were not compared with a commit (${result.since.skipped}); pass --since REF.`);
  else lines.push(`Since ${result.since.base.slice(0, 12)}: ${result.since.generated.length} generated file(s) changed, ${result.since.changesets.length} changeset(s) added.`);
  if (result.ok) lines.push('spec:gate: passed.');
  else lines.push(...result.failures.map((f) => `\nspec:gate: FAILED: ${f}`));
  return lines.join('\n');
}
