import { defineHemProject } from '../../vitest.shared.js';

// dist/cli.mjs: the gate's CLI as installed.
// Slow tier: about forty-five runs of the built CLI on hostile documents.
export default defineHemProject({
  name: 'spec-diff',
  build: ['build', '--filter=@hem/spec-diff'],
  slow: ['test/hostile.test.ts'],
  // Every file loads Redocly through the one loader: once per worker, not per file.
  shareModules: true,
});
