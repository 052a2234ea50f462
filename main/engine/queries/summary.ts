import type { Db } from '../connection'

/** Every to-do of the profile, done or not: the number the profile switcher and backup list show. */
export function countAllTodos(db: Db): number {
  return db.prepare('SELECT count(*) FROM todos').pluck().get() as number
}

/** The schema version the open file itself says it has. */
export function schemaVersionOf(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number
}
