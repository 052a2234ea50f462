import { withReadingConnection } from '../connection'
import type { Engine } from '../engine'
import { dueReminders } from '../queries/reminders'

export interface DueReminder {
  profileId: string
  todoId: number
  title: string
  remindAt: string
}

/**
 * Reminders due by `until` across every profile, read through reading connections: no profile is
 * opened for writing, migrated or stamped, so this works for profiles open elsewhere and writes
 * nothing. Profiles of an older schema have no reminders; newer or unreadable ones are passed over.
 */
export function remindersDue(engine: Engine, until: Date): DueReminder[] {
  const found: DueReminder[] = []
  const iso = until.toISOString()
  for (const p of engine.listProfiles().profiles) {
    if (p.schemaVersion !== engine.schemaVersion) continue
    try {
      const rows = withReadingConnection(p.file, (db) => dueReminders(db, { until: iso }))
      for (const r of rows) found.push({ profileId: p.id, ...r })
    } catch {
      // One profile that cannot be read right now must not hide the others' reminders.
    }
  }
  return found.sort(
    (a, b) => a.remindAt.localeCompare(b.remindAt) || a.profileId.localeCompare(b.profileId) || a.todoId - b.todoId,
  )
}
