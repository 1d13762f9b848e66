import { defineHemProject } from '../../vitest.shared.js';

// dist/: the CLI as installed, the dual-package hazard, bundle sizes, a child process.
export default defineHemProject({ name: 'client', typecheck: true, build: ['build', '--filter=@hem/client'] });
