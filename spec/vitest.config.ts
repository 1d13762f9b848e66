import { FAST, defineHemProject } from '../vitest.shared.js';

// spec/dist: the docs page and its samples as built. docs.test.ts walks the page in Chromium.
// Slow tier: the page in Chromium (docs.test.ts), and the built page's samples run as written in
// child processes (samples.test.ts). Only they read spec/dist, so the fast tier builds nothing here.
export default defineHemProject({
  name: 'spec',
  slow: ['test/docs.test.ts', 'test/samples.test.ts'],
  build: FAST ? undefined : ['docs', '--filter=@hem/spec'],
});
