import { openDatabase, type Db } from '../connection'
import { OwnlistError } from '../errors'
import { APPLICATION_ID } from '../header'

export type RowCounts = Record<string, number>

/** Row counts of every ordinary table (virtual tables are counted through their shadow tables). */
export function rowCounts(db: Db): RowCounts {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
    )
    .pluck()
    .all() as string[]
  return Object.fromEntries(
    tables.map((t) => [
      t,
      db
        .prepare(`SELECT count(*) FROM "${t.replace(/"/g, '""')}"`)
        .pluck()
        .get() as number,
    ]),
  )
}

export interface Expected {
  schemaVersion: number
  counts: RowCounts
}

/**
 * Makes a fresh copy self-contained (rollback journal, so it is one file with no -wal/-shm)
 * and proves it is what was copied: a structural check reading every page (quick_check), application_id, schema version and
 * the row count of every table equal to the source's at the same snapshot.
 */
export function finalizeAndVerify(file: string, expected: Expected): void {
  const db = openDatabase(file, { fileMustExist: true })
  try {
    // The copy is still a temporary file that its caller fsyncs before giving it its name, so
    // switching it out of WAL needs none of SQLite's own syncs (4 fsyncs per backup saved).
    db.pragma('synchronous = OFF')
    db.pragma('journal_mode = DELETE')
    const problems: string[] = []
    // quick_check, not integrity_check: it still reads every page of the copy and checks every
    // b-tree's structure and the freelist; what it skips (index entries matching their rows,
    // UNIQUE) cannot differ from the source in a page-for-page copy of one consistent snapshot,
    // and the row counts below are compared anyway. `check` keeps the full integrity_check.
    const integrity = db.pragma('quick_check', { simple: true })
    if (integrity !== 'ok') problems.push(`integrity check: ${String(integrity)}`)
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) problems.push('not marked as an Ownlist file')
    const version = db.pragma('user_version', { simple: true })
    if (version !== expected.schemaVersion)
      problems.push(`schema version ${String(version)}, expected ${expected.schemaVersion}`)
    const counts = rowCounts(db)
    for (const [table, n] of Object.entries(expected.counts)) {
      if (counts[table] !== n) problems.push(`${table}: ${counts[table] ?? 'missing'} rows, expected ${n}`)
    }
    if (problems.length) {
      throw new OwnlistError('IO_ERROR', `The backup did not verify (${problems.join('; ')}), so it was not kept.`)
    }
  } finally {
    db.close()
  }
}
