// Calendar dates (YYYY-MM-DD) for tests' expected values, worked out from the calendar in UTC
// rather than typed out: the last day of each month, or a run of consecutive days.

const ymd = (d: Date) => d.toISOString().slice(0, 10)

/** The last day of `count` months in a row from `first` (YYYY-MM). */
export function monthEnds(first: string, count: number): string[] {
  const [y, m] = first.split('-').map(Number) as [number, number]
  // Day 0 of the next month is the last day of this one.
  return Array.from({ length: count }, (_, i) => ymd(new Date(Date.UTC(y, m + i, 0))))
}

/** `count` consecutive days from `first` (YYYY-MM-DD). */
export function consecutiveDays(first: string, count: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`)
  return Array.from({ length: count }, (_, i) => ymd(new Date(start + i * 86_400_000)))
}
