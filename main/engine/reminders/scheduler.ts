import type { DueReminder } from './due'
import { reminderKey, type ShownState } from './shown'

/** What the app shows: one reminder that came due, or everything missed while it was closed, as one notice. */
export type ReminderNotice = { missed: false; reminders: [DueReminder] } | { missed: true; reminders: DueReminder[] }

export interface SchedulerOptions {
  /** Open to-dos' reminders due by `until`, across profiles (remindersDue). */
  due: (until: Date) => DueReminder[]
  shown: ShownState
  notify: (notice: ReminderNotice) => void
  now?: () => Date
  /** How often to look; a reminder known at a look fires on time, one set elsewhere (the CLI) at most this late. */
  everyMs?: number
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
  log?: (e: unknown) => void
}

/**
 * Fires each reminder once while the app runs. At start, every reminder that came due while
 * the app was closed and was never shown becomes ONE notice, never a burst of stale ones.
 * A done or deleted to-do is not in `due`, so its reminder never fires; a snoozed one has a
 * new time, so it fires again then. Testable with a fake clock and timers.
 */
export class ReminderScheduler {
  private timer: unknown = null
  /** When the armed timer runs (ms since the epoch), else null. */
  private nextAt: number | null = null
  private started = false
  /** Passed reminders of deleted to-dos (see `deleted`), with how many of each. */
  private readonly gone = new Map<string, number>()
  private readonly now: () => Date
  private readonly everyMs: number
  private readonly setTimer: (fn: () => void, ms: number) => unknown
  private readonly clearTimer: (handle: unknown) => void

  constructor(private readonly opts: SchedulerOptions) {
    this.now = opts.now ?? (() => new Date())
    this.everyMs = opts.everyMs ?? 20_000
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref())
    this.clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout))
  }

  start(): void {
    if (this.started) return
    this.started = true
    this.check(true)
  }

  stop(): void {
    this.started = false
    if (this.timer !== null) this.clearTimer(this.timer)
    this.timer = null
    this.nextAt = null
  }

  /**
   * A reminder was just set or moved to `at` by the app: the next look comes no later than then
   * (one set a minute ahead must not wait up to `everyMs`). Nothing is read until that look.
   */
  expect(at: Date): void {
    if (!this.started) return
    const when = Math.max(at.getTime(), this.now().getTime())
    if (this.nextAt !== null && this.nextAt <= when) return
    this.schedule(when - this.now().getTime())
  }

  /**
   * A to-do was deleted: a reminder whose time had passed (shown, or never to be: done) is kept
   * in mind by profile, title and time, since undoing the delete adds the to-do again with a new
   * id. In memory only: undo lasts while the app runs.
   */
  deleted(r: DueReminder): void {
    if (Date.parse(r.remindAt) > this.now().getTime()) return
    const k = goneKey(r)
    this.gone.set(k, (this.gone.get(k) ?? 0) + 1)
    if (this.gone.size > MAX_GONE) this.gone.delete(this.gone.keys().next().value!)
  }

  /** A to-do was added: if it brings back a deleted one whose reminder's time had passed, that reminder counts as shown. */
  added(r: DueReminder): void {
    const k = goneKey(r)
    const n = this.gone.get(k)
    if (!n) return
    if (n > 1) this.gone.set(k, n - 1)
    else this.gone.delete(k)
    const shown = this.opts.shown.load()
    shown.add(reminderKey(r))
    this.opts.shown.save(shown)
  }

  /** Looks now, then waits until the next reminder known to come within `everyMs` (so it fires on time), else `everyMs`. */
  check(atStart = false): void {
    let wait = this.everyMs
    try {
      const now = this.now().getTime()
      const ahead = this.opts.due(new Date(now + this.everyMs))
      const due = ahead.filter((r) => Date.parse(r.remindAt) <= now)
      for (const r of ahead) {
        const at = Date.parse(r.remindAt)
        if (at > now) wait = Math.min(wait, at - now)
      }
      const shown = this.opts.shown.load()
      const fresh = due.filter((r) => !shown.has(reminderKey(r)))
      // Forget keys of reminders no longer due (done, deleted, moved later): the file stays small.
      const next = new Set(due.map(reminderKey).filter((k) => shown.has(k)))
      for (const r of fresh) next.add(reminderKey(r))
      if (fresh.length > 0 || next.size !== shown.size) this.opts.shown.save(next)
      if (fresh.length > 0) {
        if (atStart) this.opts.notify({ missed: true, reminders: fresh })
        else for (const r of fresh) this.opts.notify({ missed: false, reminders: [r] })
      }
    } catch (e) {
      ;(this.opts.log ?? console.error)(e)
    }
    this.schedule(wait)
  }

  private schedule(ms: number): void {
    if (this.timer !== null) this.clearTimer(this.timer)
    this.timer = null
    this.nextAt = null
    if (!this.started) return
    this.nextAt = this.now().getTime() + ms
    this.timer = this.setTimer(() => {
      this.timer = null
      this.nextAt = null
      this.check()
    }, ms)
  }
}

const MINUTE = 60_000
/** Deleted to-dos' passed reminders kept in mind at most (the oldest go first). */
const MAX_GONE = 1_000

const goneKey = (r: DueReminder) => JSON.stringify([r.profileId, r.title, r.remindAt])

/** The snooze choices: 10 minutes, 1 hour, or tomorrow at 9:00 local time. */
export function snoozeUntil(choice: '10m' | '1h' | 'tomorrow', now: Date): Date {
  if (choice === '10m') return new Date(now.getTime() + 10 * MINUTE)
  if (choice === '1h') return new Date(now.getTime() + 60 * MINUTE)
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0, 0, 0)
}
