import { defineConfig } from 'vitest/config'

/**
 * The performance regression guard, run on its own after the other tests: its ratios compare two
 * servers under the same load, and a neighbouring test file in another worker would load one of
 * them more than the other.
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/perf/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 30_000,
    maxWorkers: 1,
  },
})
