import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'spec-diff',
    include: ['test/**/*.test.ts'],
    // Gate tests run git and bundle specs in child processes; a loaded 2-core machine is slow.
    testTimeout: 120_000,
  },
});
