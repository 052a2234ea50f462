import type { DueReminder } from '../../../common/contract'
import { setDoneRepeating } from '../../engine/queries/recurrence'
import * as todos from '../../engine/queries/todos'
import { expectReminders } from '../ports'
import type { CurrentProfile } from '../session'
import type { HandlerContext, SomeHandlers } from './context'

/** The open profile's to-dos; a reminder the window just set, moved or brought back fires on time, and once. */
export function todoHandlers({ profile, now, reminders }: HandlerContext) {
  return {
    'todos.list': (input) => {
      const db = profile.db()
      return {
        todos: todos.listTodos(db, input),
        total: input.total === false ? null : todos.countMatching(db, input),
        counts:
          input.counts === false
            ? null
            : todos.countTodos(db, { today: input.today, listId: input.listId, search: input.search }),
      }
    },
    'todos.add': (input) => {
      const todo = profile.write((db) => todos.addTodo(db, { ...input, now: now() }))
      expectReminders(reminders, todo)
      const { id, title, remindAt } = todo
      const profileId = profile.openId
      if (remindAt && profileId) reminders.added({ profileId, todoId: id, title, remindAt })
      return todo
    },
    'todos.update': (input) => {
      const todo = profile.write((db) => todos.updateTodo(db, { ...input, now: now() }))
      expectReminders(reminders, todo)
      return todo
    },
    'todos.setDone': ({ id, done }) => {
      const { todo, next } = profile.write((db) => setDoneRepeating(db, { id, done, now: now() }))
      // Completing a repeating to-do makes the next one, with its own reminder.
      expectReminders(reminders, todo, next)
      return { ...todo, next }
    },
    'todos.delete': ({ id }) => {
      // A reminder shows once: a deleted to-do brought back (undo adds it again, a new id) does not fire again.
      const gone = reminders.wantsDeletes ? reminderOf(profile, id) : null
      profile.write((db) => todos.deleteTodo(db, { id }))
      if (gone) reminders.deleted(gone)
      return { id }
    },
    'todos.move': (input) => profile.write((db) => todos.moveTodo(db, { ...input, now: now() })),
  } satisfies SomeHandlers
}

/** The reminder of a to-do of the open profile (read before it is deleted), else null. */
function reminderOf(profile: CurrentProfile, todoId: number): DueReminder | null {
  const profileId = profile.openId
  if (!profileId) return null
  try {
    const { title, remindAt } = todos.getTodo(profile.db(), todoId)
    return remindAt ? { profileId, todoId, title, remindAt } : null
  } catch {
    return null // the delete itself says what is wrong
  }
}
