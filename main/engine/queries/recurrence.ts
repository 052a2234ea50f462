import type { WritableDb } from '../connection'
import { prepare } from './statements'
import { localDate } from '../local-date'
import type { Todo } from '../../../common/model'
import { nextDueOn } from '../recurrence/next'
import { shiftReminder } from '../recurrence/remind'
import { getTodo, setDone } from './todos'

export interface DoneResult {
  todo: Todo
  /** The occurrence that completing a repeating to-do created, or null. */
  next: Todo | null
}

/**
 * Marks a to-do done or not done. Completing an open repeating to-do also creates its next
 * occurrence, in the same transaction; completing one already done changes nothing.
 *
 * Reopening a completed occurrence removes the next occurrence its completion created, as long
 * as nobody has touched that one (edited, moved, completed). When it has been touched it stays,
 * the series goes on there, and the reopened one becomes a plain to-do: one open occurrence per series.
 */
export function setDoneRepeating(db: WritableDb, args: { id: number; done: boolean; now: Date }): DoneResult {
  return db.transaction((): DoneResult => {
    const current = getTodo(db, args.id)
    if (current.done === args.done) return { todo: current, next: null }
    const todo = setDone(db, args)
    if (args.done) {
      const next = current.repeat ? createNext(db, current, args.now) : null
      return { todo, next }
    }
    const follower = prepare(
      db,
      'SELECT id, done, created_at = updated_at AS untouched FROM todos WHERE follows_id = ?',
    ).get(args.id) as { id: number; done: number; untouched: number } | undefined
    if (follower?.untouched && !follower.done) {
      prepare(db, 'DELETE FROM todos WHERE id = ?').run(follower.id)
    } else if (follower) {
      prepare(db, 'UPDATE todos SET repeat_rule = NULL, repeat_from = NULL WHERE id = ?').run(args.id)
    }
    return { todo: getTodo(db, args.id), next: null }
  })()
}

function createNext(db: WritableDb, done: Todo, now: Date): Todo | null {
  const createdOn = localDate(new Date(done.createdAt))
  const dueOn = nextDueOn(done.repeat!, done.repeatFrom ?? 'due', {
    dueOn: done.dueOn,
    createdOn,
    completedOn: localDate(now),
  })
  if (!dueOn) return null
  const remindAt = done.remindAt ? shiftReminder(done.remindAt, done.dueOn ?? createdOn, dueOn) : null
  const at = now.toISOString()
  // Right after the completed one in its list (same position, a higher id).
  const { id } = prepare(
    db,
    `INSERT INTO todos(list_id, title, notes, due_on, position, created_at, updated_at, repeat_rule, repeat_from, remind_at, follows_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  ).get(
    done.listId,
    done.title,
    done.notes,
    dueOn,
    done.position,
    at,
    at,
    done.repeat,
    done.repeatFrom ?? 'due',
    remindAt,
    done.id,
  ) as { id: number }
  return getTodo(db, id)
}
