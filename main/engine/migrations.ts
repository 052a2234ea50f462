import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { isDiskFull, OwnlistError } from './errors'

export interface Migration {
  version: number
  /** The file name without `.sql`, e.g. `0001-create-todo-schema`. */
  name: string
  sql: string
  checksum: string
}

export interface MigrationProgress {
  done: number
  total: number
  name: string
}

const FILE_PATTERN = /^(\d{4})-[a-z0-9]+(?:-[a-z0-9]+)*\.sql$/

export function checksumOf(sql: string): string {
  return crypto.createHash('sha256').update(sql).digest('hex')
}

/**
 * Reads `NNNN-kebab-name.sql` files in order. Versions must run 1, 2, 3… with no gap,
 * so a missing or misnamed file is found when the app starts, not in a user's profile.
 */
export function loadMigrations(dir: string): Migration[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
  return files.map((file, i) => {
    const match = FILE_PATTERN.exec(file)
    if (!match) throw new Error(`Migration file ${file} is not named NNNN-kebab-name.sql`)
    const version = Number(match[1])
    if (version !== i + 1) throw new Error(`Migration ${file} should be version ${i + 1}`)
    const sql = fs.readFileSync(path.join(dir, file), 'utf8')
    return { version, name: file.slice(0, -4), sql, checksum: checksumOf(sql) }
  })
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version
}

const LEDGER_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  checksum   TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`

/**
 * Applies every migration after `user_version` in ONE transaction, recording each in the
 * ledger. Any failure rolls everything back and is reported as MIGRATION_FAILED naming the
 * migration and SQLite's message. The caller has already refused databases from the future.
 */
export function applyMigrations(
  db: Database,
  migrations: readonly Migration[],
  onProgress?: (p: MigrationProgress) => void,
  now: () => Date = () => new Date(),
): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number
  const pending = migrations.filter((m) => m.version > from)
  if (pending.length === 0) return { from, to: from }
  const record = () =>
    db.prepare('INSERT INTO schema_migrations(version, name, checksum, applied_at) VALUES (?, ?, ?, ?)')
  db.transaction(() => {
    db.exec(LEDGER_DDL)
    // Lets a migration rebuild a table referenced by foreign keys; checked before commit.
    db.pragma('defer_foreign_keys = ON')
    pending.forEach((m, i) => {
      onProgress?.({ done: i, total: pending.length, name: m.name })
      try {
        db.exec(m.sql)
        record().run(m.version, m.name, m.checksum, now().toISOString())
        db.pragma(`user_version = ${m.version}`)
      } catch (e) {
        // A full disk is not the migration's fault: it keeps its own code (IO_ERROR).
        if (isDiskFull(e)) throw e
        throw new OwnlistError('MIGRATION_FAILED', `Migration ${m.name} failed: ${(e as Error).message}`, { cause: e })
      }
    })
    const violations = db.pragma('foreign_key_check') as unknown[]
    if (violations.length > 0) {
      const last = pending[pending.length - 1]!
      throw new OwnlistError(
        'MIGRATION_FAILED',
        `Migration ${last.name} failed: it left ${violations.length} broken foreign keys.`,
      )
    }
  }).immediate()
  onProgress?.({ done: pending.length, total: pending.length, name: pending[pending.length - 1]!.name })
  return { from, to: latestVersion(migrations) }
}
