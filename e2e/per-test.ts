// A test file's harness lifecycle: each test's app and the temporary folders it makes are
// closed and removed after it, whatever the test did.
import { afterEach } from 'vitest'
import { TempDirs } from '../test/support/helpers'
import { launch, type Harness } from './harness'

export function harnessPerTest(): {
  launch: (...args: Parameters<typeof launch>) => Promise<Harness>
  tempDir: (prefix: string) => string
} {
  const temps = new TempDirs()
  let current: Harness | undefined
  afterEach(async () => {
    await current?.close()
    current = undefined
    temps.cleanup()
  })
  return {
    launch: async (...args) => (current = await launch(...args)),
    tempDir: (prefix) => temps.make(prefix),
  }
}
