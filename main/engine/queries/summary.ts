import type { ReadableDb } from '../connection'
import { preparePluck } from './statements'

/** Every to-do of the profile, done or not: the number the profile switcher and backup list show. */
export function countAllTodos(db: ReadableDb): number {
  return preparePluck(db, 'SELECT count(*) FROM todos').get() as number
}

/** The schema version the open file itself says it has. */
export function schemaVersionOf(db: ReadableDb): number {
  return db.pragma('user_version', { simple: true }) as number
}
