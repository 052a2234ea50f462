import { snoozeReminder } from '../../engine/queries/reminders'
import { getTodo } from '../../engine/queries/todos'
import { parseRemindAt } from '../../engine/recurrence/remind'
import { remindersDue } from '../../engine/reminders/due'
import { profileById } from '../session'
import type { HandlerContext, SomeHandlers } from './context'

/** Reminders across every profile: listed without opening any, snoozed in whichever profile has the to-do. */
export function reminderHandlers({ engine, profile, now }: HandlerContext) {
  return {
    'reminders.due': ({ until }) => remindersDue(engine, until === undefined ? now() : new Date(parseRemindAt(until))),
    'reminders.snooze': async ({ profileId, todoId, until }) => {
      parseRemindAt(until) // a bad time is refused before any profile is opened
      const snooze = (db: Parameters<typeof snoozeReminder>[0]) => snoozeReminder(db, { id: todoId, until, now: now() })
      if (profile.openId === profileId) return profile.write(snooze)
      const { id } = profileById(engine, profileId)
      // A missing to-do is found by a read: the profile is not opened (nor stamped) for nothing.
      await engine.readProfile(id, (db) => getTodo(db, todoId))
      return engine.writeProfile(id, snooze)
    },
  } satisfies SomeHandlers
}
