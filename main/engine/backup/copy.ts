import fs from 'node:fs'
import path from 'node:path'
import { openForReading, type Db } from '../connection'
import { OwnlistError } from '../errors'
import { createExclusive, fsyncDir, fsyncFile, makePrivateDir, randomSuffix, removeDeadTemporaries } from '../fsutil'
import { finalizeAndVerify, rowCounts } from './verify'

export interface BackupResult {
  file: string
  bytes: number
  verified: true
}

/** Pages copied per step of the online backup: small steps keep the app responsive. */
const PAGES_PER_STEP = 256

/**
 * Temporary files of earlier backups whose process died mid-way: those for `base` only, or
 * every one in `dir` (a profile's backups folder, whose names are never reused).
 */
export function removeAbandonedPartials(dir: string, base?: string): void {
  removeDeadTemporaries(dir, PARTIAL_PATTERN, base)
}

/** `.<target name>.<pid>.<16 random hex>.partial`, and nothing else, is one of ours. */
const PARTIAL_PATTERN = /^\.(?<base>.+)\.(?<pid>\d+)\.[0-9a-f]{16}\.partial$/
const partialName = (target: string) =>
  path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomSuffix()}.partial`)

/**
 * Backs up a profile file with SQLite's online backup API while it stays in use, even by
 * another process writing to it. The copy is taken inside one read transaction, so it and
 * the row counts it is checked against are the same snapshot. It is written to a temporary
 * name beside the target, verified, fsynced and only then renamed: a file under the target
 * name is always a complete, verified backup.
 */
export async function backupProfileFile(
  source: string,
  target: string,
  opts: { force?: boolean; createDir?: boolean } = {},
): Promise<BackupResult> {
  const dir = path.dirname(target)
  if (opts.createDir) makePrivateDir(dir)
  if (!fs.existsSync(dir)) throw new OwnlistError('IO_ERROR', 'The folder for the backup does not exist.')
  if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory()) {
    throw new OwnlistError('FILE_EXISTS', 'A folder has that name; choose another name for the backup.')
  }
  if (!opts.force && exists(target)) {
    throw new OwnlistError('FILE_EXISTS', 'A file with that name already exists; choose another name or replace it.')
  }
  removeAbandonedPartials(dir, path.basename(target))
  // Created here, exclusively and private, under a name nobody could guess: SQLite would
  // create it 0644, and would write through a link planted at a predictable name.
  const tmp = partialName(target)
  createExclusive(tmp)
  let src
  try {
    src = openForReading(source)
  } catch (e) {
    fs.rmSync(tmp, { force: true })
    throw e
  }
  try {
    src.exec('BEGIN')
    const expected = { schemaVersion: src.pragma('user_version', { simple: true }) as number, counts: rowCounts(src) }
    const size =
      (src.pragma('page_count', { simple: true }) as number) * (src.pragma('page_size', { simple: true }) as number)
    if (size <= IN_MEMORY_MAX_BYTES) writeSnapshot(src, tmp)
    else await src.backup(tmp, { progress: () => PAGES_PER_STEP })
    src.exec('COMMIT')
    finalizeAndVerify(tmp, expected)
    fsyncFile(tmp)
    if (!opts.force && exists(target)) {
      throw new OwnlistError('FILE_EXISTS', 'A file with that name already exists; choose another name or replace it.')
    }
    fs.renameSync(tmp, target)
    fsyncDir(dir)
    return { file: target, bytes: fs.statSync(target).size, verified: true }
  } catch (e) {
    // The copy of a WAL-mode profile starts in WAL mode: a failure (a full disk) can leave its -wal/-shm.
    for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${tmp}${suffix}`, { force: true })
    throw e
  } finally {
    if (src.inTransaction) src.exec('ROLLBACK')
    src.close()
  }
}

/** Up to this size the copy is taken in memory and written in one go (see writeSnapshot). */
const IN_MEMORY_MAX_BYTES = 64 * 1024 * 1024

/**
 * Writes the pages `src` reads in its open transaction (the same snapshot as the row counts)
 * into `tmp`, page for page, marked as a rollback-journal file as `journal_mode = DELETE` marks
 * a file with no WAL (header bytes 18–19). The online backup commits its copy with SQLite's own
 * journal and 4 fsyncs, which a temporary file that is verified and fsynced before its rename
 * does not need; a larger file still goes through it, in steps, so as not to hold it all in memory.
 */
function writeSnapshot(src: Db, tmp: string): void {
  const bytes = src.serialize()
  if (bytes.length >= 100 && bytes[18] === 2 && bytes[19] === 2) {
    bytes[18] = 1
    bytes[19] = 1
  }
  // The file this process created exclusively above, never a link put in its place.
  const fd = fs.openSync(tmp, fs.constants.O_WRONLY | (fs.constants.O_NOFOLLOW ?? 0))
  try {
    fs.writeFileSync(fd, bytes)
  } finally {
    fs.closeSync(fd)
  }
}

/** Anything at that name, a link to nothing included (existsSync follows links). */
function exists(file: string): boolean {
  return fs.lstatSync(file, { throwIfNoEntry: false }) !== undefined
}
