// N opens of one profile (open, read its name, close), raw or through the engine, for
// bench/syscalls/count.sh to count the system calls of under strace.
import path from 'node:path'
import Database from 'better-sqlite3'
import { Engine } from '../../main/engine/engine'
import { NOW, tempRoot } from '../lib/data'

const [mode, countArg] = process.argv.slice(2)
const count = Number(countArg ?? 200)
const READ_NAME = "SELECT value FROM meta WHERE key = 'name'"

async function main(): Promise<void> {
  const tmp = tempRoot('syscalls')
  const engine = new Engine({ dataDir: path.join(tmp.root, 'data'), now: () => NOW })
  try {
    const { id, file } = engine.createProfile('Counted')
    // Once before the marker, so what is counted is the steady state (statements, idle lock, check cache).
    ;(await engine.openProfile(id)).close()
    process.stdout.write('') // nothing to print: strace counts
    console.error(`MARK ${mode} ${count}`)
    for (let i = 0; i < count; i++) {
      if (mode === 'raw') {
        const db = new Database(file, { fileMustExist: true, timeout: 5000 })
        db.pragma('journal_mode = WAL')
        db.pragma('synchronous = NORMAL')
        db.pragma('foreign_keys = ON')
        db.prepare(READ_NAME).get()
        db.close()
      } else if (mode === 'engine') {
        const s = await engine.openProfile(id)
        s.read((db) => db.prepare(READ_NAME).get())
        s.close()
      } else if (mode !== 'none') throw new Error(`mode: raw, engine or none, not ${mode}`)
    }
  } finally {
    engine.close()
    tmp.done()
  }
}
void main()
