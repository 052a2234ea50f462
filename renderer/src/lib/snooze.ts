/** Snoozing a reminder: the three choices the issue names, as the moment each one means. Pure. */
export type SnoozeChoice = '10m' | '1h' | 'tomorrow'

export const SNOOZE_CHOICES: { value: SnoozeChoice; label: string }[] = [
  { value: '10m', label: '10 min' },
  { value: '1h', label: '1 hour' },
  { value: 'tomorrow', label: 'Tomorrow' },
]

/** When the reminder comes back, as UTC ISO-8601. "Tomorrow" is tomorrow at 9:00 local time. */
export function snoozeUntil(choice: SnoozeChoice, now: Date): string {
  if (choice === '10m') return new Date(now.getTime() + 10 * 60_000).toISOString()
  if (choice === '1h') return new Date(now.getTime() + 60 * 60_000).toISOString()
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0).toISOString()
}
