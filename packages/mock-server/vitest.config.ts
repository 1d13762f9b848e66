import { defineHemProject } from '../../vitest.shared.js';

// dist/cli.mjs: the CLI as installed; @hem/codegen (private, no source condition) for the spec's examples.
// Slow tier: thousands of imports over real sockets from other processes, and a SIGKILL mid-load
// (concurrency.test.ts); the CLI as installed, started and stopped in child processes (cli.test.ts).
export default defineHemProject({
  name: 'mock-server',
  build: ['build', '--filter=@hem/mock-server', '--filter=@hem/codegen'],
  slow: ['test/concurrency.test.ts', 'test/cli.test.ts'],
});
