// Child process for the report test: holds a profile file exclusively at the SQLite level,
// the way a foreign program with `locking_mode = EXCLUSIVE` would (no Ownlist lock file).
// Usage: node --import tsx hold-exclusive.ts <profileFile>
// Opens the file with plain better-sqlite3, sets EXCLUSIVE locking, commits one write (which
// takes the exclusive lock and, in that mode, keeps it), prints "ready" and waits to be killed.
import Database from 'better-sqlite3'

const [file] = process.argv.slice(2)
if (!file) throw new Error('usage: hold-exclusive.ts <profileFile>')

const db = new Database(file, { fileMustExist: true, timeout: 5000 })
db.pragma('locking_mode = EXCLUSIVE')
db.prepare("UPDATE meta SET value = value WHERE key = 'name'").run()
process.stdout.write('ready\n')
// Keep the process (and so the lock) alive until the parent kills it.
setInterval(() => {}, 60_000)
