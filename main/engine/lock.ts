import fs from 'node:fs'
import path from 'node:path'
import { OwnlistError } from './errors'
import { createExclusive, makePrivateDir, PRIVATE_FILE_MODE } from './fsutil'
import { openDatabase, type Db } from './connection'
import { BUSY_TIMEOUT_MS } from './busy-timeouts'

/**
 * An exclusive lock held through SQLite on a small side file. SQLite takes an OS lock
 * (fcntl on POSIX, LockFileEx on Windows), which the kernel drops when the process dies,
 * so a crash can never leave a stale lock, and SQLite also refuses a second connection
 * in the same process. The profile file itself stays readable by others (listing,
 * backups, reports): only writers take this lock.
 *
 * A released lock keeps its connection, idle (no transaction, so no OS lock held), for the next
 * take of the same file: opening and closing a SQLite connection was most of the lock's cost,
 * and switching back and forth between profiles takes the same few locks over and over.
 */
export class FileLock {
  private constructor(
    private db: Db | null,
    private readonly idle: IdleLock | null,
  ) {}

  /** Waits up to `waitMs` for the lock; `null` when someone else still holds it. */
  static tryAcquire(file: string, waitMs: number = BUSY_TIMEOUT_MS.none): FileLock | null {
    const reused = takeIdle(file, waitMs)
    if (reused !== undefined) return reused && new FileLock(reused.db, reused)
    makePrivateDir(path.dirname(file))
    createPrivately(file)
    const before = identityOf(file)
    const db = openDatabase(file, { timeout: waitMs })
    try {
      // Normal locking mode: the open BEGIN EXCLUSIVE transaction is what holds the lock.
      // (locking_mode = EXCLUSIVE kept the SHARED lock of a failed attempt while it waited,
      // so two processes asking at the same moment deadlocked until both timed out.)
      db.pragma('journal_mode = MEMORY')
      db.exec('BEGIN EXCLUSIVE')
    } catch (e) {
      db.close()
      if ((e as { code?: string }).code === 'SQLITE_BUSY') return null
      throw e
    }
    // Kept for reuse only when the file at the name is the one this connection opened (the same
    // before the open and once locked): a reused connection must lock what others lock.
    const after = identityOf(file)
    return new FileLock(db, before !== null && before === after ? { file, identity: after, timeout: waitMs, db } : null)
  }

  get held(): boolean {
    return this.db !== null
  }

  release(): void {
    if (!this.db) return
    const db = this.db
    this.db = null
    try {
      db.exec('ROLLBACK')
    } catch (e) {
      db.close()
      throw e
    }
    if (this.idle && !idleLocks.has(this.idle.file)) keepIdle(this.idle)
    else db.close()
  }
}

interface IdleLock {
  file: string
  /** device:inode of the lock file this connection opened. */
  identity: string
  /** The connection's busy timeout (ms). */
  timeout: number
  db: Db
}

/** Released locks' connections by file, oldest first; a handful is all a switch needs. */
const idleLocks = new Map<string, IdleLock>()
const MAX_IDLE = 16

function identityOf(file: string): string | null {
  const st = fs.statSync(file, { throwIfNoEntry: false })
  return st ? `${st.dev}:${st.ino}` : null
}

function keepIdle(lock: IdleLock): void {
  idleLocks.set(lock.file, lock)
  for (const [file, old] of idleLocks) {
    if (idleLocks.size <= MAX_IDLE) break
    idleLocks.delete(file)
    old.db.close()
  }
}

/**
 * The lock taken through the idle connection of `file`: that connection, null when someone else holds
 * it, or undefined when there is no idle connection or its file is no longer the one at the name
 * (deleted with its profile, replaced): then a new connection is opened as usual. Checked again
 * once locked, so a file replaced in between is never the one locked.
 */
function takeIdle(file: string, waitMs: number): IdleLock | null | undefined {
  const idle = idleLocks.get(file)
  if (!idle) return undefined
  idleLocks.delete(file)
  if (identityOf(file) !== idle.identity) {
    idle.db.close()
    return undefined
  }
  try {
    if (idle.timeout !== waitMs) {
      idle.db.pragma(`busy_timeout = ${Math.trunc(waitMs)}`)
      idle.timeout = waitMs
    }
    idle.db.exec('BEGIN EXCLUSIVE')
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') {
      keepIdle(idle)
      return null
    }
    idle.db.close()
    throw e
  }
  if (identityOf(file) !== idle.identity) {
    idle.db.exec('ROLLBACK')
    idle.db.close()
    return undefined
  }
  return idle
}

/** Closes the idle connections of locks in `dir` (all of them without `dir`): an engine closing lets go of its files. */
export function closeIdleLocks(dir?: string): void {
  for (const [file, idle] of idleLocks) {
    if (dir !== undefined && path.resolve(path.dirname(file)) !== path.resolve(dir)) continue
    idleLocks.delete(file)
    idle.db.close()
  }
}

/**
 * SQLite would create the lock file 0644; we create it first, private. Never through a file
 * descriptor on an existing one: closing any descriptor of a file drops every POSIX lock this
 * process holds on it, the lock SQLite took for another FileLock included.
 */
function createPrivately(file: string): void {
  try {
    createExclusive(file)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    if (process.platform === 'win32') return
    const st = fs.statSync(file)
    if ((st.mode & 0o077) !== 0 && st.uid === process.getuid?.()) fs.chmodSync(file, PRIVATE_FILE_MODE)
  }
}

export const IN_USE_ELSEWHERE = 'This profile is open in another Ownlist window or process.'

/** Takes the lock (waiting up to `waitMs`) or fails with PROFILE_IN_USE saying `message`. */
export function lockOrFail(file: string, message: string, waitMs: number = BUSY_TIMEOUT_MS.none): FileLock {
  const lock = FileLock.tryAcquire(file, waitMs)
  if (!lock) throw new OwnlistError('PROFILE_IN_USE', message)
  return lock
}

/** Runs `fn` holding the data folder's registry lock: create and rename check names under it. */
export function withRegistryLock<T>(locksDir: string, fn: () => T): T {
  const lock = lockOrFail(
    path.join(locksDir, 'registry.lock'),
    'Another Ownlist process is busy changing profiles. Try again.',
    BUSY_TIMEOUT_MS.registryLock,
  )
  try {
    return fn()
  } finally {
    lock.release()
  }
}
