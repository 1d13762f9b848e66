import { defineHemProject } from '../../vitest.shared.js';

// dist/ of every published package: the package shape. extend-spec works in a copy of the repository.
// Slow tier: a copy of the repository (extend-spec), minutes of builds and tests in it, so a
// whole run starts it first; the typecheck driver against tsc, compilers in child processes
// (typecheck.test.ts, about 10 CPU-s).
export default defineHemProject({
  name: 'checks',
  slow: ['test/typecheck.test.ts'],
  startFirst: ['test/extend-spec.test.ts'],
  build: ['build', '--filter=./packages/*'],
});
