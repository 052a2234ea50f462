import type { Db } from '../../main/engine/connection'

/** Everything that makes two databases "the same schema", for comparing them in tests. */
export function describeSchema(db: Db): unknown {
  return {
    userVersion: db.pragma('user_version', { simple: true }),
    applicationId: db.pragma('application_id', { simple: true }),
    objects: db
      .prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
      .all(),
    ledger: db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all(),
    lists: db.prepare('SELECT id, name, position FROM lists ORDER BY id').all(),
  }
}
