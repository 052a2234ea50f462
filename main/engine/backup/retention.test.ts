import { describe, expect, it } from 'vitest'
import {
  backupsToPrune,
  isoWeek,
  KEEP_ALL_FOR,
  SNAPSHOT_MIN_AGE,
  SNAPSHOTS_ALWAYS_KEPT,
  type BackupStamp,
} from './retention'
import { consecutiveDays, monthEnds } from '../../../test/support/dates'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

/** A Thursday, 10:00 UTC, in ISO week 2026-W48. */
const NOW = new Date('2026-11-26T10:00:00.000Z')

const name = (kind: BackupStamp['kind'], d: Date) => `${kind}-${d.toISOString()}`
const stamp = (kind: BackupStamp['kind'], d: Date): BackupStamp => ({ file: name(kind, d), kind, createdAt: d })

/** Automatic backups every half hour from `now` back `days` days (newest first). */
function halfHourly(now: Date, days: number): BackupStamp[] {
  const out: BackupStamp[] = []
  for (let t = now.getTime(); t > now.getTime() - days * DAY; t -= 30 * MIN) out.push(stamp('auto', new Date(t)))
  return out
}

/** The files `backupsToPrune` keeps, i.e. every file it does not drop. */
function kept(backups: readonly BackupStamp[], now: Date, protect?: ReadonlySet<string>): string[] {
  const drop = new Set(backupsToPrune(backups, now, protect))
  return backups
    .filter((b) => !drop.has(b.file))
    .map((b) => b.file)
    .sort()
}

const utc = (iso: string) => new Date(`${iso}Z`)
/** 23:30 UTC of each given day: the newest half-hourly backup of that day. */
const lastOfDay = (day: string) => name('auto', utc(`${day}T23:30:00.000`))

describe('retention of a year of half-hourly automatic backups', () => {
  // 380 days, so some backups are older than the whole rotation (a year) and must go.
  const timeline = halfHourly(NOW, 380)

  // The kept set, worked out by hand from the rules (NOW = Thu 2026-11-26 10:00 UTC):
  // 1. everything from the last 2 days: NOW back to 2026-11-24T10:30 (96 backups);
  const lastTwoDays = timeline.filter((b) => NOW.getTime() - b.createdAt.getTime() < 2 * DAY).map((b) => b.file)
  // 2. one per day for 14 days: the newest of each day back to 2026-11-12 (days 11-24..26 are in 1.);
  const daily = consecutiveDays('2026-11-12', 12).map(lastOfDay) // to 2026-11-23
  // 3. one per ISO week for 8 weeks (back to 2026-10-01, in W40): the newest is each Sunday's
  //    last one; W46..W48 already have theirs in 1. and 2.;
  const weekly = ['2026-10-04', '2026-10-11', '2026-10-18', '2026-10-25', '2026-11-01', '2026-11-08'].map(lastOfDay)
  // 4. one per month for 12 months: the last one of each month, 2025-11 to 2026-10
  //    (2026-11's newest is NOW itself).
  const monthly = monthEnds('2025-11', 12).map(lastOfDay)
  const expected = [...lastTwoDays, ...daily, ...weekly, ...monthly].sort()

  it('keeps exactly: all of the last 2 days, then one per day, per ISO week and per month', () => {
    expect(timeline).toHaveLength(380 * 48)
    expect(lastTwoDays).toHaveLength(96)
    expect(lastTwoDays.at(-1)).toBe(name('auto', utc('2026-11-24T10:30:00.000')))
    expect(new Set(expected).size).toBe(96 + 12 + 6 + 12)

    const result = kept(timeline, NOW)
    expect(result).toEqual(expected)
    const drop = new Set(backupsToPrune(timeline, NOW))
    expect(drop.size).toBe(timeline.length - expected.length)
    // Nothing older than the rotation's year survives.
    const tooOld = timeline.filter((b) => NOW.getTime() - b.createdAt.getTime() >= 366 * DAY)
    expect(tooOld.length).toBeGreaterThan(600)
    expect(tooOld.filter((b) => !drop.has(b.file))).toEqual([])
  })

  it('keeps, per tier, the newest backup of every period in reach and nothing else', () => {
    const keptSet = new Set(kept(timeline, NOW))
    const age = (b: BackupStamp) => NOW.getTime() - b.createdAt.getTime()
    const tiers = [
      { name: 'day', within: 14 * DAY, period: (d: Date) => d.toISOString().slice(0, 10) },
      { name: 'week', within: 56 * DAY, period: isoWeek },
      { name: 'month', within: 366 * DAY, period: (d: Date) => d.toISOString().slice(0, 7) },
    ]
    // The newest backup of each period of each tier, among those young enough for the tier.
    const newest = tiers.map((tier) => {
      const byPeriod = new Map<string, BackupStamp>()
      for (const b of timeline) {
        if (age(b) >= tier.within) continue
        const key = tier.period(b.createdAt)
        const seen = byPeriod.get(key)
        if (!seen || b.createdAt > seen.createdAt) byPeriod.set(key, b)
      }
      return new Map([...byPeriod.values()].map((b) => [b.file, b]))
    })
    // Every one of them is kept…
    for (const tier of newest) for (const f of tier.keys()) expect(keptSet.has(f)).toBe(true)
    // …and every kept backup older than 2 days is one of them. Counted by the finest tier that
    // keeps it: 12 more days, 6 more weeks, 12 more months.
    const counts: Record<string, number> = { day: 0, week: 0, month: 0 }
    for (const b of timeline) {
      if (!keptSet.has(b.file) || age(b) < KEEP_ALL_FOR) continue
      const tier = tiers.findIndex((_, i) => newest[i]!.has(b.file))
      expect(tier, b.file).toBeGreaterThanOrEqual(0)
      counts[tiers[tier]!.name]!++
    }
    expect(counts).toEqual({ day: 12, week: 6, month: 12 })
    // Periods in reach: 15 days (11-12..11-26), 9 ISO weeks (W40..W48), 13 months (2025-11..2026-11).
    expect(newest.map((m) => m.size)).toEqual([15, 9, 13])
  })

  it('pruning after every new backup for a year ends with exactly the set pruning once at the end keeps', () => {
    const start = NOW.getTime() - 380 * DAY + 30 * MIN
    let present: BackupStamp[] = []
    const everDropped = new Set<string>()
    let most = 0
    for (let t = start; t <= NOW.getTime(); t += 30 * MIN) {
      present.push(stamp('auto', new Date(t)))
      const drop = new Set(backupsToPrune(present, new Date(t)))
      for (const f of drop) everDropped.add(f)
      present = present.filter((b) => !drop.has(b.file))
      most = Math.max(most, present.length)
    }
    // The rotation never held more than the rules allow (2 days, 15 days, 9 weeks, 13 months).
    expect(most).toBeLessThanOrEqual(96 + 15 + 9 + 13)
    expect(present.map((b) => b.file).sort()).toEqual(expected)
    // What is kept at the end was kept all along: a backup once dropped was never wanted again.
    for (const f of expected) expect(everDropped.has(f)).toBe(false)
  })
})

