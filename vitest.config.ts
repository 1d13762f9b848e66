import { defineConfig } from 'vitest/config';

// One run over every workspace project; each project has its own vitest.config.ts.
// The JSON report feeds the "N passed, N failed" line of .ci/run. The global setup fails
// the run when a test leaves a file behind (in the temporary folder or the work tree).
export default defineConfig({
  test: {
    projects: ['packages/*', 'tools/*', 'spec'],
    globalSetup: ['tools/checks/leftovers.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
