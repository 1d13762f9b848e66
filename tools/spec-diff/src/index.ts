// Public API: classify spec changes (diffDocuments, specDiff), gate changesets on them (runGate),
// record a release (writeRelease).
export { diffDocuments } from './diff.js';
export { formatGate, runGate, type GateResult } from './gate.js';
export { PATHS, SpecDiffError, bundleAtRef, bundleSpec, readReleased, workspaceRoot, type ReleaseRecord, type Released } from './load.js';
export { readReleaseGroup, requiredBump, sourceHash, type ReleaseGroup } from './release-group.js';
export { writeRelease } from './release.js';
export { formatReport, specDiff, type Base, type DiffReport } from './report.js';
export type { Change, Direction, Level } from './types.js';
