import fs from 'node:fs'
import path from 'node:path'
import type { Migration } from './migrations'

/** migrations/checksums.json: the shipped migrations, which must never change again. */
export type ChecksumList = Record<string, string>

export function checksumFile(migrationsDir: string): string {
  return path.join(migrationsDir, 'checksums.json')
}

export function readChecksums(migrationsDir: string): ChecksumList {
  try {
    return JSON.parse(fs.readFileSync(checksumFile(migrationsDir), 'utf8')) as ChecksumList
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw e
  }
}

/** Names of shipped migrations whose file no longer matches what was shipped (or is gone). */
export function editedMigrations(migrations: readonly Migration[], shipped: ChecksumList): string[] {
  const current = new Map(migrations.map((m) => [m.name, m.checksum]))
  return Object.entries(shipped)
    .filter(([name, sum]) => current.get(name) !== sum)
    .map(([name]) => name)
}
