import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real servers on port 0; two workers match the 2-core machines.
    maxWorkers: 2,
    // The shell tests swap `electron` for a double (test/unit/shell/electron-double.ts); inlining
    // electron-store lets that swap reach the `electron` it imports too.
    server: { deps: { inline: ['electron-store'] } },
  },
})
