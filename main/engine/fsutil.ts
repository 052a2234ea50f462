import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/** Flushes a file's bytes to disk. */
export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/** Makes a rename inside `dir` durable. Windows cannot open folders; NTFS journals renames. */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return
  const fd = fs.openSync(dir, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/** Renames and makes the rename durable in both folders. */
export function durableRename(from: string, to: string, dirs: string[]): void {
  fs.renameSync(from, to)
  for (const d of new Set(dirs)) fsyncDir(d)
}

/** Only a definite "no such process" counts as dead: any other answer (EPERM, a bad pid) keeps the file. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}

/** A pid as it appears in one of our file names; null for anything that cannot be one (0 is a process group). */
export function pidFromName(digits: string | undefined): number | null {
  if (digits === undefined || !/^[1-9]\d{0,9}$/.test(digits)) return null
  const pid = Number(digits)
  return pid <= 0x7fffffff ? pid : null
}

/** Random characters for a temporary name nobody can guess (and plant a link at) beforehand. */
export function randomSuffix(): string {
  return crypto.randomBytes(8).toString('hex')
}

/**
 * Removes the files in `dir` (and their -journal/-wal/-shm) that a process left behind when it
 * died mid-way: `owner` reads the pid out of a name that follows one of our naming schemes
 * exactly (or null for anything else). Files of this process or of a live one stay, and so
 * does anything that is not a plain file (a folder, a link) whatever its name: we only ever
 * create plain files.
 */
export function removeFilesOfDeadProcesses(dir: string, owner: (name: string) => number | null): void {
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) {
    const pid = owner(name.replace(/-(journal|wal|shm)$/, ''))
    if (pid === null || pid === process.pid || isProcessAlive(pid)) continue
    const file = path.join(dir, name)
    if (!fs.lstatSync(file, { throwIfNoEntry: false })?.isFile()) continue
    fs.rmSync(file, { force: true })
  }
}

/**
 * Removes from `dir` the temporary files of dead processes named by one of our schemes:
 * `pattern` matches the whole name and captures the pid as `(?<pid>…)`; with `base`, only
 * names whose `(?<base>…)` (the file they were for) is `base` are swept.
 */
export function removeDeadTemporaries(dir: string, pattern: RegExp, base?: string): void {
  // A pattern without its groups would sweep nothing, silently.
  if (!pattern.source.includes('(?<pid>') || (base !== undefined && !pattern.source.includes('(?<base>')))
    throw new Error(
      `removeDeadTemporaries: ${pattern} lacks a (?<pid>…)${base === undefined ? '' : ' or (?<base>…)'} group`,
    )
  removeFilesOfDeadProcesses(dir, (name) => {
    const groups = pattern.exec(name)?.groups
    return groups && (base === undefined || groups.base === base) ? pidFromName(groups.pid) : null
  })
}

/** The path with every link resolved, or only made absolute where it does not exist (yet). */
export function realPathOrResolved(p: string): string {
  try {
    return fs.realpathSync(p)
  } catch {
    return path.resolve(p)
  }
}

/** Folders we create hold profiles: private to the user (modes do not apply on Windows). */
export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

/**
 * Creates one of our folders (and any missing parent) private to the user, whatever the umask;
 * one of ours left readable by others (by an older version) is tightened.
 */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  if (process.platform === 'win32') return
  const st = fs.statSync(dir)
  if ((st.mode & 0o077) !== 0 && st.uid === process.getuid?.()) fs.chmodSync(dir, PRIVATE_DIR_MODE)
}

/** Makes a file we wrote private: copies take the source's mode, files SQLite creates 0644. */
export function makePrivateFile(file: string): void {
  if (process.platform !== 'win32') fs.chmodSync(file, PRIVATE_FILE_MODE)
}

/**
 * Creates `file` empty, exclusively and private: fails if anything, a link included, is
 * already there (O_CREAT|O_EXCL never follows a symlink), so nothing of someone else's is
 * ever written through or over.
 */
export function createExclusive(file: string): void {
  fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE))
}

/**
 * Before SQLite opens a store of ours that it may create: creates the file empty and private
 * when it is missing (SQLite would create it 0644; its -wal/-shm take the main file's mode).
 * Anything already there is left as it is; failing to create it (a read-only folder) is not an
 * error here: opening then fails or reads, as it would have.
 */
export function ensurePrivateDbFile(file: string): void {
  try {
    createExclusive(file)
  } catch {
    // Already there (a file, or a link we will not write through), or the folder is read-only.
  }
}

/**
 * Copies a file, private. Exclusive by default: never over an existing file or through a link
 * there; `replace` is for our own names in our own folders.
 */
export function copyFilePrivate(from: string, to: string, opts: { replace?: boolean } = {}): void {
  fs.copyFileSync(from, to, opts.replace ? 0 : fs.constants.COPYFILE_EXCL)
  makePrivateFile(to)
}

/**
 * Writes `data` to `file` atomically and privately: into an exclusively created temporary
 * name beside it (`.<name>.<pid>.<random>.tmp`), fsynced, then renamed over it.
 */
export function writeFileAtomic(file: string, data: string, opts: { durable?: boolean } = {}): void {
  const durable = opts.durable ?? true
  const dir = path.dirname(file)
  makePrivateDir(dir)
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomSuffix()}.tmp`)
  const fd = fs.openSync(tmp, 'wx', PRIVATE_FILE_MODE)
  try {
    try {
      fs.writeSync(fd, data)
      if (durable) fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, file)
  } catch (e) {
    fs.rmSync(tmp, { force: true })
    throw e
  }
  if (durable) fsyncDir(dir)
}

/** Temporary files of `writeFileAtomic` for `file` whose process died before the rename. */
export function removeAbandonedWrites(file: string): void {
  removeDeadTemporaries(path.dirname(file), /^\.(?<base>.+)\.(?<pid>\d+)\.[0-9a-f]{16}\.tmp$/, path.basename(file))
}
