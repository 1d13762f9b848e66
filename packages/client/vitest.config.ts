import { defineHemProject } from '../../vitest.shared.js';

// dist/: the CLI as installed, the dual-package hazard, bundle sizes, a child process.
// Slow tier: the CLI as installed, in child processes (cli.test.ts, cli-read-token.test.ts: a batch child
// for most cases, the bin itself for the rest).
export default defineHemProject({ name: 'client', typecheck: true, build: ['build', '--filter=@hem/client'], slow: ['test/cli.test.ts', 'test/cli-read-token.test.ts'] });
