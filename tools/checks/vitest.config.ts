import { defineHemProject } from '../../vitest.shared.js';

// dist/ of every published package: the package shape. extend-spec works in a copy of the repository.
// Slow tier: a copy of the repository (extend-spec).
export default defineHemProject({ name: 'checks', slow: ['test/extend-spec.test.ts'], build: ['build', '--filter=./packages/*'] });
