import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'spec',
    // Generous: these tests start servers, browsers and child processes on a shared, loaded 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    include: ['test/**/*.test.ts'],
  },
});
