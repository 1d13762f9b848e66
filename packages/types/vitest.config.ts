import { defineHemProject } from '../../vitest.shared.js';

export default defineHemProject({ name: 'types', typecheck: true });
