import { defineHemProject } from '../../vitest.shared.js';

// dist/cli.mjs: the CLI as installed (check-spec, watch).
export default defineHemProject({ name: 'codegen', build: ['build', '--filter=@hem/codegen'] });
