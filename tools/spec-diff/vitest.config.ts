import { defineHemProject } from '../../vitest.shared.js';

// dist/cli.mjs: the gate's CLI as installed.
// Slow tier: the built CLI in child processes: every hostile document, in one capped child
// (hostile.test.ts), exit codes and output (cli.test.ts).
export default defineHemProject({
  name: 'spec-diff',
  build: ['build', '--filter=@hem/spec-diff'],
  slow: ['test/hostile.test.ts', 'test/cli.test.ts'],
});