describe('snapshots taken before a migration or a restore', () => {
  const ago = (days: number, hours = 0) => new Date(NOW.getTime() - days * DAY - hours * HOUR)

  it.each(['pre-migration', 'pre-restore'] as const)(
    '%s: every one younger than 90 days stays, older ones only among the newest 3',
    (kind) => {
      expect([SNAPSHOT_MIN_AGE, SNAPSHOTS_ALWAYS_KEPT]).toEqual([90 * DAY, 3])
      // Many young ones: all kept, however many.
      const young = Array.from({ length: 20 }, (_, i) => stamp(kind, ago(i * 4, 1)))
      expect(backupsToPrune(young, NOW)).toEqual([])

      // Only old ones: the newest 3 stay.
      const old = [100, 120, 200, 300, 400, 500].map((d) => stamp(kind, ago(d)))
      expect(kept(old, NOW)).toEqual([ago(100), ago(120), ago(200)].map((d) => name(kind, d)).sort())

      // Two young ones are two of the newest 3: only the newest old one stays with them.
      const mixed = [stamp(kind, ago(10)), stamp(kind, ago(89, 23)), ...old]
      expect(kept(mixed, NOW)).toEqual([ago(10), ago(89, 23), ago(100)].map((d) => name(kind, d)).sort())

      // Exactly at 90 days it is no longer young.
      const edge = [...[1, 2, 3].map((d) => stamp(kind, ago(d))), stamp(kind, ago(90)), stamp(kind, ago(89, 23))]
      expect(backupsToPrune(edge, NOW)).toEqual([name(kind, ago(90))])
    },
  )

  it('counts the newest 3 per kind, and never lets automatic backups push snapshots out', () => {
    const migr = [100, 110, 120, 130].map((d) => stamp('pre-migration', ago(d)))
    const rest = [101, 111, 121, 131].map((d) => stamp('pre-restore', ago(d)))
    const autos = halfHourly(NOW, 3)
    const result = new Set(kept([...migr, ...rest, ...autos], NOW))
    for (const s of [...migr.slice(0, 3), ...rest.slice(0, 3)]) expect(result.has(s.file)).toBe(true)
    expect(result.has(migr[3]!.file)).toBe(false)
    expect(result.has(rest[3]!.file)).toBe(false)
  })
})

