import { openDatabase, openForReading, type Db } from './connection'

/** A profile's `meta` table, read and written only here. */

export function readMeta(db: Db): Record<string, string> {
  const rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]
  return Object.fromEntries(rows.map((r) => [r.key, r.value]))
}

export function writeMeta(db: Db, entries: Record<string, string>): void {
  const upsert = db.prepare(
    'INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  )
  db.transaction(() => {
    for (const [k, v] of Object.entries(entries)) upsert.run(k, v)
  })()
}

/** Writes `entries` into a file that is not a profile yet (a staged copy): a plain connection, no WAL. */
export function stampMeta(file: string, entries: Record<string, string>): void {
  const db = openDatabase(file, { fileMustExist: true })
  try {
    writeMeta(db, entries)
  } finally {
    db.close()
  }
}

/** Whatever metadata a damaged file still gives (only name, creation time and change counter are kept). */
export function readMetaLeniently(file: string): Record<string, string> {
  try {
    const db = openDatabase(file, { readonly: true, fileMustExist: true })
    try {
      // change_seq too: the rebuilt file's counter goes on from it (the rebuild's own writes move
      // it further), so it cannot meet an earlier backup's and skip the next automatic backup.
      const rows = db
        .prepare("SELECT key, value FROM meta WHERE key IN ('name', 'created_at', 'change_seq')")
        .all() as { key: string; value: string }[]
      return Object.fromEntries(rows.map((r) => [r.key, r.value]))
    } finally {
      db.close()
    }
  } catch {
    return {}
  }
}

/** meta.change_seq, or null where it cannot be read (an older schema, a damaged file). */
export function readChangeSeq(file: string): string | null {
  try {
    const db = openForReading(file)
    try {
      return (db.prepare("SELECT value FROM meta WHERE key = 'change_seq'").pluck().get() as string | undefined) ?? null
    } finally {
      db.close()
    }
  } catch {
    return null
  }
}
