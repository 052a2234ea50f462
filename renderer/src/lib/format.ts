/** Numbers, sizes, times and backup kinds in words, as the backups, health and overview views show them. Pure. */
import type { BackupKind } from './types'

const BYTE_UNITS = ['KB', 'MB', 'GB', 'TB'] as const

/** "0 bytes", "812 bytes", "48 KB", "1.5 MB" (1 KB = 1024 bytes; one decimal below 10). */
export function formatBytes(bytes: number, locale?: string): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'unknown size'
  if (bytes < 1024) return `${Math.round(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`
  let value = bytes
  let unit = -1
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024
    unit++
  }
  // 1023.96 KB would round to "1,024 KB": say "1 MB" instead.
  if (unit < BYTE_UNITS.length - 1 && Number(value.toFixed(value < 10 ? 1 : 0)) >= 1024) {
    value /= 1024
    unit++
  }
  const digits = value < 10 ? 1 : 0
  const text = new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)
  return `${text} ${BYTE_UNITS[unit]}`
}

const KIND_LABELS: Record<BackupKind, string> = {
  auto: 'Automatic',
  manual: 'Manual',
  'pre-migration': 'Before upgrade',
  'pre-restore': 'Before restore',
}

const KIND_HINTS: Record<BackupKind, string> = {
  auto: 'Taken automatically when you leave the profile, and every 30 minutes while it changes',
  manual: 'Taken with “Back up now”',
  'pre-migration': 'Kept before this profile was upgraded to a newer version of Ownlist',
  'pre-restore': 'The state just before a restore: restoring it undoes that restore',
}

/** A backup's kind in words ("Automatic", "Before restore"…). */
export function backupKindLabel(kind: BackupKind): string {
  return KIND_LABELS[kind] ?? kind
}

/** What a kind of backup is, in a sentence (for a tooltip). */
export function backupKindHint(kind: BackupKind): string {
  return KIND_HINTS[kind] ?? ''
}

/** A moment in local time, short: "Mar 10, 2026, 2:05 PM" (the ISO text itself if it is not a time). */
export function formatDateTime(iso: string, locale?: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d)
}

/** A calendar day (YYYY-MM-DD) in words: "Mar 10", or with `long` "Tue, Mar 10, 2026". */
export function formatDay(day: string, locale?: string, long = false): string {
  const [y, m, d] = day.split('-').map(Number)
  if (!y || !m || !d) return day
  const options: Intl.DateTimeFormatOptions = long
    ? { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }
    : { month: 'short', day: 'numeric', timeZone: 'UTC' }
  return new Intl.DateTimeFormat(locale, options).format(new Date(Date.UTC(y, m - 1, d)))
}

const counts = new Intl.NumberFormat()

/** A count in the system locale ("10,000" in en-US): every number people read goes through here or countLabel. */
export function formatCount(n: number, locale?: string): string {
  return locale ? new Intl.NumberFormat(locale).format(n) : counts.format(n)
}

/** "1 to-do", "3 to-dos", "0 problems". */
export function countLabel(n: number, singular: string, plural = `${singular}s`, locale?: string): string {
  return `${formatCount(n, locale)} ${n === 1 ? singular : plural}`
}
