import { defineHemProject } from '../../vitest.shared.js';

// dist/ of every published package: the package shape. extend-spec works in a copy of the repository.
// Slow tier: a copy of the repository (extend-spec), the packages packed and resolved by attw (package-shape).
export default defineHemProject({ name: 'checks', slow: ['test/extend-spec.test.ts', 'test/package-shape.test.ts'], build: ['build', '--filter=./packages/*'] });
