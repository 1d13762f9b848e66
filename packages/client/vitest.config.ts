import { defineHemProject } from '../../vitest.shared.js';

// dist/: the CLI as installed, the dual-package hazard, bundle sizes, a child process.
// Slow tier: the CLI as installed, run in a child process per case (cli.test.ts, cli-read-token.test.ts).
export default defineHemProject({ name: 'client', typecheck: true, build: ['build', '--filter=@hem/client'], slow: ['test/cli.test.ts', 'test/cli-read-token.test.ts'] });
