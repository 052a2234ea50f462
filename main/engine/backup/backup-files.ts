import fs from 'node:fs'
import path from 'node:path'
import type { BackupStamp } from './retention'

export type BackupKind = BackupStamp['kind']

export interface BackupInfo {
  file: string
  kind: BackupKind
  createdAt: string
  bytes: number
}

const NAME_PATTERN =
  /^(auto|manual|pre-restore|pre-migration-v\d+)-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d(?:\.\d+)?Z)\.sqlite$/

/** A profile's backups folder, newest first; files not named as backups are not listed. */
export function listBackupFiles(dir: string): BackupInfo[] {
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return []
  }
  const out: BackupInfo[] = []
  for (const name of names) {
    const m = NAME_PATTERN.exec(name)
    if (!m) continue
    const file = path.join(dir, name)
    const createdAt = new Date(m[2]!.replace(/T(\d\d)-(\d\d)-(\d\d)/, 'T$1:$2:$3'))
    // Shaped like a stamp but no time (a 13th month): not one of ours.
    if (Number.isNaN(createdAt.getTime())) continue
    out.push({
      file,
      kind: (m[1]!.startsWith('pre-migration') ? 'pre-migration' : m[1]) as BackupKind,
      createdAt: createdAt.toISOString(),
      bytes: fs.statSync(file).size,
    })
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

/** The same backups as retention weighs them. */
export function backupStamps(dir: string): BackupStamp[] {
  return listBackupFiles(dir).map((b) => ({ file: b.file, kind: b.kind, createdAt: new Date(b.createdAt) }))
}
