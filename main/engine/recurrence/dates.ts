/** Calendar dates (YYYY-MM-DD) as plain values: no time of day, so no time zone and no DST. */

export interface Ymd {
  y: number
  m: number // 1–12
  d: number
}

export const parseYmd = (s: string): Ymd => ({
  y: Number(s.slice(0, 4)),
  m: Number(s.slice(5, 7)),
  d: Number(s.slice(8, 10)),
})
export const formatYmd = ({ y, m, d }: Ymd): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
export const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate()

/** A date as rrule wants a "floating" one: its calendar fields in UTC. */
export const toFloating = (s: string): Date => {
  const { y, m, d } = parseYmd(s)
  return new Date(Date.UTC(y, m - 1, d))
}
export const fromFloating = (d: Date): string => d.toISOString().slice(0, 10)

export function addDays(s: string, days: number): string {
  const t = toFloating(s)
  t.setUTCDate(t.getUTCDate() + days)
  return fromFloating(t)
}

export const daysBetween = (a: string, b: string): number =>
  Math.round((toFloating(b).getTime() - toFloating(a).getTime()) / 86_400_000)
