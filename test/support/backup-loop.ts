// Child process for the "kill -9 during a backup" test: backs a profile up to one target
// again and again (replacing it, like `backup --force`) until it is killed.
// Usage: node --import tsx backup-loop.ts <dataDir> <profile> <target>
// Prints "ready" once the engine is loaded, waits for one line on stdin, then starts at once
// and prints "backed up <n>" after each backup that returned.
import { Engine } from '../../main/engine/engine'

const [dataDir, ref, target] = process.argv.slice(2)
if (!dataDir || !ref || !target) throw new Error('usage: backup-loop.ts <dataDir> <profile> <target>')

const engine = new Engine({ dataDir })
const id = engine.resolve(ref).id
await new Promise<void>((resolve) => {
  process.stdin.once('data', () => {
    process.stdin.pause()
    resolve()
  })
  process.stdout.write('ready\n')
})
// A safety net: a child whose parent died without killing it stops by itself.
const stopAt = Date.now() + 60_000
for (let n = 1; Date.now() < stopAt; n++) {
  await engine.backups.backupTo(id, target, { force: true })
  process.stdout.write(`backed up ${n}\n`)
}
process.exit(0)
