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
 */
export class FileLock {
  private constructor(private db: Db | null) {}

  /** Waits up to `waitMs` for the lock; `null` when someone else still holds it. */
  static tryAcquire(file: string, waitMs: number = BUSY_TIMEOUT_MS.none): FileLock | null {
    makePrivateDir(path.dirname(file))
    createPrivately(file)
    const db = openDatabase(file, { timeout: waitMs })
    try {
      // Normal locking mode: the open BEGIN EXCLUSIVE transaction is what holds the lock.
      // (locking_mode = EXCLUSIVE kept the SHARED lock of a failed attempt while it waited,
      // so two processes asking at the same moment deadlocked until both timed out.)
      db.pragma('journal_mode = MEMORY')
      db.exec('BEGIN EXCLUSIVE')
      return new FileLock(db)
    } catch (e) {
      db.close()
      if ((e as { code?: string }).code === 'SQLITE_BUSY') return null
      throw e
    }
  }

  get held(): boolean {
    return this.db !== null
  }

  release(): void {
    if (!this.db) return
    this.db.exec('ROLLBACK')
    this.db.close()
    this.db = null
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
