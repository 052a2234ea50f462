/**
 * Dates typed in a new to-do's title ("Call the bank tomorrow 3pm", "fri", "next week",
 * "pay rent every month on the 1st"): what the add field understood, shown as chips before
 * saving. chrono-node reads the dates; repeat phrases ("every …", "daily") are read here,
 * since chrono has no notion of recurrence. Pure: no DOM, no calls, unit-tested.
 */
import { casual, type ParsedResult } from 'chrono-node'
import { localDate } from './dates'

/** A repeat rule the title asked for, as an RFC 5545 RRULE (what the engine's repeat rules use). */
export interface RepeatCandidate {
  rule: string
  /** The words in the title, e.g. "every month on the 1st". */
  text: string
  /** In words for the chip: "Every month on the 1st". */
  label: string
}

/** A phrase of the title that was understood: where it is, so it can leave the title. */
export interface Span {
  text: string
  index: number
}

export interface Capture {
  /** The date the title names (YYYY-MM-DD, local), or null. */
  dueOn: string | null
  /** A time of day named with it ("15:00"): a reminder candidate, unused until reminders exist. */
  time: string | null
  dateSpan: Span | null
  repeat: RepeatCandidate | null
  repeatSpan: Span | null
  /** "remind me at 9": when to remind, as local time without a zone ("2026-11-30T09:00"), or null. */
  remindAt: string | null
  remindSpan: Span | null
}

export const NOTHING: Capture = {
  dueOn: null,
  time: null,
  dateSpan: null,
  repeat: null,
  repeatSpan: null,
  remindAt: null,
  remindSpan: null,
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
const BYDAY = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA']
const DAY_NAME = /^(sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)(day)?s?$/i

const UNIT: Record<string, string> = { day: 'DAILY', week: 'WEEKLY', month: 'MONTHLY', year: 'YEARLY' }
const ADVERB: Record<string, string> = {
  daily: 'DAILY',
  weekly: 'WEEKLY',
  monthly: 'MONTHLY',
  yearly: 'YEARLY',
  annually: 'YEARLY',
}

// "every month on the 1st", "every 2 weeks", "every monday", "every weekday", "daily", "monthly on the 15th"
const REPEAT =
  /\b(?:every\s+(?:(other|\d{1,2})\s+)?(day|week|month|year|weekday|(?:sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)(?:day)?)s?|(daily|weekly|monthly|yearly|annually))(?:\s+on\s+the\s+(\d{1,2})(?:st|nd|rd|th)?)?\b/i

/** Reads the repeat phrase of `text`, if any, and the first date it falls on from `today`. */
export function parseRepeat(
  text: string,
  today: Date,
): { repeat: RepeatCandidate; span: Span; first: Date | null } | null {
  const m = REPEAT.exec(text)
  if (!m) return null
  const [whole, every, unitWord, adverb, dayOfMonth] = m
  const interval = every === 'other' ? 2 : every ? Number(every) : 1
  const parts: string[] = []
  let label: string
  let first: Date | null = null
  const unit = unitWord?.toLowerCase()
  const dayMatch = unit ? DAY_NAME.exec(unit) : null
  if (unit === 'weekday') {
    parts.push('FREQ=WEEKLY', 'BYDAY=MO,TU,WE,TH,FR')
    label = 'Every weekday'
    first = nextWhere(today, (d) => d.getDay() !== 0 && d.getDay() !== 6)
  } else if (dayMatch) {
    const day = WEEKDAYS.findIndex((w) => w.startsWith(dayMatch[1]!.toLowerCase().slice(0, 3)))
    parts.push('FREQ=WEEKLY', `BYDAY=${BYDAY[day]}`)
    label = `Every ${interval > 1 ? `${ordinalEvery(interval)} ` : ''}${capitalise(WEEKDAYS[day]!)}`
    first = nextWhere(today, (d) => d.getDay() === day)
  } else {
    const freq = unit ? UNIT[unit]! : ADVERB[adverb!.toLowerCase()]!
    parts.push(`FREQ=${freq}`)
    const noun = freq === 'DAILY' ? 'day' : freq.toLowerCase().replace('ly', '')
    label = interval > 1 ? `Every ${interval} ${noun}s` : `Every ${noun}`
  }
  if (interval > 1) parts.push(`INTERVAL=${interval}`)
  if (dayOfMonth && parts[0] === 'FREQ=MONTHLY') {
    const n = Number(dayOfMonth)
    if (n < 1 || n > 31) return null
    parts.push(`BYMONTHDAY=${n}`)
    label += ` on the ${ordinal(n)}`
    first = nextMonthDay(today, n)
  }
  return { repeat: { rule: parts.join(';'), text: whole, label }, span: { text: whole, index: m.index }, first }
}

/**
 * What `text` says about dates, as of `now` (local time). `ignore`: phrases the person
 * dismissed (lower case); they stay words of the title.
 */
export function parseCapture(text: string, now: Date, ignore: ReadonlySet<string> = new Set()): Capture {
  if (!/[a-z0-9]/i.test(text)) return NOTHING
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate())
  let repeatHit = parseRepeat(text, today)
  if (repeatHit && ignore.has(repeatHit.span.text.toLowerCase())) repeatHit = null
  // The repeat phrase is not a date of its own ("every monday" is not "monday").
  let rest = repeatHit ? blank(text, repeatHit.span) : text
  let remindHit = parseRemind(rest, now)
  if (remindHit && ignore.has(remindHit.span.text.toLowerCase())) remindHit = null
  // Nor is the reminder's time the due date.
  if (remindHit) rest = blank(rest, remindHit.span)
  const found = casual
    .parse(rest, now, { forwardDate: true })
    .find((r) => usable(r) && !ignore.has(r.text.toLowerCase()))
  const dateSpan = found ? { text: found.text, index: found.index } : null
  let dueOn: string | null = null
  let time: string | null = null
  if (found && /^next week$/i.test(found.text)) {
    // Chrono reads "next week" as a week from now; a to-do app's "next week" is its Monday.
    dueOn = localDate(
      nextWhere(new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1), (d) => d.getDay() === 1),
    )
  } else if (found) {
    dueOn = localDate(found.start.date())
    if (found.start.isCertain('hour')) {
      const d = found.start.date()
      time = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
    }
  } else if (repeatHit) {
    // A repeating to-do gets a due date: the first time it falls due.
    dueOn = localDate(repeatHit.first ?? today)
  }
  return {
    dueOn,
    time,
    dateSpan,
    repeat: repeatHit?.repeat ?? null,
    repeatSpan: repeatHit?.span ?? null,
    remindAt: remindHit?.at ?? null,
    remindSpan: remindHit?.span ?? null,
  }
}

