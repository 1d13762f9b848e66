import { FAST, defineHemProject } from '../vitest.shared.js';

// spec/dist: the docs page and its samples as built.
// Slow tier: the page in Chromium (docs.test.ts), the built page's samples run as written in child
// processes (samples.test.ts), and a whole docs build offline (docs-offline.test.ts). Only the
// first two read spec/dist, so the fast tier builds nothing here.
export default defineHemProject({
  name: 'spec',
  slow: ['test/docs.test.ts', 'test/samples.test.ts', 'test/docs-offline.test.ts'],
  ...(FAST ? {} : { build: ['docs', '--filter=@hem/spec'] }),
});
