import fs from 'node:fs'
import Database from 'better-sqlite3'
import { busyError, isBusy } from './errors'
import { BUSY_TIMEOUT_MS } from './busy-timeouts'
import { isHeaderAuthoritative } from './header'
import { nativeBinding } from './native'

/** A raw connection: for scratch copies, staging and checks; query functions take the branded types below. */
export type Db = Database.Database

declare const readable: unique symbol
declare const writable: unique symbol

/**
 * A connection the query functions may read through (Signal Desktop's ReadableDB). Only the
 * openers here hand one out; a read path that has one cannot pass it to a write query.
 */
export type ReadableDb = Db & { readonly [readable]: true }

/** A connection that may also be written through: a profile open for writing. Every WritableDb is a ReadableDb. */
export type WritableDb = ReadableDb & { readonly [writable]: true }

/**
 * Every connection the app makes goes through here. `trusted_schema = OFF`: a file from outside
 * is data, never code, so a view or trigger in it may not call functions with side effects, and
 * the schema cannot reach virtual tables that are not marked harmless.
 */
export function openDatabase(file: string | Buffer, opts: Database.Options = {}): Db {
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS.default, ...opts, nativeBinding: nativeBinding() })
  try {
    db.pragma('trusted_schema = OFF')
  } catch (e) {
    db.close()
    throw e
  }
  return db
}

/**
 * A writable connection to a profile, set up the same way everywhere. `check` runs first, before
 * the setup writes anything (switching a file to WAL rewrites its header); if it throws, the
 * connection is closed and nothing was written.
 */
export function openWritable(file: string, check?: (db: Db) => void): WritableDb {
  const db = openDatabase(file, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS.write })
  try {
    check?.(db)
    db.pragma('journal_mode = WAL')
  } catch (e) {
    db.close()
    throw e
  }
  // WAL + NORMAL: a crash of the app loses nothing committed; only power loss can drop the last commits.
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  return db as WritableDb
}

/**
 * Fails with PROFILE_IN_USE (after the connection's busy timeout) while another program holds a
 * write transaction on the file. Takes the write lock and lets it go at once; writes nothing.
 */
export function assertNoOtherWriter(db: Db): void {
  try {
    db.exec('BEGIN IMMEDIATE')
    db.exec('ROLLBACK')
  } catch (e) {
    if (isBusy(e)) throw busyError(e)
    throw e
  }
}

/**
 * A connection that only reads. When no WAL content exists, a plain connection is used
 * because closing it removes the -wal/-shm it made (a read-only connection would leave
 * them behind); `query_only` still forbids every write.
 */
export function openForReading(file: string, timeout: number = BUSY_TIMEOUT_MS.read): ReadableDb {
  const readonly = !isHeaderAuthoritative(file)
  const db = openDatabase(file, { fileMustExist: true, readonly, timeout })
  db.pragma('query_only = ON')
  return db as ReadableDb
}

/**
 * Runs a read against a profile file, even while another program holds a write transaction on it.
 * In WAL mode readers are never blocked. In rollback-journal mode (a profile never opened for
 * writing, or switched by that program) a `BEGIN EXCLUSIVE` locks every reader out: then, when no
 * journal shows a write in flight, the committed bytes on disk are read into memory and read
 * from there, and kept only if the file did not change meanwhile. Else it waits as usual.
 */
export function withReadingConnection<T>(file: string, read: (db: ReadableDb) => T): T {
  try {
    return readWith(openForReading(file, BUSY_TIMEOUT_MS.none), read)
  } catch (e) {
    if (!isBusy(e)) {
      const snapshot = isCantOpen(e) ? readQuietWalFile(file, read) : null
      if (snapshot) return snapshot.value
      throw e
    }
  }
  const unlocked = readUnlocked(file, read)
  if (unlocked) return unlocked.value
  return readWith(openForReading(file), read)
}

function readWith<T>(db: ReadableDb, read: (db: ReadableDb) => T): T {
  try {
    return read(db)
  } finally {
    db.close()
  }
}

/** The committed state of a rollback-journal file whose lock another process holds, or null when not knowable. */
function readUnlocked<T>(file: string, read: (db: ReadableDb) => T): { value: T } | null {
  const before = quietState(file)
  if (!before) return null
  const bytes = fs.readFileSync(file)
  if (quietState(file) !== before) return null
  return { value: readWith(openBytesForReading(bytes), read) }
}

/** Committed bytes read into memory, opened for reading only. */
function openBytesForReading(bytes: Buffer): ReadableDb {
  const db = openDatabase(bytes, { readonly: true })
  db.pragma('query_only = ON')
  return db as ReadableDb
}

function isCantOpen(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? ''
  return code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY')
}

/**
 * A WAL-mode file with no WAL content beside it, where SQLite cannot make its -shm (a read-only
 * folder): its bytes alone are the committed state. They are read into memory, marked as a
 * rollback-journal database there (the file is untouched), and kept only if the file did not
 * change meanwhile. Null when that does not apply.
 */
function readQuietWalFile<T>(file: string, read: (db: ReadableDb) => T): { value: T } | null {
  const state = (): string | null => {
    if ((fs.statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0) > 0) return null
    const st = fs.statSync(file, { bigint: true, throwIfNoEntry: false })
    return st?.isFile() ? `${st.size}:${st.mtimeNs}:${st.ino}` : null
  }
  let bytes: Buffer
  try {
    const before = state()
    if (!before) return null
    bytes = fs.readFileSync(file)
    if (bytes.length < 100 || bytes[18] !== 2 || bytes[19] !== 2 || state() !== before) return null
  } catch {
    return null
  }
  bytes[18] = 1
  bytes[19] = 1
  return { value: readWith(openBytesForReading(bytes), read) }
}

/**
 * A fingerprint of a rollback-mode file with no write in flight (no journal beside it, no WAL),
 * or null. Equal fingerprints before and after reading mean no byte changed in between.
 */
function quietState(file: string): string | null {
  for (const side of ['-journal', '-wal']) {
    if ((fs.statSync(`${file}${side}`, { throwIfNoEntry: false })?.size ?? 0) > 0) return null
  }
  const st = fs.statSync(file, { bigint: true })
  const head = Buffer.alloc(100)
  const fd = fs.openSync(file, 'r')
  try {
    fs.readSync(fd, head, 0, 100, 0)
  } finally {
    fs.closeSync(fd)
  }
  // Byte 18 is the write version: 1 is a rollback journal, 2 is WAL (whose file alone is not the state).
  if (head[18] !== 1) return null
  return `${st.size}:${st.mtimeNs}:${st.ino}:${head.toString('hex')}`
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
