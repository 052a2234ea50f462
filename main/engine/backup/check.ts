import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Db } from '../connection'
import { openDatabase, openForReading, openWritable } from '../connection'
import { FileLock } from '../lock'
import { readSchemaVersion } from '../open'

export interface CheckResult {
  ok: boolean
  problems: string[]
}

/**
 * Integrity, foreign-key and full-text checks of a profile; the profile is not changed.
 * `own` is this process's open session of it, when it has one.
 */
export async function checkProfile(p: {
  file: string
  lockFile: string
  schemaVersion: number
  own?: { write<T>(fn: (db: Db) => T): T }
}): Promise<CheckResult> {
  let problems: string[]
  if (p.own) {
    // The full-text check is an FTS5 command written as an INSERT.
    problems = p.own.write((db) => checkDatabase(db, { fullText: true }))
  } else {
    const lock = readSchemaVersion(p.file) <= p.schemaVersion ? FileLock.tryAcquire(p.lockFile) : null
    try {
      // Without the lock (in use elsewhere, or a newer schema) the check only reads, and the
      // full-text check (an FTS5 command written as an INSERT) runs on a copy instead.
      const db = lock ? openWritable(p.file) : openForReading(p.file)
      try {
        problems = checkDatabase(db, { fullText: lock !== null })
      } finally {
        db.close()
      }
      if (!lock && problems.length === 0) problems = await checkFullTextOnCopy(p.file)
    } catch (e) {
      const code = (e as { code?: string }).code ?? ''
      if (!code.startsWith('SQLITE_CORRUPT') && !code.startsWith('SQLITE_NOTADB')) throw e
      problems = [`the database is damaged and cannot be read (${(e as Error).message})`]
    } finally {
      lock?.release()
    }
  }
  return { ok: problems.length === 0, problems }
}

/**
 * Integrity, foreign keys and the full-text index, in words. The full-text check is an
 * FTS5 command written as an INSERT, so it needs a connection that may write (it changes
 * nothing); a read-only caller skips it.
 */
export function checkDatabase(db: Db, opts: { fullText: boolean }): string[] {
  const problems: string[] = []
  const integrity = db.pragma('integrity_check') as { integrity_check: string }[]
  for (const row of integrity) if (row.integrity_check !== 'ok') problems.push(`integrity: ${row.integrity_check}`)
  try {
    const fks = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]
    for (const fk of fks)
      problems.push(`foreign key: ${fk.table} row ${fk.rowid} refers to a missing row of ${fk.parent}`)
  } catch (e) {
    problems.push(`foreign key check could not run: ${(e as Error).message}`)
  }
  if (opts.fullText) {
    try {
      db.prepare("INSERT INTO todos_fts(todos_fts, rank) VALUES ('integrity-check', 1)").run()
    } catch (e) {
      problems.push(`full-text index: ${(e as Error).message}`)
    }
  }
  return problems
}

/** The full-text check for a profile someone else is writing: on a snapshot copy of it. */
export async function checkFullTextOnCopy(file: string): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-check-'))
  try {
    const copy = path.join(dir, 'copy.sqlite')
    const src = openForReading(file)
    try {
      await src.backup(copy)
    } finally {
      src.close()
    }
    const db = openDatabase(copy)
    try {
      return checkDatabase(db, { fullText: true }).filter((p) => p.startsWith('full-text'))
    } finally {
      db.close()
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
