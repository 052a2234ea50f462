import type { ReadableDb, WritableDb } from './connection'
import { busyError, isBusy, OwnlistError } from './errors'
import type { FileLock } from './lock'
import { closeChangedProfile } from './outside-change'
import { fileStamp } from './paths'
import { ProfileFiles, type OutsideChange } from './profile-files'
import { writeMeta } from './meta'
import { preparePluck } from './queries/statements'

function totalChanges(db: ReadableDb): number {
  return preparePluck(db, 'SELECT total_changes()').get() as number
}

/**
 * A profile open for writing by this process. Close it to release its lock.
 *
 * Reads and writes go through `read` and `write`, which first check that the file is still the
 * one this process last wrote (see ProfileFiles). One changed outside (moved, deleted, replaced,
 * copied over, truncated) is closed at once without another byte written to it, both versions
 * are kept (see closeChangedProfile), and the call fails with PROFILE_NOT_FOUND saying so.
 * `db` itself is for reads that need no check (or tests): writes through it are not recorded.
 */
export class ProfileSession {
  private closed = false
  private changedOutside: OwnlistError | null = null
  private readonly files: ProfileFiles
  constructor(
    readonly id: string,
    readonly db: WritableDb,
    file: string,
    private readonly lock: FileLock,
    private readonly backupsDir: string,
    private readonly now: () => Date,
    private readonly onClose: (s: ProfileSession) => void,
    /** Stamped into meta by the first write that changes something (null: nothing to stamp). */
    private appVersion: string | null = null,
  ) {
    this.files = new ProfileFiles(file)
  }

  get isOpen(): boolean {
    return !this.closed
  }

  /** Why this session closed itself: its file was changed outside Ownlist (null otherwise). */
  get outsideChange(): OwnlistError | null {
    return this.changedOutside
  }

  /** Runs a read, once the file is known to be the one this process wrote. */
  read<T>(fn: (db: ReadableDb) => T): T {
    this.assertUnchanged()
    return fn(this.db)
  }

  /**
   * Runs a write, once the file is known to be the one this process wrote; records the files after
   * it. The first write that changed something also stamps the app version that wrote the file.
   */
  write<T>(fn: (db: WritableDb) => T): T {
    this.assertUnchanged()
    try {
      // Counted only until the first change is stamped: every later write would pay two queries for nothing.
      const before = this.appVersion ? totalChanges(this.db) : 0
      const result = fn(this.db)
      if (this.appVersion && totalChanges(this.db) > before) {
        writeMeta(this.db, { app_version: this.appVersion })
        this.appVersion = null
      }
      return result
    } catch (e) {
      // Another program holds a write transaction on the file: said in words, never as SQLITE_BUSY.
      if (isBusy(e)) throw busyError(e)
      throw e
    } finally {
      this.files.record()
    }
  }

  /**
   * Throws when the session is closed, and closes it first (keeping both versions) when its
   * file was changed outside Ownlist.
   */
  assertUnchanged(): void {
    if (!this.closed) {
      const change = this.files.outsideChange()
      if (!change) return
      this.closeAs(change)
    }
    throw this.changedOutside ?? new OwnlistError('PROFILE_NOT_OPEN', 'This profile is no longer open.')
  }

  close(): void {
    if (this.closed) return
    this.closeAs(this.files.outsideChange())
  }

  private closeAs(change: OutsideChange | null): void {
    this.closed = true
    try {
      if (change) {
        this.changedOutside = closeChangedProfile({
          db: this.db,
          files: this.files,
          change,
          backupsDir: this.backupsDir,
          stamp: fileStamp(this.now()),
        })
      } else {
        try {
          // Only a connection that wrote may write on its way out: a read leaves the file as it was.
          if (totalChanges(this.db) > 0) this.db.pragma('optimize')
        } finally {
          // The last connection to close checkpoints and removes -wal/-shm.
          this.db.close()
        }
      }
    } finally {
      this.files.release()
      this.lock.release()
      this.onClose(this)
    }
  }
}
