import fs from 'node:fs'
import path from 'node:path'
import { BUSY_TIMEOUT_MS } from '../busy-timeouts'
import { assertNoOtherWriter, openDatabase, type Db } from '../connection'
import { isOwnlistError } from '../errors'
import { copyFilePrivate, makePrivateDir } from '../fsutil'
import { isHeaderAuthoritative } from '../header'
import type { ProfileEntry } from '../listing'
import { fileStamp, PROFILE_EXT, type DataLayout } from '../paths'

// A restore swaps a profile's file: what to do first with the -wal and -shm beside it.

/**
 * A -wal left by a crash holds committed work. Its bytes are kept in trash/, and the work is
 * checkpointed into the file before anything is moved: moving the -wal aside first left the
 * profile without that work when the process died before the restored file was renamed in.
 * A file too damaged to open keeps its -wal, which `moveStaleSidecars` then moves aside.
 */
export function foldStaleSidecars(layout: DataLayout, entry: ProfileEntry, now: () => Date): void {
  withProbe(entry.file, (db) => {
    if (isHeaderAuthoritative(entry.file)) return
    for (const suffix of ['-wal', '-shm']) {
      const side = `${entry.file}${suffix}`
      if (!fs.existsSync(side)) continue
      makePrivateDir(layout.trashDir)
      copyFilePrivate(side, path.join(layout.trashDir, `${entry.id}-${fileStamp(now())}${PROFILE_EXT}${suffix}`), {
        replace: true,
      })
    }
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[]
    // Busy with no writer is a reader (Litestream replicating the profile holds one): the -wal's
    // bytes are in trash/ and the undo snapshot, taken next, reads through it. Busy because a
    // writer started since the probe is another program changing the profile.
    if (result?.busy) assertNoOtherWriter(db)
  })
}

/** A -wal left by a crash would be replayed over the restored file: move it aside first. */
export function moveStaleSidecars(layout: DataLayout, entry: ProfileEntry, now: () => Date): void {
  for (const suffix of ['-wal', '-shm']) {
    const side = `${entry.file}${suffix}`
    if (!fs.existsSync(side)) continue
    makePrivateDir(layout.trashDir)
    fs.renameSync(side, path.join(layout.trashDir, `${entry.id}-${fileStamp(now())}${PROFILE_EXT}${suffix}`))
  }
}

/**
 * Runs `fn` on a connection to a profile about to be replaced, after making sure no other program
 * is writing it (PROFILE_IN_USE within the busy timeout, else the swap would pull the file from
 * under that program). A damaged file that cannot be opened or probed is left to the caller.
 * The last connection to close removes the -wal and -shm.
 */
export function withProbe(file: string, fn: (db: Db) => void): void {
  let db: Db
  try {
    db = openDatabase(file, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS.write })
  } catch {
    return
  }
  try {
    assertNoOtherWriter(db)
    fn(db)
  } catch (e) {
    if (isOwnlistError(e, 'PROFILE_IN_USE') || !(e as { code?: string }).code?.startsWith('SQLITE_')) throw e
    // Damaged: left to moveStaleSidecars (the undo snapshot has what could be read).
  } finally {
    db.close()
  }
}
