import fs from 'node:fs'
import path from 'node:path'
import type { BackupInfo } from '../engine/backup/backups'
import { openForReading } from '../engine/connection'
import type { Engine } from '../engine/engine'
import type { ProfileEntry } from '../engine/listing'
import { countAllTodos } from '../engine/queries/summary'
import type { BackupSummary, Health, ProfileSummary } from '../../common/contract'

/** A profile as the switcher shows it; the to-do count is read without opening it for writing. */
export function summarize(engine: Engine, p: ProfileEntry): ProfileSummary {
  const tooNew = p.schemaVersion > engine.schemaVersion
  let todoCount: number | null = null
  if (!tooNew) {
    try {
      const own = engine.session(p.id)
      const db = own?.db ?? openForReading(p.file)
      try {
        todoCount = countAllTodos(db)
      } finally {
        if (!own) db.close()
      }
    } catch {
      todoCount = null
    }
  }
  const { id, name, schemaVersion, sizeBytes, createdAt, lastOpenedAt } = p
  return { id, name, schemaVersion, sizeBytes, createdAt, lastOpenedAt, todoCount, tooNew }
}

/** A backup as the backups panel shows it: a file that cannot be read has no to-do count. */
export function summarizeBackup(b: BackupInfo): BackupSummary {
  let todoCount: number | null
  try {
    const db = openForReading(b.file)
    try {
      todoCount = countAllTodos(db)
    } finally {
      db.close()
    }
  } catch {
    todoCount = null
  }
  return { name: path.basename(b.file), kind: b.kind, createdAt: b.createdAt, bytes: b.bytes, todoCount }
}

/** The health panel's figures for the open profile. */
export function presentHealth(p: {
  entry: ProfileEntry
  newest: BackupInfo | undefined
  schemaVersion: number
  lastCheck: Health['lastCheck']
}): Health {
  const size = (f: string) => {
    try {
      return fs.statSync(f).size
    } catch {
      return 0
    }
  }
  const { entry, newest } = p
  return {
    profileId: entry.id,
    fileBytes: size(entry.file),
    walBytes: size(`${entry.file}-wal`),
    schemaVersion: p.schemaVersion,
    // Every backup Ownlist writes is verified before it gets its name.
    lastBackup: newest ? { at: newest.createdAt, kind: newest.kind, verified: true } : null,
    lastCheck: p.lastCheck,
    location: path.dirname(entry.file),
  }
}
