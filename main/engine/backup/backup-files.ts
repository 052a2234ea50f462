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
    const stamp = m[2]!.replace(/T(\d\d)-(\d\d)-(\d\d)/, 'T$1:$2:$3')
    out.push({
      file,
      kind: (m[1]!.startsWith('pre-migration') ? 'pre-migration' : m[1]) as BackupKind,
      createdAt: new Date(stamp).toISOString(),
      bytes: fs.statSync(file).size,
    })
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}
