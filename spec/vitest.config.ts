import { defineHemProject } from '../vitest.shared.js';

// spec/dist: the docs page and its samples as built. docs.test.ts walks the page in Chromium.
export default defineHemProject({ name: 'spec', slow: ['test/docs.test.ts'], build: ['docs', '--filter=@hem/spec'] });
