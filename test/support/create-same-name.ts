// Child process for the "two processes create the same name at once" test.
// Usage: node --import tsx create-same-name.ts <dataDir> <name>
// Loads the engine and prints "ready"; then reads a start time (epoch ms) on stdin, waits
// for it, calls createProfile once and prints one JSON line:
// {"ok":true,"id":...} or {"ok":false,"code":...}.
import { Engine } from '../../main/engine/engine'
import { isOwnlistError } from '../../main/engine/errors'
import { readyThenStartTime, spinUntil } from './start-time'

const [dataDir, name] = process.argv.slice(2)
if (!dataDir || !name) throw new Error('usage: create-same-name.ts <dataDir> <name>')

const engine = new Engine({ dataDir })
const startAt = await readyThenStartTime()
// Spin until the shared start time so both children call createProfile within a millisecond.
spinUntil(startAt)
try {
  const p = engine.createProfile(name)
  process.stdout.write(`${JSON.stringify({ ok: true, id: p.id })}\n`)
} catch (e) {
  process.stdout.write(`${JSON.stringify({ ok: false, code: isOwnlistError(e) ? e.code : String(e) })}\n`)
}
process.exit(0)
