import { defineHemProject } from '../../vitest.shared.js';

// dist/cli.mjs: the CLI as installed (check-spec, watch).
// Slow tier: the built commands on every hostile case, in one child process under a heap cap
// (hostile-load), the built CLI's --watch in a child process (watch), and the corpus of
// public documents generated and compiled whole (check-spec, openapi-fetch), compared with
// openapi-typescript's own output (openapi-ts-compare) or checked against Ajv (agreement).
export default defineHemProject({
  name: 'codegen',
  build: ['build', '--filter=@hem/codegen'],
  slow: ['test/hostile-load.test.ts', 'test/check-spec.test.ts', 'test/agreement.test.ts', 'test/openapi-fetch.test.ts', 'test/openapi-ts-compare.test.ts', 'test/watch.test.ts'],
  setupFiles: ['test/setup.ts'],
});
