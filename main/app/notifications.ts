import { Notification } from 'electron'
import type { DueReminder } from '../../common/contract'
import type { ReminderNotice } from '../engine/reminders/scheduler'
import { snoozeUntil } from '../engine/reminders/scheduler'

export interface ReminderActions {
  /** The person clicked the notification: show that profile and to-do. */
  open(r: DueReminder): void
  snooze(r: DueReminder, until: Date): void
}

const SNOOZES = [
  ['10m', 'Snooze 10 minutes'],
  ['1h', 'Snooze 1 hour'],
  ['tomorrow', 'Tomorrow'],
] as const

// Electron drops a Notification's handlers once it is garbage-collected: hold each until it closes.
const live = new Set<Notification>()

/** Shows a reminder notice as an OS notification (thin: the scheduler decides what and when). */
export function showReminderNotice(notice: ReminderNotice, actions: ReminderActions): void {
  if (!Notification.isSupported() || notice.reminders.length === 0) return
  const first = notice.reminders[0]!
  const count = notice.reminders.length
  const titles = notice.reminders.slice(0, 3).map((r) => r.title)
  const body = count > 3 ? `${titles.join(', ')} and ${count - 3} more` : titles.join(', ')
  const n = new Notification({
    title: notice.missed ? (count === 1 ? 'Missed reminder' : `${count} missed reminders`) : 'Reminder',
    body,
    // Buttons show on macOS; elsewhere snooze is on the to-do's row.
    actions: count === 1 ? SNOOZES.map(([, text]) => ({ type: 'button' as const, text })) : [],
  })
  live.add(n)
  n.on('click', () => actions.open(first))
  n.on('action', (_e, index) => {
    const choice = SNOOZES[index]
    if (choice) actions.snooze(first, snoozeUntil(choice[0], new Date()))
  })
  n.on('close', () => live.delete(n))
  n.show()
}
