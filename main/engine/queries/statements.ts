import type Database from 'better-sqlite3'
import type { ReadableDb } from '../connection'

/**
 * A cached statement. Its mode (rows as objects, or plucked) is fixed when it is made: a caller
 * that switched a shared statement to pluck or raw mode would change what every other caller gets.
 */
export type CachedStatement = Omit<Database.Statement<unknown[]>, 'pluck' | 'raw' | 'expand' | 'safeIntegers'>

/**
 * Every query function's statements, prepared once per connection: compiling one costs about as
 * much as running it (bench/: adding a to-do, listing a page). Keyed by the connection, so a closed
 * one takes its statements with it. Only the bounded set of texts the query functions build goes
 * through here.
 */
const statements = new WeakMap<ReadableDb, Map<string, CachedStatement>>()

function cached(db: ReadableDb, key: string, make: () => CachedStatement): CachedStatement {
  let byKey = statements.get(db)
  if (!byKey) statements.set(db, (byKey = new Map()))
  let stmt = byKey.get(key)
  if (!stmt) byKey.set(key, (stmt = make()))
  return stmt
}

/** The connection's statement for `sql`, rows as objects. */
export function prepare(db: ReadableDb, sql: string): CachedStatement {
  return cached(db, sql, () => db.prepare(sql))
}

/** The connection's statement for `sql` returning only the first column of each row. */
export function preparePluck(db: ReadableDb, sql: string): CachedStatement {
  return cached(db, `pluck:${sql}`, () => db.prepare(sql).pluck())
}
