import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'main/**/*.test.ts',
      'preload/**/*.test.ts',
      'renderer/**/*.test.ts',
      'scripts/**/*.test.ts',
      'e2e/**/*.test.ts',
      'test/**/*.test.ts',
      'dev/**/*.test.ts',
    ],
    // The long fault-injection runs have their own command (npm run test:faults).
    exclude: ['**/node_modules/**', '**/*.faults.test.ts'],
    // Tests spawn processes and touch the disk; two cores, so keep it to two workers.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
