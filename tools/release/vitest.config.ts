import { defineHemProject } from '../../vitest.shared.js';

// The dry run copies the repository, runs a registry, Chromium and Node 20, 22 and 24: minutes,
// mostly waiting on them, so a whole run starts it first.
export default defineHemProject({ name: 'release', startFirst: ['test/dry-run.test.ts'] });
