import { defineConfig } from 'vitest/config';

// One run over every workspace project; each project has its own vitest.config.ts.
// The JSON report feeds the "N passed, N failed" line of .ci/run.
export default defineConfig({
  test: {
    projects: ['packages/*', 'tools/*', 'spec'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
