import fs from 'node:fs'
import path from 'node:path'
import { OwnlistError } from '../errors'
import { realPathOrResolved, removeAbandonedWrites, writeFileAtomic } from '../fsutil'
import { backupProfileFile, removeAbandonedPartials } from './copy'
import { backupStamps } from './backup-files'
import { backupsToPrune, type BackupStamp } from './retention'

/**
 * The backup folder: a folder of the user's choice (another disk, a synced folder) where every
 * verified automatic backup is also copied, kept by the same retention rules. The baseline that
 * works everywhere, Windows included, where Litestream has no build.
 *
 * The setting and the outcome of the last copy live in the data folder (never in a profile
 * file); the copies go to `<folder>/Ownlist backups/<profile id>/auto-<time>.sqlite`.
 */
export const SETTING_FILE = 'backup-folder.json'
export const SUBFOLDER = 'Ownlist backups'

export interface BackupFolderState {
  /** Absolute path as set, or null (off). */
  folder: string | null
  /** When a backup was last copied there. */
  lastCopiedAt: string | null
  /** Why the last copy failed (the folder unplugged, say), in words; null after a success. */
  error: string | null
}

const OFF: BackupFolderState = { folder: null, lastCopiedAt: null, error: null }

const settingFile = (root: string) => path.join(root, SETTING_FILE)

/** The setting; off when never set or unreadable (a damaged setting never stops a backup). */
export function readBackupFolder(root: string): BackupFolderState {
  try {
    const raw = JSON.parse(fs.readFileSync(settingFile(root), 'utf8')) as Partial<BackupFolderState>
    if (typeof raw.folder !== 'string' || !path.isAbsolute(raw.folder)) return OFF
    return {
      folder: raw.folder,
      lastCopiedAt: typeof raw.lastCopiedAt === 'string' ? raw.lastCopiedAt : null,
      error: typeof raw.error === 'string' ? raw.error : null,
    }
  } catch {
    return OFF
  }
}

/**
 * Sets the backup folder (null turns it off). Refused, with nothing written, unless it is an
 * absolute path to an existing, writable folder outside the data folder.
 */
export function setBackupFolder(root: string, folder: string | null): BackupFolderState {
  if (folder === null) {
    if (fs.existsSync(settingFile(root))) fs.rmSync(settingFile(root))
    return OFF
  }
  const checked = checkFolder(root, folder)
  const state: BackupFolderState = { folder: checked, lastCopiedAt: null, error: null }
  writeState(root, state)
  return state
}

function checkFolder(root: string, folder: string): string {
  if (typeof folder !== 'string' || folder.trim() === '' || folder.includes('\0')) {
    throw new OwnlistError('INVALID_ARGUMENT', 'Name a folder for the backups.')
  }
  if (!path.isAbsolute(folder)) {
    throw new OwnlistError(
      'INVALID_ARGUMENT',
      'The backup folder must be a full path (starting at the root), not a relative one.',
    )
  }
  const resolved = path.resolve(folder)
  let st: fs.Stats | undefined
  try {
    st = fs.statSync(resolved, { throwIfNoEntry: false })
  } catch (e) {
    // A path through a file (ENOTDIR) names nothing either; anything else is the system's.
    if ((e as NodeJS.ErrnoException).code !== 'ENOTDIR')
      throw new OwnlistError('IO_ERROR', 'That folder cannot be read.')
  }
  if (!st) throw new OwnlistError('NOT_FOUND', 'There is no folder at that path.')
  if (!st.isDirectory()) throw new OwnlistError('INVALID_ARGUMENT', 'That is a file, not a folder.')
  const real = fs.realpathSync(resolved)
  const data = realPathOrResolved(root)
  if (real === data || real.startsWith(`${data}${path.sep}`)) {
    // Inside profiles/ a copy would even show up as a profile; anywhere in it, it protects nothing.
    throw new OwnlistError(
      'INVALID_ARGUMENT',
      'The backup folder must be outside Ownlist’s data folder: a copy there is lost with it.',
    )
  }
  try {
    fs.accessSync(resolved, fs.constants.W_OK)
  } catch {
    throw new OwnlistError('IO_ERROR', 'Ownlist cannot write into that folder.')
  }
  return resolved
}

/**
 * Copies the profile's newest automatic backup into the backup folder unless it is there
 * already, then prunes the copies there. Never throws: a folder that is unplugged, full or
 * read-only is recorded as the state's error (the backup in the data folder is unaffected), and
 * the next automatic backup tries again.
 */
export async function copyToBackupFolder(
  root: string,
  profileId: string,
  /** The newest automatic backup in the data folder (a verified file). */
  newestAuto: { file: string } | undefined,
  now: Date,
): Promise<BackupFolderState> {
  const state = readBackupFolder(root)
  if (!state.folder || !newestAuto) return state
  try {
    const st = fs.statSync(state.folder, { throwIfNoEntry: false })
    if (!st?.isDirectory()) throw new OwnlistError('NOT_FOUND', 'The backup folder is not there (a disk unplugged?).')
    const dir = path.join(state.folder, SUBFOLDER, profileId)
    const target = path.join(dir, path.basename(newestAuto.file))
    // Anything but a file already there (a folder of that name) makes the copy refuse, said as the error.
    if (!fs.lstatSync(target, { throwIfNoEntry: false })?.isFile()) {
      // Verified again on its way there: the copy in the folder is checked like the original.
      await backupProfileFile(newestAuto.file, target, { createDir: true })
    }
    pruneCopies(dir, now)
    return writeState(root, { folder: state.folder, lastCopiedAt: now.toISOString(), error: null })
  } catch (e) {
    const why = e instanceof OwnlistError ? e.message : 'The backup could not be copied there.'
    try {
      return writeState(root, { ...state, error: why })
    } catch {
      return { ...state, error: why }
    }
  }
}

/** Automatic backups only, by the data folder's rules; anything else there is never touched. */
function pruneCopies(dir: string, now: Date): void {
  const autos = listCopies(dir)
  for (const f of backupsToPrune(autos, now)) fs.rmSync(f, { force: true })
  removeAbandonedPartials(dir)
}

/** The automatic backups copied into one profile's folder there, by their names. */
export function listCopies(dir: string): BackupStamp[] {
  return backupStamps(dir).filter((b) => b.kind === 'auto')
}

function writeState(root: string, state: BackupFolderState): BackupFolderState {
  removeAbandonedWrites(settingFile(root))
  writeFileAtomic(settingFile(root), `${JSON.stringify(state)}\n`)
  return state
}
