import fs from 'node:fs'
import path from 'node:path'
import { fsyncDir, fsyncFile, removeFilesOfDeadProcesses } from './fsutil'
import { openDatabase } from './connection'
import { PROFILE_EXT } from './paths'

// `.<operation>-<pid>-<anything>.tmp`: a create's or an import's file before it is complete.
const TMP_PATTERN = /^\.[a-z]+-(\d+)-.+\.tmp$/

/** A temporary name in `dir` that `cleanStaleTemporaries` removes once this process is gone. */
export function temporaryName(dir: string, operation: string, id: string): string {
  return path.join(dir, `.${operation}-${process.pid}-${id}.tmp`)
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
  fs.mkdirSync(profilesDir, { recursive: true })
  const tmp = temporaryName(profilesDir, 'create', p.id)
  const target = path.join(profilesDir, `${p.id}${PROFILE_EXT}`)
  fs.copyFileSync(templateFile, tmp, fs.constants.COPYFILE_EXCL)
  try {
    const db = openDatabase(tmp, { fileMustExist: true })
    try {
      // The file is not a profile yet: a crash here only leaves a temporary file to clean up,
      // so no journal file and no fsync per statement; one fsync of the whole file follows.
      // MEMORY, not OFF: better-sqlite3's defensive mode silently ignores journal_mode = OFF,
      // which left a `.tmp-journal` beside the temporary file that nothing cleaned up.
      db.pragma('journal_mode = MEMORY')
      db.pragma('synchronous = OFF')
      const put = db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)')
      db.transaction(() => {
        put.run('id', p.id)
        put.run('name', p.name)
        put.run('created_at', p.createdAt)
        put.run('app_version', p.appVersion)
        db.prepare('UPDATE lists SET created_at = ?').run(p.createdAt)
      })()
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
  removeFilesOfDeadProcesses(profilesDir, (name) => {
    const m = TMP_PATTERN.exec(name)
    return m ? Number(m[1]) : null
  })
}
