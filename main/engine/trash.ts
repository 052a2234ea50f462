import fs from 'node:fs'
import path from 'node:path'
import { openWritable } from './connection'
import { durableRename, makePrivateDir } from './fsutil'
import { isHeaderAuthoritative } from './header'
import { IN_USE_ELSEWHERE, lockOrFail } from './lock'
import { fileStamp, PROFILE_EXT, type DataLayout } from './paths'

/** Moves a profile's file into trash/ (as `<id>-<stamp>.sqlite`) after a checkpoint; nothing is unlinked. */
export function trashProfile(
  layout: DataLayout,
  entry: { id: string; file: string },
  lockFile: string,
  now: () => Date,
): string {
  const lock = lockOrFail(lockFile, IN_USE_ELSEWHERE)
  try {
    if (!isHeaderAuthoritative(entry.file)) {
      // Fold the WAL into the file so the trashed copy is one complete file.
      const db = openWritable(entry.file)
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
    }
    makePrivateDir(layout.trashDir)
    const trashedTo = path.join(layout.trashDir, `${entry.id}-${fileStamp(now())}${PROFILE_EXT}`)
    durableRename(entry.file, trashedTo, [layout.profilesDir, layout.trashDir])
    // The lock file is ours, not the user's: it goes with the profile (where the OS allows).
    try {
      fs.rmSync(lockFile, { force: true })
    } catch {
      // Windows keeps an open file; it is removed with the next delete of this id, or never matters.
    }
    return trashedTo
  } finally {
    lock.release()
  }
}
