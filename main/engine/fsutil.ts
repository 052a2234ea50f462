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

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes the files in `dir` (and their -journal/-wal/-shm) that a process left behind when it
 * died mid-way: `owner` reads the pid out of a name (or null for files that are not such
 * leftovers); files of this process or of a live one stay.
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
    if (pid !== null && pid !== process.pid && !isProcessAlive(pid)) fs.rmSync(path.join(dir, name), { force: true })
  }
}
