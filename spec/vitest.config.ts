import { FAST, defineHemProject } from '../vitest.shared.js';

// spec/dist: the docs page and its samples as built.
// Slow tier: the page in Chromium (docs.test.ts) and the built page's samples run as written in
// child processes (samples.test.ts). Only those read spec/dist, so the fast tier builds nothing
// here. (A whole docs build offline runs in tools/checks/test/extend-spec.test.ts.)
export default defineHemProject({
  name: 'spec',
  slow: ['test/docs.test.ts', 'test/samples.test.ts'],
  ...(FAST ? {} : { build: ['docs', '--filter=@hem/spec'] }),
});
