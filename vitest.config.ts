import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Integration tests start real Python processes; two cores run two files at a time.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
