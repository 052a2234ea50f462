import type { DueReminder } from '../../common/contract'
import type { ReminderScheduler } from '../engine/reminders/scheduler'
import type { ReminderPort } from './ports'

/** The app's reminder port: forwards to the scheduler once `startReminders` has made it; before, nothing listens. */
export class SchedulerPort implements ReminderPort {
  scheduler: ReminderScheduler | null = null

  get wantsDeletes(): boolean {
    return this.scheduler !== null
  }

  expect(at: Date): void {
    this.scheduler?.expect(at)
  }

  added(r: DueReminder): void {
    this.scheduler?.added(r)
  }

  deleted(r: DueReminder): void {
    this.scheduler?.deleted(r)
  }
}