describe('manual and protected backups', () => {
  it('never prunes a manual backup, however old or frequent', () => {
    const manual = [...halfHourly(new Date(NOW.getTime() - 700 * DAY), 3), ...halfHourly(NOW, 1)].map((b) =>
      stamp('manual', b.createdAt),
    )
    const all = [...manual, ...halfHourly(NOW, 30)]
    const drop = backupsToPrune(all, NOW)
    expect(drop.length).toBeGreaterThan(0)
    for (const m of manual) expect(drop).not.toContain(m.file)
  })

  it('never prunes a file in `protect`, of any kind', () => {
    const timeline = halfHourly(NOW, 380)
    const snapshots = [200, 300, 400, 500].map((d) => stamp('pre-restore', new Date(NOW.getTime() - d * DAY)))
    const all = [...timeline, ...snapshots]
    const unprotected = backupsToPrune(all, NOW)
    // Backups the rules drop: one from 3 days ago, the oldest of the timeline and the oldest snapshot.
    const victims = [name('auto', new Date(NOW.getTime() - 3 * DAY)), timeline.at(-1)!.file, snapshots[3]!.file]
    for (const v of victims) expect(unprotected).toContain(v)

    const drop = backupsToPrune(all, NOW, new Set(victims))
    expect(drop.sort()).toEqual(unprotected.filter((f) => !victims.includes(f)).sort())
    // A protected name that is not among the backups changes nothing.
    expect(backupsToPrune(all, NOW, new Set(['elsewhere.sqlite'])).sort()).toEqual([...unprotected].sort())
  })

  it('drops nothing from an empty or a young timeline', () => {
    expect(backupsToPrune([], NOW)).toEqual([])
    expect(backupsToPrune(halfHourly(NOW, 2), NOW)).toEqual([])
  })
})

describe('isoWeek', () => {
  it.each([
    // Year boundaries where the ISO year differs from the calendar year.
    ['2020-12-31T12:00:00Z', '2020-W53'],
    ['2021-01-01T00:00:00Z', '2020-W53'],
    ['2021-01-03T23:59:59.999Z', '2020-W53'],
    ['2021-01-04T00:00:00Z', '2021-W01'],
    ['2024-12-29T23:59:59.999Z', '2024-W52'],
    ['2024-12-30T00:00:00Z', '2025-W01'],
    ['2025-12-28T12:00:00Z', '2025-W52'],
    ['2025-12-29T00:00:00Z', '2026-W01'],
    ['2026-01-01T12:00:00Z', '2026-W01'],
    ['2026-12-31T12:00:00Z', '2026-W53'],
    ['2027-01-03T23:59:59.999Z', '2026-W53'],
    ['2027-01-04T00:00:00Z', '2027-W01'],
    ['2008-12-29T00:00:00Z', '2009-W01'],
    ['2010-01-03T12:00:00Z', '2009-W53'],
    ['2015-12-31T12:00:00Z', '2015-W53'],
    ['2016-01-03T12:00:00Z', '2015-W53'],
    ['2016-01-04T12:00:00Z', '2016-W01'],
    // Leap day, and an ordinary mid-year week.
    ['2024-02-29T12:00:00Z', '2024-W09'],
    ['2026-11-26T10:00:00Z', '2026-W48'],
  ])('%s is in %s', (iso, week) => {
    expect(isoWeek(new Date(iso))).toBe(week)
  })

  it('agrees with a day-by-day count for every day of 2000–2040 (weeks start on Monday, week 1 holds the first Thursday)', () => {
    let week = 52 // 1999-12-27 (a Monday) starts 1999-W52
    let year = 1999
    for (let t = Date.UTC(1999, 11, 27); t < Date.UTC(2041, 0, 1); t += DAY) {
      const d = new Date(t)
      if (d.getUTCDay() === 1) {
        // A new week belongs to the year of its Thursday.
        const thursdayYear = new Date(t + 3 * DAY).getUTCFullYear()
        if (thursdayYear !== year) {
          year = thursdayYear
          week = 1
        } else if (t !== Date.UTC(1999, 11, 27)) {
          week++
        }
      }
      expect(isoWeek(new Date(t + 13 * HOUR))).toBe(`${year}-W${String(week).padStart(2, '0')}`)
    }
  })

  it('groups the days across a new year into one week in the weekly tier', () => {
    // Daily backups at noon, now = 2027-02-10 12:00: the weekly tier reaches back to 2026-12-17.
    const now = new Date('2027-02-10T12:00:00.000Z')
    const days: BackupStamp[] = []
    for (let t = Date.UTC(2026, 11, 1, 12); t <= now.getTime(); t += DAY) days.push(stamp('auto', new Date(t)))
    const result = kept(days, now).map((f) => f.slice('auto-'.length, 'auto-'.length + 10))
    // 2026-W53 runs Mon 2026-12-28 to Sun 2027-01-03: only its Sunday stays for the week,
    // and 2026-12-31 only as the newest of December.
    expect(result.filter((d) => d >= '2026-12-28' && d <= '2027-01-03')).toEqual(['2026-12-31', '2027-01-03'])
    expect(result).toEqual([
      '2026-12-20',
      '2026-12-27',
      '2026-12-31',
      '2027-01-03',
      '2027-01-10',
      '2027-01-17',
      '2027-01-24',
      ...Array.from({ length: 14 }, (_, i) => new Date(Date.UTC(2027, 0, 28 + i)).toISOString().slice(0, 10)),
    ])
  })
})
