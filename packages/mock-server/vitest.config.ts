import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'mock-server',
    include: ['test/**/*.test.ts'],
    // Real servers, child processes and Prism on a loaded machine: room, not a race.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
