import { defineHemProject } from '../../vitest.shared.js';

// dist/ of every published package: the package shape. add-key-type works in a copy of the repository.
export default defineHemProject({ name: 'checks', slow: ['test/add-key-type.test.ts'], build: ['build', '--filter=./packages/*'] });
