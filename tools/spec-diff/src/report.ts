// spec:diff: what to compare with, and the report (lines for people, data for --json).
import { join } from 'node:path';
import { diffDocuments } from './diff.js';
import { PATHS, bundleAtRef, bundleSpec, readReleased } from './load.js';
import { requiredBump } from './release-group.js';
import { LEVELS, maxLevel, type Change, type Level } from './types.js';

export type Base = { kind: 'released'; file: string; version: string } | { kind: 'ref'; ref: string; commit: string };

export interface DiffReport {
  /** What the spec was compared with; null before the first release (nothing to compare with). */
  base: Base | null;
  spec: string;
  changes: Change[];
  summary: Record<Level, number> & {
    /** The largest level, null without changes. */
    level: Level | null;
    /** The release the changes need, when the base is a release (its version says 0.x or not). */
    needs?: 'major' | 'minor' | 'patch';
  };
  note?: string;
}

export const NO_RELEASE_NOTE = `no release yet (${PATHS.releasedSpec} is absent): every change is new, so there is nothing to classify; only the changeset rule of spec:gate applies. Compare with a commit with --base REF.`;

export async function specDiff(root: string, options: { base?: string | undefined } = {}): Promise<DiffReport> {
  const spec = PATHS.spec;
  let base: Base | null = null;
  let before;
  if (options.base !== undefined) {
    const at = await bundleAtRef(root, options.base);
    base = { kind: 'ref', ref: options.base, commit: at.commit };
    before = at.document;
  } else {
    const released = readReleased(root);
    if (released) {
      base = { kind: 'released', file: PATHS.releasedSpec, version: released.record.version };
      before = released.document;
    }
  }
  if (!before) return { base: null, spec, changes: [], summary: { breaking: 0, minor: 0, patch: 0, level: null }, note: NO_RELEASE_NOTE };
  const changes = diffDocuments(before, await bundleSpec(join(root, spec)));
  const count = (l: Level) => changes.filter((c) => c.level === l).length;
  const level = maxLevel(changes.map((c) => c.level)) ?? null;
  const summary: DiffReport['summary'] = { breaking: count('breaking'), minor: count('minor'), patch: count('patch'), level };
  if (level && base?.kind === 'released') summary.needs = requiredBump(level, base.version);
  return { base, spec, changes, summary };
}

export function describeBase(base: Base): string {
  return base.kind === 'released' ? `release ${base.version} (${base.file})` : `${base.ref} (${base.commit.slice(0, 12)})`;
}

/** One line per change: level, pointer, what changed. */
export function formatChanges(changes: readonly Change[]): string[] {
  return changes.map((c) => `${c.level.padEnd(8)}  ${c.pointer}  ${c.message}`);
}

export function formatSummary(report: DiffReport): string {
  if (!report.base) return `spec:diff: ${report.note}`;
  const { summary } = report;
  if (!summary.level) return `No changes in ${report.spec} against ${describeBase(report.base)}.`;
  const counts = LEVELS.map((l) => `${summary[l]} ${l}`).join(', ');
  const needs = summary.needs ? `; needs at least a ${summary.needs} release` : '';
  return `${report.changes.length} change(s) in ${report.spec} against ${describeBase(report.base)}: ${counts}${needs}.`;
}

export function formatReport(report: DiffReport): string {
  return [...formatChanges(report.changes), formatSummary(report)].join('\n');
}
