import Database from 'better-sqlite3'
import { isHeaderAuthoritative } from './header'
import { nativeBinding } from './native'

export type Db = Database.Database

/**
 * A writable connection to a profile, set up the same way everywhere. `check` runs first, before
 * the setup writes anything (switching a file to WAL rewrites its header); if it throws, the
 * connection is closed and nothing was written.
 */
export function openWritable(file: string, check?: (db: Db) => void): Db {
  const db = new Database(file, { fileMustExist: true, timeout: 5000, nativeBinding: nativeBinding() })
  try {
    check?.(db)
  } catch (e) {
    db.close()
    throw e
  }
  db.pragma('journal_mode = WAL')
  // WAL + NORMAL: a crash of the app loses nothing committed; only power loss can drop the last commits.
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  return db
}

/**
 * A connection that only reads. When no WAL content exists, a plain connection is used
 * because closing it removes the -wal/-shm it made (a read-only connection would leave
 * them behind); `query_only` still forbids every write.
 */
export function openForReading(file: string): Db {
  const readonly = !isHeaderAuthoritative(file)
  const db = new Database(file, { fileMustExist: true, readonly, timeout: 2000, nativeBinding: nativeBinding() })
  db.pragma('query_only = ON')
  return db
}

/** Tables every Ownlist profile has had since schema version 1. */
const CORE_TABLES = ['meta', 'lists', 'todos', 'todos_fts']

/**
 * Why a database marked as Ownlist's cannot be used as a profile of a schema this app knows
 * (a schema version below 1, a core table missing), or null. Reads only.
 */
export function profileShapeProblem(db: Db): string | null {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version < 1) return `an invalid schema version (${version})`
  const present = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[])
  const missing = CORE_TABLES.filter((t) => !present.has(t))
  if (missing.length === 0) return null
  return `its ${missing.join(' and ')} table${missing.length > 1 ? 's are' : ' is'} missing`
}
