// Child process for the lock test: takes and releases one lock file many times, each time
// at a shared instant, so two such children always ask for it at the same moment.
// Usage: node --import tsx lock-at-once.ts <lockFile> <waitMs> <rounds> <spacingMs>
// Prints "ready", reads the first start time (epoch ms) on stdin, then prints one JSON line:
// {"acquired":N,"refused":N,"slowestMs":N}.
import { FileLock } from '../../main/engine/lock'
import { readyThenStartTime, spinUntil } from './start-time'

const [lockFile, waitMs, rounds, spacingMs] = process.argv.slice(2)
if (!lockFile || !waitMs || !rounds || !spacingMs)
  throw new Error('usage: lock-at-once.ts <lockFile> <waitMs> <rounds> <spacingMs>')

const startAt = await readyThenStartTime()
let acquired = 0
let refused = 0
let slowestMs = 0
for (let i = 0; i < Number(rounds); i++) {
  spinUntil(startAt + i * Number(spacingMs))
  const t = Date.now()
  const lock = FileLock.tryAcquire(lockFile, Number(waitMs))
  slowestMs = Math.max(slowestMs, Date.now() - t)
  if (lock) {
    acquired++
    const until = Date.now() + 2
    while (Date.now() < until) {
      // hold it briefly
    }
    lock.release()
  } else {
    refused++
  }
}
process.stdout.write(`${JSON.stringify({ acquired, refused, slowestMs })}\n`)
process.exit(0)