const REMIND = /\bremind\s+me\s+/i

/**
 * "remind me at 9", "remind me tomorrow 9am", "remind me fri at 17:30": the moment, as local time
 * without a zone (what `remindAt` takes). A bare hour ("at 9") is the next time that hour comes.
 */
export function parseRemind(text: string, now: Date): { at: string; span: Span } | null {
  const m = REMIND.exec(text)
  if (!m) return null
  const after = text.slice(m.index + m[0].length)
  const bare = /^(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)?(?![\w:])/i.exec(after)
  const found = casual.parse(after, now, { forwardDate: true })[0]
  if (found && found.index === 0 && found.start.isCertain('hour')) {
    const d = found.start.date()
    // A time that has just come, with no day named, means the next one.
    if (d <= now && !found.start.isCertain('day')) d.setDate(d.getDate() + 1)
    return { at: localMoment(d), span: { text: m[0] + found.text, index: m.index } }
  }
  if (!bare) return null
  let hour = Number(bare[1])
  const minute = bare[2] ? Number(bare[2]) : 0
  const half = bare[3]?.toLowerCase()
  if (half === 'pm' && hour < 12) hour += 12
  if (half === 'am' && hour === 12) hour = 0
  if (hour > 23 || minute > 59) return null
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate(), hour, minute)
  if (d <= now) d.setDate(d.getDate() + 1)
  return { at: localMoment(d), span: { text: (m[0] + bare[0]).trimEnd(), index: m.index } }
}

function localMoment(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${localDate(d)}T${p(d.getHours())}:${p(d.getMinutes())}`
}

/** The title without the understood phrases (and a dangling "on"/"at"/"by" before them). */
export function titleWithout(text: string, spans: (Span | null)[]): string {
  const cut = spans.filter((s): s is Span => s !== null).sort((a, b) => b.index - a.index)
  let out = text
  for (const s of cut) {
    const before = out.slice(0, s.index).replace(/\s+(?:on|at|by|due|from)\s*$/i, '')
    out = `${before} ${out.slice(s.index + s.text.length)}`
  }
  return out
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:!?])/g, '$1')
    .trim()
}

/** `todos.add` takes a `repeat` rule (an "RRULE:…" string) and a `remindAt`. */
export const API_TAKES_REPEAT = true

export interface AddInput {
  title: string
  dueOn: string | null
  repeat?: string
  remindAt?: string
}

/** What `todos.add` gets from a captured title. */
export function addInput(text: string, capture: Capture, picked: string | null): AddInput {
  if (picked !== null) return { title: text.trim(), dueOn: picked }
  const title = titleWithout(text, [capture.dateSpan, capture.repeatSpan, capture.remindSpan])
  const input: AddInput = {
    // Nothing but a date ("tomorrow"): the words stay the title rather than leave it empty.
    title: title || text.trim(),
    dueOn: capture.dueOn,
  }
  // The engine reads "RRULE:…" strings; the capture's rule is the bare body.
  if (API_TAKES_REPEAT && capture.repeat) input.repeat = `RRULE:${capture.repeat.rule}`
  if (capture.remindAt) input.remindAt = capture.remindAt
  return input
}

/** Chrono finds numbers that are not dates ("3 books"): keep only results that name a day. */
function usable(r: ParsedResult): boolean {
  const s = r.start
  if (s.isCertain('day') || s.isCertain('weekday')) return true
  // "next week", "in 2 months": relative phrases chrono fills in.
  return r.tags().has('result/relativeDate')
}

function blank(text: string, span: Span): string {
  return text.slice(0, span.index) + ' '.repeat(span.text.length) + text.slice(span.index + span.text.length)
}

function nextWhere(from: Date, ok: (d: Date) => boolean): Date {
  const d = new Date(from)
  for (let i = 0; i < 7 && !ok(d); i++) d.setDate(d.getDate() + 1)
  return d
}

/** The next date on or after `from` that is day `n` of its month (the last day in months without one). */
function nextMonthDay(from: Date, n: number): Date {
  for (let add = 0; ; add++) {
    const last = new Date(from.getFullYear(), from.getMonth() + add + 1, 0).getDate()
    const d = new Date(from.getFullYear(), from.getMonth() + add, Math.min(n, last))
    if (d >= from) return d
  }
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')
  return `${n}${s}`
}

function ordinalEvery(n: number): string {
  return n === 2 ? 'other' : ordinal(n)
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/** Warms chrono's patterns (its first parse compiles them, ~0.5 s) while the app is idle. */
export function warmCapture(): void {
  casual.parse('tomorrow 3pm fri next week on 12 march in 2 days', new Date())
}
