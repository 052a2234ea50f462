import { OwnlistError } from '../../engine/errors'
import { locateTodo, snoozeReminder } from '../../engine/queries/reminders'
import { getTodo } from '../../engine/queries/todos'
import { parseRemindAt } from '../../engine/recurrence/remind'
import { remindersDue } from '../../engine/reminders/due'
import { expectReminders } from '../ports'
import { profileById } from '../session'
import type { Todo } from '../../../common/contract'
import type { HandlerContext, SomeHandlers } from './context'

/** Reminders across every profile: listed without opening any, snoozed in whichever profile has the to-do. */
export function reminderHandlers({ engine, profile, emit, now, reminders }: HandlerContext) {
  return {
    'reminders.due': ({ until }) => remindersDue(engine, until === undefined ? now() : new Date(parseRemindAt(until))),
    'reminders.snooze': async ({ profileId, todoId, until }) => {
      parseRemindAt(until) // a bad time is refused before any profile is opened
      const snooze = (db: Parameters<typeof snoozeReminder>[0]) => snoozeReminder(db, { id: todoId, until, now: now() })
      // The window shows the new time on the row at once, whoever snoozed (the OS notification is in main);
      // the scheduler fires it then, not at its next look.
      const told = (todo: Todo) => {
        emit('reminderSnoozed', { profileId, todo })
        expectReminders(reminders, todo)
        return todo
      }
      if (profile.openId === profileId) return told(profile.write(snooze))
      const { id } = profileById(engine, profileId)
      // A missing to-do is found by a read: the profile is not opened (nor stamped) for nothing.
      await engine.readProfile(id, (db) => getTodo(db, todoId))
      return told(await engine.writeProfile(id, snooze))
    },
    'reminders.locate': ({ profileId, todoId }) => {
      // The window opens the profile first; a profile switched in between must not answer for another's to-do.
      if (profile.openId !== profileId) throw new OwnlistError('NOT_FOUND', 'That to-do’s profile is not open.')
      return locateTodo(profile.db(), { id: todoId })
    },
  } satisfies SomeHandlers
}
