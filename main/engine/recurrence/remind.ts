import { OwnlistError } from '../errors'
import { localDate } from '../local-date'
import { addDays, daysBetween, parseYmd } from './dates'

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * A reminder time as written (ISO-8601) → a UTC ISO moment. Without `Z` or an offset it is the
 * user's local time (DECISIONS.md); with one, that moment.
 */
export function parseRemindAt(input: string): string {
  const m = ISO.exec(input.trim())
  const bad = () =>
    new OwnlistError(
      'INVALID_ARGUMENT',
      'A reminder is a date and time written YYYY-MM-DDTHH:MM, with an optional Z or offset, such as 2026-12-31T09:00.',
    )
  if (!m) throw bad()
  const [y, mo, d, h, mi] = m.slice(1, 6).map(Number) as [number, number, number, number, number]
  const sec = Number(m[6] ?? 0)
  const ms = Number((m[7] ?? '0').padEnd(3, '0'))
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) throw bad()
  const zone = m[8]?.toUpperCase()
  const offsetMinutes = !zone
    ? null
    : zone === 'Z'
      ? 0
      : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)))
  const at =
    offsetMinutes === null
      ? new Date(y, mo - 1, d, h, mi, sec, ms)
      : new Date(Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMinutes * 60_000)
  // 31 February and the like roll over in Date; refuse them instead.
  if (Number.isNaN(at.getTime()) || new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) throw bad()
  return at.toISOString()
}

/**
 * The next occurrence's reminder: as many days before (or after) its due date as this one's,
 * at the same local time of day, so "the due date, 9:00" stays 9:00 across a DST change.
 */
export function shiftReminder(remindAt: string, fromDate: string, toDate: string): string {
  const at = new Date(remindAt)
  const offsetDays = daysBetween(fromDate, localDate(at))
  const { y, m, d } = parseYmd(addDays(toDate, offsetDays))
  return new Date(y, m - 1, d, at.getHours(), at.getMinutes(), at.getSeconds(), at.getMilliseconds()).toISOString()
}
