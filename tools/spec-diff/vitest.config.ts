import { defineHemProject } from '../../vitest.shared.js';

// dist/cli.mjs: the gate's CLI as installed.
export default defineHemProject({ name: 'spec-diff', build: ['build', '--filter=@hem/spec-diff'] });
