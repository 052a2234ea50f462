/**
 * Which automatic backups to keep: everything from the last 2 days, then the newest of
 * each day for 14 days, of each week for 8 weeks, of each month for 12 months. Keeping the
 * newest of each period makes pruning stable: pruning every half hour for a year keeps
 * exactly what pruning once at the end would. Snapshots taken before a migration or a
 * restore are not rotated with these: each is kept for at least 90 days, and the newest
 * three of each kind always.
 */
export interface BackupStamp {
  file: string
  kind: 'auto' | 'manual' | 'pre-migration' | 'pre-restore'
  createdAt: Date
}

const DAY = 86_400_000
export const KEEP_ALL_FOR = 2 * DAY
export const SNAPSHOT_MIN_AGE = 90 * DAY
/** However old, the newest few snapshots of each kind stay. */
export const SNAPSHOTS_ALWAYS_KEPT = 3

const TIERS: { within: number; bucket: (d: Date) => string }[] = [
  { within: 14 * DAY, bucket: (d) => d.toISOString().slice(0, 10) },
  { within: 8 * 7 * DAY, bucket: isoWeek },
  { within: 366 * DAY, bucket: (d) => d.toISOString().slice(0, 7) },
]

/** The files to delete; `protect` (e.g. the backup being restored from) is never among them. */
export function backupsToPrune(
  backups: readonly BackupStamp[],
  now: Date,
  protect: ReadonlySet<string> = new Set(),
): string[] {
  const keep = new Set<string>(protect)
  const autos = backups.filter((b) => b.kind === 'auto').sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
  const seen = TIERS.map(() => new Set<string>())
  for (const b of autos) {
    const age = now.getTime() - b.createdAt.getTime()
    if (age < KEEP_ALL_FOR) keep.add(b.file)
    TIERS.forEach((tier, i) => {
      const key = tier.bucket(b.createdAt)
      if (age < tier.within && !seen[i]!.has(key)) {
        seen[i]!.add(key)
        keep.add(b.file)
      }
    })
  }
  for (const kind of ['pre-migration', 'pre-restore'] as const) {
    const snaps = backups.filter((b) => b.kind === kind).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    snaps.forEach((b, i) => {
      if (i < SNAPSHOTS_ALWAYS_KEPT || now.getTime() - b.createdAt.getTime() < SNAPSHOT_MIN_AGE) keep.add(b.file)
    })
  }
  // Manual backups are the user's own decision: never rotated.
  return backups.filter((b) => b.kind !== 'manual' && !keep.has(b.file)).map((b) => b.file)
}

/** ISO-8601 week, e.g. 2026-W48 (weeks start on Monday). */
export function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
  const day = t.getUTCDay() || 7
  t.setUTCDate(t.getUTCDate() + 4 - day)
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1)
  const week = Math.ceil(((t.getTime() - yearStart) / DAY + 1) / 7)
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`
}
