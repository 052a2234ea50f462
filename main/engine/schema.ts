import type { Db } from './connection'
import { openDatabase } from './connection'
import { applyMigrations, type Migration } from './migrations'

/**
 * Objects a file may hold beyond its schema version's own: statistics SQLite writes for
 * `PRAGMA optimize` / `ANALYZE`, and Litestream's bookkeeping tables. Tables only: data, no code.
 */
const ALLOWED_EXTRA_TABLES = new Set(['sqlite_stat1', 'sqlite_stat4', '_litestream_seq', '_litestream_lock'])

interface SchemaObject {
  type: string
  name: string
  tbl_name: string
  /** Whitespace-normalized CREATE statement of a trigger, view or virtual table; null for the rest. */
  sql: string | null
}

const known = new WeakMap<readonly Migration[], Map<number, Map<string, SchemaObject>>>()

/**
 * The schema objects of `version`, exactly as migrations 1..version make them (applied to an
 * empty in-memory database once, then cached), keyed by name.
 */
export function knownObjects(migrations: readonly Migration[], version: number): Map<string, SchemaObject> | null {
  if (version < 1 || !migrations.some((m) => m.version === version)) return null
  let byVersion = known.get(migrations)
  if (!byVersion) known.set(migrations, (byVersion = new Map()))
  let objects = byVersion.get(version)
  if (!objects) {
    const db = openDatabase(':memory:')
    try {
      applyMigrations(
        db,
        migrations.filter((m) => m.version <= version),
        undefined,
        () => new Date(0),
      )
      objects = schemaObjects(db)
    } finally {
      db.close()
    }
    byVersion.set(version, objects)
  }
  return objects
}

function schemaObjects(db: Db): Map<string, SchemaObject> {
  const rows = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema').all() as {
    type: string
    name: string
    tbl_name: string
    sql: string | null
  }[]
  const virtual = rows
    .filter((r) => r.type === 'table' && /^CREATE\s+VIRTUAL\s+TABLE/i.test(r.sql ?? ''))
    .map((r) => r.name)
  const objects = new Map<string, SchemaObject>()
  for (const r of rows) {
    // The statement is compared where it is code: a trigger's or view's body, a virtual table's
    // module. A changed index or table statement is damage for the integrity check and repair to
    // see; refusing it here would hide the profile from them.
    const code = r.type === 'trigger' || r.type === 'view' || virtual.includes(r.name)
    objects.set(r.name, {
      type: r.type,
      name: r.name,
      tbl_name: r.tbl_name,
      sql: code && r.sql !== null ? normalize(r.sql) : null,
    })
  }
  return objects
}

/** A name from a file, fit for a message: no control characters, at most 64 characters. */
function shown(name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')
  return clean.length > 64 ? `${clean.slice(0, 63)}…` : clean
}

function normalize(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim()
}

export interface SchemaDifference {
  /** Objects a file of this version never has (an extra trigger, view, index, table…), or has with other SQL. */
  foreign: string[]
  /** Known objects that are not there. */
  missing: string[]
}

/**
 * How a profile's schema differs from the one its schema version stands for, or null when it
 * is exactly that (plus the allowed extras). Null also for a version this app does not know
 * (a newer one is refused elsewhere). Reads only.
 */
export function schemaDifference(db: Db, migrations: readonly Migration[]): SchemaDifference | null {
  const version = db.pragma('user_version', { simple: true }) as number
  const expected = knownObjects(migrations, version)
  if (!expected) return null
  const actual = schemaObjects(db)
  const foreign: string[] = []
  for (const o of actual.values()) {
    const k = expected.get(o.name)
    if (!k) {
      if (!(o.type === 'table' && ALLOWED_EXTRA_TABLES.has(o.name))) foreign.push(`${o.type} "${shown(o.name)}"`)
    } else if (k.type !== o.type || k.tbl_name !== o.tbl_name || k.sql !== o.sql) {
      foreign.push(`${o.type} "${shown(o.name)}" (changed)`)
    }
  }
  const missing = [...expected.values()].filter((k) => !actual.has(k.name)).map((k) => `${k.type} "${k.name}"`)
  return foreign.length || missing.length ? { foreign, missing } : null
}

/** The reason for refusing a file whose schema has objects Ownlist did not make, or null. */
export function foreignObjectsProblem(diff: SchemaDifference | null): string | null {
  if (!diff || diff.foreign.length === 0) return null
  const shown = diff.foreign.slice(0, 3).join(', ')
  const more = diff.foreign.length > 3 ? ` and ${diff.foreign.length - 3} more` : ''
  return `it has schema objects Ownlist did not make: ${shown}${more}`
}
