/**
 * How long each kind of connection waits for another connection's lock before SQLite gives up with
 * SQLITE_BUSY (its busy timeout, in milliseconds). Every open in the engine names one of these, so
 * how patient the app is with another process is decided here and nowhere else.
 */
export const BUSY_TIMEOUT_MS = {
  /** better-sqlite3's own default, made explicit: scratch copies, staging files, checks. */
  default: 5000,
  /**
   * A profile opened for writing, or probed before a restore swaps it: another process's write
   * transaction commits in milliseconds, so 5 s rides out a burst of them, and still answers
   * PROFILE_IN_USE while the person is waiting for the click.
   */
  write: 5000,
  /**
   * A reading connection that has to wait (a rollback-journal writer is committing): shorter than a
   * write, because a read that cannot happen has a fallback (the committed bytes, or a skip).
   */
  read: 2000,
  /**
   * The first try at a read, and a profile's lock: never wait. A read that meets a lock goes on to
   * read the committed bytes; a lock that is held means PROFILE_IN_USE at once, never a wait.
   */
  none: 0,
  /**
   * The last-opened store in the data folder: every process stamps it, each stamp one small
   * in-place write, so another process's stamp is worth waiting for.
   */
  lastOpened: 2000,
  /** The registry index is a cache: a busy one is skipped (the folder is listed instead), so barely wait. */
  registryIndex: 200,
  /** The report's connections: a profile held by another process is reported as skipped rather than waited on. */
  report: 250,
  /**
   * The data folder's registry lock, held by another process for one create, rename or import (each
   * under a second even on a slow disk): waiting 10 s lets two processes take turns instead of failing.
   */
  registryLock: 10_000,
} as const
