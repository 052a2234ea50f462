import fs from 'node:fs'
import { openDatabase, profileShapeProblem, type Db } from '../connection'
import { readMeta } from '../meta'
import { isDiskFull, OwnlistError } from '../errors'
import { copyFilePrivate, fsyncFile, PRIVATE_FILE_MODE } from '../fsutil'
import { APPLICATION_ID, readSqliteHeader } from '../header'
import { latestVersion, type Migration } from '../migrations'
import { foreignObjectsProblem, schemaDifference } from '../schema'
import { shownVersion } from '../version-text'

export interface StagedProfile {
  schemaVersion: number
  meta: Record<string, string>
}

/**
 * Copies a profile file from outside (a backup to restore, a file to import) to `tmp` and
 * proves the copy is a usable Ownlist profile. The source is only ever read as bytes: it
 * stays byte-identical and no -wal/-shm is created beside it. A symlink is judged by what
 * it points to. On failure nothing is left at `tmp`.
 */
export function stageProfileCopy(source: string, tmp: string, migrations: readonly Migration[]): StagedProfile {
  const databaseBytes = checkSource(source)
  // Through a symlink, the WAL that belongs to the file is beside its target, not the link
  // (SQLite itself looks there too).
  const file = fs.realpathSync(source)
  try {
    const wal = walSize(file)
    // Bytes after the database (a file padded to gigabytes) are never read by SQLite: not copied either.
    if (wal === 0 && databaseBytes !== null && fs.statSync(file).size > databaseBytes)
      copyPrefix(file, tmp, databaseBytes)
    else copyFilePrivate(file, tmp)
    // Committed work still in the source's WAL belongs to the copy too; SQLite replays it there.
    if (wal > 0) copyFilePrivate(`${file}-wal`, `${tmp}-wal`)
    const staged = verifyCopy(tmp, migrations)
    fsyncFile(tmp)
    return staged
  } catch (e) {
    removeStaged(tmp)
    throw e
  }
}

export function removeStaged(tmp: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${tmp}${suffix}`, { force: true })
}

/** Checks what a file claims to be; returns the size of the database it holds, when its header knows it. */
function checkSource(source: string): number | null {
  let st: fs.Stats
  try {
    st = fs.statSync(source)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new OwnlistError('IO_ERROR', 'That file does not exist (or is a link to nothing).')
    throw new OwnlistError('IO_ERROR', `That file cannot be read (${code ?? 'error'}).`)
  }
  if (st.isDirectory()) throw new OwnlistError('NOT_A_PROFILE', 'That is a folder, not an Ownlist profile file.')
  let head
  try {
    head = readSqliteHeader(source)
  } catch (e) {
    throw new OwnlistError('IO_ERROR', `That file cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`)
  }
  if (head.kind === 'not-sqlite')
    throw new OwnlistError('NOT_A_PROFILE', `That file is not an Ownlist profile: ${head.reason}.`)
  if (head.header.applicationId !== APPLICATION_ID) {
    throw new OwnlistError('NOT_A_PROFILE', 'That file is a SQLite database of another app, not an Ownlist profile.')
  }
  return head.header.databaseBytes
}

/** Copies the first `bytes` bytes of `from` to `to`. */
function copyPrefix(from: string, to: string, bytes: number): void {
  const src = fs.openSync(from, 'r')
  try {
    const dst = fs.openSync(to, 'wx', PRIVATE_FILE_MODE)
    try {
      const buf = Buffer.alloc(1 << 20)
      for (let pos = 0; pos < bytes;) {
        const n = fs.readSync(src, buf, 0, Math.min(buf.length, bytes - pos), pos)
        if (n === 0) break
        fs.writeSync(dst, buf, 0, n)
        pos += n
      }
    } finally {
      fs.closeSync(dst)
    }
  } finally {
    fs.closeSync(src)
  }
}

function walSize(file: string): number {
  try {
    return fs.statSync(`${file}-wal`).size
  } catch {
    return 0
  }
}

function verifyCopy(tmp: string, migrations: readonly Migration[]): StagedProfile {
  const latestSchema = latestVersion(migrations)
  let db: Db | undefined
  try {
    db = openDatabase(tmp, { fileMustExist: true })
    // Fold any WAL into the copy: it must be one self-contained file.
    db.pragma('journal_mode = DELETE')
    const integrity = db.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok')
      throw new OwnlistError('CORRUPT', 'That file is damaged: it fails SQLite’s integrity check.')
    const schemaVersion = db.pragma('user_version', { simple: true }) as number
    let meta: Record<string, string>
    try {
      meta = readMeta(db)
    } catch {
      throw new OwnlistError('NOT_A_PROFILE', 'That file has no Ownlist profile information.')
    }
    if (schemaVersion > latestSchema) {
      const written = shownVersion(meta.app_version)
      const by = written ? `Ownlist ${written}` : 'a newer Ownlist'
      throw new OwnlistError(
        'SCHEMA_TOO_NEW',
        `That file was written by ${by} (schema version ${schemaVersion}); update Ownlist to use it.`,
      )
    }
    if (!meta.name) throw new OwnlistError('NOT_A_PROFILE', 'That file has no Ownlist profile name.')
    // Passing the integrity check is not enough: a missing table would only fail later, in use.
    const problem = profileShapeProblem(db)
    if (problem) {
      throw new OwnlistError(
        schemaVersion < 1 ? 'NOT_A_PROFILE' : 'CORRUPT',
        `That file is not a usable Ownlist profile: ${problem}.`,
      )
    }
    // Nor is a valid file enough: a trigger or view of its own would run inside this app.
    const diff = schemaDifference(db, migrations)
    const foreign = foreignObjectsProblem(diff)
    if (foreign) throw new OwnlistError('NOT_A_PROFILE', `That file is not accepted as an Ownlist profile: ${foreign}.`)
    if (diff)
      throw new OwnlistError(
        'CORRUPT',
        `That file is not a usable Ownlist profile: it lacks ${diff.missing.slice(0, 3).join(', ')}${diff.missing.length > 3 ? '…' : ''}.`,
      )
    return { schemaVersion, meta }
  } catch (e) {
    if (e instanceof OwnlistError || isDiskFull(e)) throw e
    const code = (e as { code?: string }).code ?? ''
    if (code.startsWith('SQLITE_NOTADB')) throw new OwnlistError('NOT_A_PROFILE', 'That file is not a database.')
    if (code.startsWith('SQLITE_CORRUPT')) throw new OwnlistError('CORRUPT', 'That file is damaged and cannot be read.')
    if (code.startsWith('SQLITE_'))
      throw new OwnlistError('CORRUPT', `That file cannot be read as a database (${code}).`)
    throw e
  } finally {
    db?.close()
  }
}
