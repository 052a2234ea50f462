import fs from 'node:fs'
import { openDatabase } from './connection'
import { APPLICATION_ID } from './header'
import { applyMigrations, type Migration } from './migrations'

/**
 * Builds a template database: every migration applied to an empty file. New profiles are
 * copies of it (a file copy is ~4x faster than replaying DDL and needs no fsync per table).
 */
export function buildTemplate(migrations: readonly Migration[], outFile: string, now = () => new Date()): void {
  const tmp = `${outFile}.partial`
  fs.rmSync(tmp, { force: true })
  const db = openDatabase(tmp)
  try {
    db.pragma(`application_id = ${APPLICATION_ID}`)
    applyMigrations(db, migrations, undefined, now)
    // A compact, self-contained file in rollback mode: profiles switch to WAL when first opened.
    db.exec('VACUUM')
  } finally {
    db.close()
  }
  fs.renameSync(tmp, outFile)
}
