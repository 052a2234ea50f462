/** Calendar dates as the person's clock sees them (YYYY-MM-DD, local). Pure. */

export function localDate(d: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** Days from `today` to `date` (both YYYY-MM-DD); negative when in the past. */
export function daysBetween(today: string, date: string): number {
  const a = Date.UTC(...parts(today))
  const b = Date.UTC(...parts(date))
  return Math.round((b - a) / 86_400_000)
}

function parts(s: string): [number, number, number] {
  const [y, m, d] = s.split('-').map(Number)
  return [y ?? 1970, (m ?? 1) - 1, d ?? 1]
}

export type DueTone = 'overdue' | 'today' | 'soon' | 'later' | 'done'

/** A due date in words ("Today", "Tomorrow", "Overdue · 3 Jan") and how urgent it looks. */
export function describeDue(
  dueOn: string,
  today: string,
  done = false,
  locale?: string,
): { text: string; tone: DueTone } {
  const days = daysBetween(today, dueOn)
  const [y, m, d] = parts(dueOn)
  const sameYear = y === parts(today)[0]
  const date = formatter(locale, sameYear).format(new Date(Date.UTC(y, m, d)))
  if (done) return { text: date, tone: 'done' }
  if (days === 0) return { text: 'Today', tone: 'today' }
  if (days === 1) return { text: 'Tomorrow', tone: 'soon' }
  if (days < 0) return { text: `Overdue · ${date}`, tone: 'overdue' }
  return { text: date, tone: days <= 7 ? 'soon' : 'later' }
}

// Building an Intl formatter is slow next to using one: rows are rendered while scrolling.
const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(locale: string | undefined, sameYear: boolean): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${sameYear}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      ...(sameYear ? {} : { year: 'numeric' }),
      timeZone: 'UTC',
    })
    formatters.set(key, f)
  }
  return f
}
