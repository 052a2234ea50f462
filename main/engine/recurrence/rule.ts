import { OwnlistError } from '../errors'
import { parseYmd, toFloating } from './dates'
import { RRule, type Options } from './rrule-lib'

export type RepeatFrom = 'due' | 'done'

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA']
const UNITS: Record<string, string> = { day: 'DAILY', week: 'WEEKLY', month: 'MONTHLY', year: 'YEARLY' }
/** What a stored rule may say: the date-level parts of RFC 5545 (to-dos have due dates, not times). */
const ALLOWED = new Set([
  'FREQ',
  'INTERVAL',
  'UNTIL',
  'WKST',
  'BYDAY',
  'BYMONTHDAY',
  'BYMONTH',
  'BYSETPOS',
  'BYYEARDAY',
  'BYWEEKNO',
])
const DATE_FREQS = new Set<number>([RRule.DAILY, RRule.WEEKLY, RRule.MONTHLY, RRule.YEARLY])

const invalid = (why: string) =>
  new OwnlistError(
    'INVALID_ARGUMENT',
    `${why} A repeat rule is daily, weekdays, weekly, monthly, yearly, "every N days", "every N weeks", "every N months" or an RRULE: string.`,
  )

/**
 * What a person (or the API) wrote → the RRULE stored, "RRULE:FREQ=…". `anchor` is the date the
 * series starts from (the due date, else today). Repeating from the due date pins the day the
 * series falls on (the weekday, the day of the month), so a monthly to-do on the 31st comes back
 * to the 31st after a short month; from completion it counts whole periods from that day.
 */
export function parseRepeat(input: string, anchor: string, from: RepeatFrom): string {
  const text = input.trim()
  if (/^rrule:/i.test(text)) return checkRrule(text.slice(6))
  const { m, d } = parseYmd(anchor)
  const weekday = WEEKDAYS[toFloating(anchor).getUTCDay()]!
  const pin = from === 'due'
  const simple: Record<string, string> = {
    daily: 'FREQ=DAILY',
    weekdays: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
    weekly: pin ? `FREQ=WEEKLY;BYDAY=${weekday}` : 'FREQ=WEEKLY',
    monthly: pin ? `FREQ=MONTHLY;BYMONTHDAY=${d}` : 'FREQ=MONTHLY',
    yearly: pin ? `FREQ=YEARLY;BYMONTH=${m};BYMONTHDAY=${d}` : 'FREQ=YEARLY',
  }
  const word = text.toLowerCase()
  if (Object.hasOwn(simple, word)) return `RRULE:${simple[word]}`
  const every = /^every\s+(\d{1,3})\s+(day|week|month|year)s?$/i.exec(text)
  if (!every) throw invalid(`"${text.slice(0, 60)}" is not a repeat rule.`)
  const n = Number(every[1])
  if (n < 1) throw invalid('"every 0" does not repeat.')
  const unit = every[2]!.toLowerCase()
  const base = simple[{ day: 'daily', week: 'weekly', month: 'monthly', year: 'yearly' }[unit]!]!
  return `RRULE:${base.replace(/^FREQ=\w+/, `FREQ=${UNITS[unit]}${n > 1 ? `;INTERVAL=${n}` : ''}`)}`
}

/** Checks an RRULE body and gives it back in one spelling. */
function checkRrule(body: string): string {
  const parts = body.trim().toUpperCase().split(';').filter(Boolean)
  if (parts.length === 0) throw invalid('The RRULE is empty.')
  for (const p of parts) {
    const key = p.split('=')[0]!
    if (!/^[A-Z]+=[A-Z0-9,+\-T]+$/.test(p)) throw invalid(`"${p.slice(0, 40)}" is not an RRULE part.`)
    if (!ALLOWED.has(key))
      throw invalid(
        key === 'COUNT'
          ? 'COUNT is not supported; use UNTIL to end a series.'
          : `${key} is not supported in a to-do's repeat rule.`,
      )
  }
  let options: Partial<Options>
  try {
    options = RRule.parseString(parts.join(';'))
  } catch {
    throw invalid('That RRULE cannot be read.')
  }
  if (options.freq === undefined || !DATE_FREQS.has(options.freq))
    throw invalid('An RRULE needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY.')
  if (
    options.interval !== undefined &&
    (!Number.isInteger(options.interval) || options.interval < 1 || options.interval > 999)
  ) {
    throw invalid('INTERVAL is a whole number from 1 to 999.')
  }
  try {
    // rrule accepts some nonsense quietly; asking it for an occurrence makes it check the rest.
    new RRule({ ...options, dtstart: toFloating('2026-01-01') }).after(toFloating('2026-01-01'))
  } catch {
    throw invalid('That RRULE cannot be computed.')
  }
  return `RRULE:${parts.join(';')}`
}

/** A stored rule's options (the RRULE: prefix optional). */
export function ruleOptions(rule: string): Partial<Options> {
  return RRule.parseString(rule.replace(/^RRULE:/i, ''))
}
