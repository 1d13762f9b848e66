import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './tools/checks/sequencer.js';
import { FAST } from './vitest.shared.js';

// One run over every workspace project; each project has its own vitest.config.ts (through
// vitest.shared.ts). The JSON report feeds the "N passed, N failed" line of .ci/run. The global
// setup fails the run when a test leaves a file behind (in the temporary folder or the work tree).
export default defineConfig({
  test: {
    projects: ['packages/*', 'tools/*', 'spec'],
    globalSetup: ['tools/checks/leftovers.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    // Vitest's default is one file at a time on 2 cores (cores - 1). The fast tier is all CPU in
    // the workers: one file per core (measured: 56 s against 61 s with one more). A whole run
    // starts the repository copy and the release dry run first, which hold a worker each for
    // minutes mostly waiting on their child processes: two more workers than cores keep the
    // other files going on both cores meanwhile.
    maxWorkers: FAST ? availableParallelism() : availableParallelism() + 2,
    // The whole run starts its slow files first (tools/checks/sequencer.ts); the fast tier keeps
    // vitest's order, which runs each project's files together.
    ...(FAST ? {} : { sequence: { sequencer: SlowFirstSequencer } }),
  },
});
