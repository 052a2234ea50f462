// Child process for the "another program holds the file" tests: a program that is not Ownlist
// (a DB browser, a sync tool, a script) with a write transaction open on a profile's file.
// Usage: node --import tsx hold-transaction.ts <profileFile>
// Plain better-sqlite3, the file's own journal mode, no Ownlist lock file: `BEGIN EXCLUSIVE`,
// then prints "ready <journal mode>" and waits to be killed with the transaction still open.
import Database from 'better-sqlite3'

const [file] = process.argv.slice(2)
if (!file) throw new Error('usage: hold-transaction.ts <profileFile>')

const db = new Database(file, { fileMustExist: true })
const mode = db.pragma('journal_mode', { simple: true }) as string
db.exec('BEGIN EXCLUSIVE')
process.stdout.write(`ready ${mode}\n`)
// Keep the process, and the connection with its transaction, alive until the parent kills it: a
// connection nothing refers to is garbage-collected and closed (seen after ~8 s), ending the hold.
setInterval(() => db.open, 60_000)
