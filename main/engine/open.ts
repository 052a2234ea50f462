import fs from 'node:fs'
import path from 'node:path'
import type { Db, WritableDb } from './connection'
import { assertNoOtherWriter, openWritable, profileShapeProblem, withReadingConnection } from './connection'
import { busyError, isBusy, isDiskFull, OwnlistError, toErrorValue } from './errors'
import { APPLICATION_ID, isHeaderAuthoritative, readSqliteHeader } from './header'
import { IN_USE_ELSEWHERE, lockOrFail, type FileLock } from './lock'
import { readMeta, writeMeta } from './meta'
import { applyMigrations, latestVersion, type Migration, type MigrationProgress } from './migrations'
import { fileStamp } from './paths'
import { backupProfileFile } from './backup/copy'
import { foreignObjectsProblem, schemaDifference } from './schema'
import { shownVersion } from './version-text'

export interface OpenRequest {
  id: string
  file: string
  lockFile: string
  backupsDir: string
  migrations: readonly Migration[]
  appVersion: string
  now: () => Date
  onProgress?: (p: MigrationProgress & { phase: 'snapshot' | 'migrate' }) => void
  /** Records when the app opened the profile, outside its file (see LastOpened). */
  stampOpened?: (at: string) => void
}

export interface OpenResult {
  db: WritableDb
  lock: FileLock
  from: number
  to: number
  snapshot: string | null
}

/**
 * Reads a profile's schema version without writing a byte: from the header when no WAL
 * content exists (the common case, no SQLite open at all), else through a reading connection.
 */
export function readSchemaVersion(file: string): number {
  let head
  try {
    head = readSqliteHeader(file)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new OwnlistError('PROFILE_NOT_FOUND', 'That profile no longer exists.')
    }
    throw e
  }
  if (head.kind === 'not-sqlite' || head.header.applicationId !== APPLICATION_ID) {
    throw new OwnlistError('NOT_A_PROFILE', 'This file is not an Ownlist profile.')
  }
  if (isHeaderAuthoritative(file)) return head.header.userVersion
  return withReadingConnection(file, (db) => db.pragma('user_version', { simple: true }) as number)
}

export function tooNewError(file: string, version: number, appVersion: string, latest: number): OwnlistError {
  let writer = 'a newer version of Ownlist'
  try {
    const v = shownVersion(withReadingConnection(file, (db) => readMeta(db).app_version))
    // Only name a version that is really newer than this one (a hand-edited or development file may say otherwise).
    if (v && isNewerVersion(v, appVersion)) writer = `Ownlist ${v}`
  } catch {
    // The version is only for the message; the refusal stands without it.
  }
  return new OwnlistError(
    'SCHEMA_TOO_NEW',
    `This profile was last written by ${writer} (schema version ${version}); this is Ownlist ${appVersion}, ` +
      `which knows schema version ${latest}. Install ${writer} or later to open it. The file has not been changed.`,
  )
}

/** Is `a` a later release than `b`? Compares dotted numbers; anything unparsable is not newer. */
export function isNewerVersion(a: string, b: string): boolean {
  const parse = (v: string) => (/^\d+(\.\d+)*/.exec(v)?.[0] ?? '').split('.').map(Number)
  const [x, y] = [parse(a), parse(b)]
  if (!x[0] && x.length === 1) return false
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0)
    if (d !== 0) return d > 0
  }
  return false
}

/**
 * Refuses, before anything is written, a profile whose schema lacks a core table (it would fail
 * in use) or has a trigger, view, index or table its version does not (opening runs that code).
 */
function assertUsableShape(db: Db, migrations: readonly Migration[]): void {
  const problem = profileShapeProblem(db)
  if (problem) {
    throw new OwnlistError('CORRUPT', `This profile is damaged: ${problem}. Restore it from a backup, or repair it.`)
  }
  const foreign = foreignObjectsProblem(schemaDifference(db, migrations))
  if (foreign) {
    throw new OwnlistError(
      'NOT_A_PROFILE',
      `This file is not accepted as an Ownlist profile: ${foreign}. It has not been changed.`,
    )
  }
}

