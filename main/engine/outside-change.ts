import fs from 'node:fs'
import path from 'node:path'
import type { Db } from './connection'
import { OwnlistError } from './errors'
import { durableRename, fsyncDir, fsyncFile } from './fsutil'
import type { OutsideChange, ProfileFiles } from './profile-files'
import { finalizeAndVerify, rowCounts } from './backup/verify'

export interface ChangedClose {
  db: Db
  files: ProfileFiles
  change: OutsideChange
  backupsDir: string
  /** fileStamp of now, for the names of what is kept. */
  stamp: string
}

/**
 * Closes a profile whose file was changed outside Ownlist while open, keeping both versions:
 * whatever is now under the file's name stays byte for byte, and what this process had is kept
 * in the profile's backups folder. Returns the error that tells the user so.
 *
 * SQLite's last connection checkpoints its WAL into the database file on close. After a copy
 * over the file (same inode) that would write this process's pages into the outside file, so
 * the WAL is copied out and emptied first: the checkpoint then has nothing to copy. Where the
 * WAL is not ours to empty, the outside file's bytes are copied first and put back afterwards.
 */
export function closeChangedProfile(c: ChangedClose): OwnlistError {
  const { db, files, change } = c
  const file = files.file
  let kept: string | null = null
  let keptWal: string | null = null
  let outsideCopy: string | null = null
  const aside: string[] = []
  try {
    if (change !== 'overwritten') {
      // Our file is untouched, only no longer under its name: this connection still reads it whole.
      kept = keepWholeState(db, c)
    } else if (own(`${file}-wal`, files.walIno)) {
      keptWal = keepWal(c)
      fs.truncateSync(`${file}-wal`, 0)
    } else {
      outsideCopy = `${file}.outside-${process.pid}`
      fs.copyFileSync(file, outsideCopy)
    }
    // SQLite removes "its" -wal and -shm by name on close: someone else's must survive.
    for (const [side, ino] of [
      [`${file}-wal`, files.walIno],
      [`${file}-shm`, files.shmIno],
    ] as const) {
      if (fs.existsSync(side) && !own(side, ino)) {
        fs.renameSync(side, `${side}.aside-${process.pid}`)
        aside.push(side)
      }
    }
  } finally {
    try {
      db.close()
    } finally {
      for (const side of aside) fs.renameSync(`${side}.aside-${process.pid}`, side)
      if (outsideCopy) {
        if (sameBytes(outsideCopy, file)) fs.rmSync(outsideCopy)
        else durableRename(outsideCopy, file, [path.dirname(file)])
      }
      // Ours, beside a file that is no longer ours: replayed over it by the next opener.
      if (own(`${file}-wal`, files.walIno)) {
        if (!kept && !keptWal && fs.statSync(`${file}-wal`).size > 0) keptWal = keepWal(c)
        fs.rmSync(`${file}-wal`)
      }
      if (own(`${file}-shm`, files.shmIno)) fs.rmSync(`${file}-shm`)
    }
  }
  return new OwnlistError('PROFILE_NOT_FOUND', message(change, kept, keptWal))
}

function message(change: OutsideChange, kept: string | null, keptWal: string | null): string {
  const what =
    change === 'gone'
      ? 'The profile’s file was moved or deleted outside Ownlist while it was open, so Ownlist closed it and wrote nothing more to it.'
      : change === 'replaced'
        ? 'The profile’s file was replaced outside Ownlist while it was open, so Ownlist closed it without writing to it: the file keeps what was put there.'
        : 'The profile’s file was overwritten outside Ownlist while it was open, so Ownlist closed it without writing to it: the file keeps what was put there.'
  if (kept) return `${what} What Ownlist had is kept as the backup ${path.basename(kept)}.`
  if (keptWal) {
    return `${what} Ownlist’s changes since it last saved into the file are kept in the backups folder as ${path.basename(keptWal)}; the rest of what it had was overwritten, so its newest complete copy is its newest backup.`
  }
  return what
}

/** A verified copy of what this connection reads, as a `pre-restore` backup (restoring it undoes the outside change). */
function keepWholeState(db: Db, c: ChangedClose): string | null {
  const target = path.join(c.backupsDir, `pre-restore-${c.stamp}.sqlite`)
  const tmp = path.join(c.backupsDir, `.${path.basename(target)}.${process.pid}.partial`)
  try {
    fs.mkdirSync(c.backupsDir, { recursive: true })
    const expected = { schemaVersion: db.pragma('user_version', { simple: true }) as number, counts: rowCounts(db) }
    db.prepare('VACUUM INTO ?').run(tmp)
    finalizeAndVerify(tmp, expected)
    fsyncFile(tmp)
    fs.renameSync(tmp, target)
    fsyncDir(c.backupsDir)
    return target
  } catch {
    // Not kept as a profile (a full disk, say): the WAL is then kept instead, below.
    for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${tmp}${suffix}`, { force: true })
    return null
  }
}

/** The WAL's bytes: this process's changes since its last checkpoint. */
function keepWal(c: ChangedClose): string | null {
  const target = path.join(c.backupsDir, `replaced-${c.stamp}.sqlite-wal`)
  try {
    fs.mkdirSync(c.backupsDir, { recursive: true })
    fs.copyFileSync(`${c.files.file}-wal`, target)
    fsyncFile(target)
    return target
  } catch {
    return null
  }
}

function own(file: string, ino: bigint | null): boolean {
  return ino !== null && fs.statSync(file, { bigint: true, throwIfNoEntry: false })?.ino === ino
}

function sameBytes(a: string, b: string): boolean {
  try {
    return fs.readFileSync(a).equals(fs.readFileSync(b))
  } catch {
    return false
  }
}
