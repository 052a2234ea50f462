import type { ReadableDb, WritableDb } from '../connection'
import { prepare } from './statements'
import { OwnlistError } from '../errors'
import type { Todo } from '../../../common/model'
import { parseRemindAt } from '../recurrence/remind'
import { getTodo } from './todos'

export interface ProfileReminder {
  todoId: number
  title: string
  /** UTC ISO-8601. */
  remindAt: string
}

/** Open to-dos whose reminder time is at or before `until` (a UTC ISO moment), oldest first. */
export function dueReminders(db: ReadableDb, args: { until: string }): ProfileReminder[] {
  return prepare(
    db,
    `SELECT id AS todoId, title, remind_at AS remindAt FROM todos
       WHERE remind_at IS NOT NULL AND done = 0 AND remind_at <= ? ORDER BY remind_at, id`,
  ).all(args.until) as ProfileReminder[]
}

/** Moves a to-do's reminder to `until` (ISO-8601; local time without a zone): a user's change, so it is written. */
export function snoozeReminder(db: WritableDb, args: { id: number; until: string; now: Date }): Todo {
  const until = parseRemindAt(args.until)
  const { changes } = prepare(db, 'UPDATE todos SET remind_at = ?, updated_at = ? WHERE id = ?').run(
    until,
    args.now.toISOString(),
    args.id,
  )
  if (changes === 0) throw new OwnlistError('NOT_FOUND', 'That to-do no longer exists.')
  return getTodo(db, args.id)
}

/** Where a to-do sits: its list, and its row in that list's own order (position, then id), unfiltered. */
export function locateTodo(db: ReadableDb, args: { id: number }): { listId: number; index: number } {
  const found = prepare(
    db,
    `SELECT t.list_id AS listId,
       (SELECT count(*) FROM todos o WHERE o.list_id = t.list_id AND (o.position, o.id) < (t.position, t.id)) AS "index"
     FROM todos t WHERE t.id = ?`,
  ).get(args.id) as { listId: number; index: number } | undefined
  if (!found) throw new OwnlistError('NOT_FOUND', 'That to-do no longer exists.')
  return found
}