/**
 * Files whose shape, schema objects and meta id this process checked on an open, by the file's
 * identity then: device, inode, size, mtime and ctime in nanoseconds, with no WAL content beside
 * it. Any write to the file moves its ctime, which no one can set back, so an unchanged identity
 * means the bytes the check read (the same kind of test ProfileFiles trusts for every read and
 * write). Switching back and forth between profiles then checks each once, not on every open.
 */
const checkedFiles = new Map<string, string>()
const MAX_CHECKED = 10_000

function identityForCheck(file: string, migrations: readonly Migration[], id: string): string | null {
  if (!isHeaderAuthoritative(file)) return null
  const st = fs.statSync(file, { bigint: true, throwIfNoEntry: false })
  return st ? `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}:${latestVersion(migrations)}:${id}` : null
}

/**
 * Opens a profile for writing: takes its lock (or fails at once with PROFILE_IN_USE),
 * refuses files from the future without touching them, and migrates older files after
 * a verified snapshot, all pending migrations in one transaction.
 */
export async function openProfileForWriting(req: OpenRequest): Promise<OpenResult> {
  const lock = lockOrFail(req.lockFile, `${IN_USE_ELSEWHERE} Close it there first.`)
  let db: WritableDb | undefined
  try {
    const latest = latestVersion(req.migrations)
    const from = readSchemaVersion(req.file)
    if (from > latest) throw tooNewError(req.file, from, req.appVersion, latest)
    const before = from === latest ? identityForCheck(req.file, req.migrations, req.id) : null
    const checked = before !== null && checkedFiles.get(req.file) === before
    db = openWritable(req.file, checked ? undefined : (d) => assertUsableShape(d, req.migrations))
    // Another program writing the file would make every write (a migration's first) wait and fail:
    // say so now, before a snapshot is taken or the open is recorded anywhere.
    assertNoOtherWriter(db)
    let snapshot: string | null = null
    if (from < latest) {
      req.onProgress?.({ phase: 'snapshot', done: 0, total: latest - from, name: '' })
      snapshot = path.join(req.backupsDir, `pre-migration-v${from}-${fileStamp(req.now())}.sqlite`)
      await backupProfileFile(req.file, snapshot, { createDir: true })
      try {
        applyMigrations(db, req.migrations, (p) => req.onProgress?.({ phase: 'migrate', ...p }), req.now)
      } catch (e) {
        if (!(e instanceof OwnlistError) && !isDiskFull(e)) throw e
        const { code, message } = toErrorValue(e)
        const where = `The profile is unchanged, and a copy from before the upgrade is in the backups folder as ${path.basename(snapshot)}.`
        throw new OwnlistError(code, `${message} ${where}`, { cause: e })
      }
    }
    // Opening writes nothing to the file: "last opened" lives outside it, and the app version is
    // stamped by the first change (see ProfileSession). Only a migration, or a file whose id is not
    // its file name (copied in by hand), is written here.
    if (!checked) {
      const meta = readMeta(db)
      if (meta.id !== req.id || from < latest)
        writeMeta(db, { ...(meta.id === req.id ? {} : { id: req.id }), app_version: req.appVersion })
      else if (before !== null && identityForCheck(req.file, req.migrations, req.id) === before) {
        if (checkedFiles.size >= MAX_CHECKED) checkedFiles.clear()
        checkedFiles.set(req.file, before)
      }
    }
    req.stampOpened?.(req.now().toISOString())
    return { db, lock, from, to: latest, snapshot }
  } catch (e) {
    db?.close()
    lock.release()
    if (e instanceof OwnlistError) throw e
    if (isBusy(e)) throw busyError(e)
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !fs.existsSync(req.file)) {
      throw new OwnlistError('PROFILE_NOT_FOUND', 'That profile no longer exists.')
    }
    throw e
  }
}
