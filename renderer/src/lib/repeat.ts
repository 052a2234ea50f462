/**
 * The editor's repeat choices and the stored rule each one is: the engine stores "RRULE:…"
 * strings and reads the plain words (daily, weekly, …) itself. Pure, unit-tested.
 */
export type RepeatChoice = 'none' | 'daily' | 'weekdays' | 'weekly' | 'monthly' | 'yearly' | 'custom'

export const REPEAT_CHOICES: { value: RepeatChoice; label: string }[] = [
  { value: 'none', label: 'Does not repeat' },
  { value: 'daily', label: 'Daily' },
  { value: 'weekdays', label: 'Weekdays' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'monthly', label: 'Monthly' },
  { value: 'yearly', label: 'Yearly' },
  { value: 'custom', label: 'Custom…' },
]

/**
 * Which choice a stored rule is. The words are stored as pinned rules (weekly on the due
 * date's weekday), so only the ones that read back unambiguously map to a word; anything
 * else shows as custom, its rule text editable.
 */
export function repeatChoiceOf(rule: string | null): { choice: RepeatChoice; custom: string } {
  if (!rule) return { choice: 'none', custom: '' }
  const body = rule.replace(/^RRULE:/i, '').toUpperCase()
  if (body === 'FREQ=DAILY') return { choice: 'daily', custom: '' }
  if (body === 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR') return { choice: 'weekdays', custom: '' }
  return { choice: 'custom', custom: rule }
}

/** In words for the row's icon label: "Repeats weekly on Monday". */
export function describeRepeat(rule: string): string {
  const body = rule.replace(/^RRULE:/i, '').toUpperCase()
  const parts = new Map(body.split(';').map((p) => p.split('=') as [string, string]))
  const freq = parts.get('FREQ')
  const n = Number(parts.get('INTERVAL') ?? '1')
  const unit = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' }[freq ?? '']
  if (!unit) return 'Repeats'
  if (parts.get('BYDAY') === 'MO,TU,WE,TH,FR') return 'Repeats every weekday'
  let text = n > 1 ? `Repeats every ${n} ${unit}s` : `Repeats every ${unit}`
  const day = parts.get('BYDAY')
  const names: Record<string, string> = {
    MO: 'Monday',
    TU: 'Tuesday',
    WE: 'Wednesday',
    TH: 'Thursday',
    FR: 'Friday',
    SA: 'Saturday',
    SU: 'Sunday',
  }
  if (day && freq === 'WEEKLY')
    text += ` on ${day
      .split(',')
      .map((d) => names[d] ?? d)
      .join(', ')}`
  const md = parts.get('BYMONTHDAY')
  if (md && freq === 'MONTHLY') text += ` on day ${md}`
  return text
}

/** A UTC ISO moment as a datetime-local value in this machine's time ("2026-11-30T09:00"). */
export function localMomentOf(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`
}
