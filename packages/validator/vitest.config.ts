import { defineHemProject } from '../../vitest.shared.js';

export default defineHemProject({ name: 'validator', typecheck: true });
