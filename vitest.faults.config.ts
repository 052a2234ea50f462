import { defineConfig } from 'vitest/config'

/** `npm run test:faults`: the long kill -9, disk-full, replication and fuzzing runs (by hand, not in CI). */
export default defineConfig({
  test: {
    include: ['main/**/*.faults.test.ts', 'test/**/*.faults.test.ts', 'dev/**/*.faults.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
})
