import fs from 'node:fs'
import path from 'node:path'
import { copyFilePrivate, fsyncDir, fsyncFile, makePrivateDir, randomSuffix, removeDeadTemporaries } from './fsutil'
import { openDatabase } from './connection'
import { writeMeta } from './meta'
import { PROFILE_EXT } from './paths'

type Operation = 'create' | 'import' | 'restore' | 'repair'

// `.<operation>-<pid>-<profile id>-<random>.tmp`: a profile file before it is complete (without
// the random part from earlier versions). Only names of exactly this shape are ever swept, so
// a user's `.create-notes.tmp` stays.
const TMP_PATTERN =
  /^\.(?:create|import|restore|repair)-(?<pid>\d+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:-[0-9a-f]{16})?\.tmp$/

/**
 * A temporary name in `dir` that `cleanStaleTemporaries` removes once this process is gone.
 * The random part keeps it new even when a pid comes round again (a container's pid 1).
 */
export function temporaryName(dir: string, operation: Operation, id: string): string {
  return path.join(dir, `.${operation}-${process.pid}-${id}-${randomSuffix()}.tmp`)
}

export interface NewProfile {
  id: string
  name: string
  createdAt: string
  appVersion: string
}

/**
 * Copies the template to a temporary name in the profiles folder, stamps the profile's
 * identity inside it, fsyncs it and renames it into place. A crash at any point leaves
 * either no profile or a complete one: the temporary name is never listed.
 */
export function createProfileFile(profilesDir: string, templateFile: string, p: NewProfile): string {
  makePrivateDir(profilesDir)
  const tmp = temporaryName(profilesDir, 'create', p.id)
  const target = path.join(profilesDir, `${p.id}${PROFILE_EXT}`)
  // Private before SQLite opens it: its -journal, -wal and -shm take the file's mode.
  copyFilePrivate(templateFile, tmp)
  try {
    const db = openDatabase(tmp, { fileMustExist: true })
    try {
      // The file is not a profile yet: a crash here only leaves a temporary file to clean up,
      // so no journal file and no fsync per statement; one fsync of the whole file follows.
      // MEMORY, not OFF: better-sqlite3's defensive mode silently ignores journal_mode = OFF,
      // which left a `.tmp-journal` beside the temporary file that nothing cleaned up.
      db.pragma('journal_mode = MEMORY')
      db.pragma('synchronous = OFF')
      db.transaction(() => {
        writeMeta(db, { id: p.id, name: p.name, created_at: p.createdAt, app_version: p.appVersion })
        db.prepare('UPDATE lists SET created_at = ?').run(p.createdAt)
      })()
      // Born in WAL mode, as every open leaves it: else the first open, even one that only reads,
      // would rewrite the header to switch it.
      db.pragma('journal_mode = WAL')
    } finally {
      db.close()
    }
    fsyncFile(tmp)
    fs.renameSync(tmp, target)
    fsyncDir(profilesDir)
    return target
  } catch (e) {
    fs.rmSync(tmp, { force: true })
    throw e
  }
}

/** Removes temporary files of creates whose process is gone (a crash mid-create). */
export function cleanStaleTemporaries(profilesDir: string): void {
  removeDeadTemporaries(profilesDir, TMP_PATTERN)
}
