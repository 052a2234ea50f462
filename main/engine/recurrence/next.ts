import { daysInMonth, formatYmd, fromFloating, parseYmd, toFloating } from './dates'
import type { RepeatFrom } from './rule'
import { ruleOptions } from './rule'
import { RRule, type Options } from './rrule-lib'

export interface Occurrence {
  /** The completed occurrence's due date, or null when it had none. */
  dueOn: string | null
  /** The local date it was created (the series' start when it has no due date). */
  createdOn: string
  /** The local date it was completed. */
  completedOn: string
}

/**
 * The next due date of a series, or null when its rule has ended (UNTIL).
 *
 * From the due date: the rule's first date after the due date, and after the day it was
 * completed, so completing early gives the next one on schedule and completing late skips the
 * dates already past instead of creating an overdue one. A to-do without a due date counts from
 * its creation date. From completion: the rule's first date after the completion day, counted
 * from that day.
 */
export function nextDueOn(rule: string, from: RepeatFrom, o: Occurrence): string | null {
  const start = from === 'done' ? o.completedOn : (o.dueOn ?? o.createdOn)
  const after = from === 'done' ? o.completedOn : maxDate(start, o.completedOn)
  return nextAfter(ruleOptions(rule), start, after)
}

const maxDate = (a: string, b: string) => (a > b ? a : b)

/** The rule's first date strictly after `after`, for a series starting at `start`. */
export function nextAfter(options: Partial<Options>, start: string, after: string): string | null {
  const until = options.until ? fromFloating(options.until) : null
  const found = clampedDay(options, start, after) ?? viaRrule(options, start, after)
  return found !== null && (until === null || found <= until) ? found : null
}

function viaRrule(options: Partial<Options>, start: string, after: string): string | null {
  const next = new RRule({ ...options, dtstart: toFloating(start) }).after(toFloating(after), false)
  return next ? fromFloating(next) : null
}

/**
 * Monthly and yearly on one day of the month, by hand: rrule (as RFC 5545 says) skips a month
 * that lacks the day, and DECISIONS.md says such a month's last day stands in (31st → 30th →
 * 28th/29th; 29 February → 28 February). Returns undefined for every other kind of rule.
 */
function clampedDay(o: Partial<Options>, start: string, after: string): string | null | undefined {
  if (o.freq !== RRule.MONTHLY && o.freq !== RRule.YEARLY) return undefined
  const only = (v: unknown): number | null | undefined =>
    v == null ? null : Array.isArray(v) ? (v.length === 1 ? v[0] : undefined) : (v as number)
  const byMonthDay = only(o.bymonthday)
  const byMonth = only(o.bymonth)
  const other = [o.byweekday, o.bysetpos, o.byyearday, o.byweekno, o.bynweekday].some(
    (v) => v != null && (!Array.isArray(v) || v.length > 0),
  )
  if (other || byMonthDay === undefined || byMonth === undefined || (byMonthDay !== null && byMonthDay < 1))
    return undefined
  if (o.freq === RRule.MONTHLY && byMonth !== null) return undefined
  const s = parseYmd(start)
  const day = byMonthDay ?? s.d
  const step = (o.interval ?? 1) * (o.freq === RRule.YEARLY ? 12 : 1)
  // The series' months: start's month (or BYMONTH in start's year), then every `step` months.
  let index = s.y * 12 + (o.freq === RRule.YEARLY && byMonth !== null ? byMonth - 1 : s.m - 1)
  for (let i = 0; i < 5000; i++, index += step) {
    const y = Math.floor(index / 12)
    const m = (index % 12) + 1
    const date = formatYmd({ y, m, d: Math.min(day, daysInMonth(y, m)) })
    if (date >= start && date > after) return date
  }
  return null
}
