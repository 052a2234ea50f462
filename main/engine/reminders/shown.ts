import fs from 'node:fs'
import { removeAbandonedWrites, writeFileAtomic } from '../fsutil'

/**
 * Which reminders the app has already shown, kept in the data folder's app state (not in any
 * profile: listing reminders must write nothing to a profile, DECISIONS.md). A key names one
 * to-do at one reminder time, so a snoozed reminder (a new time) is shown again.
 */
export interface ShownState {
  load(): Set<string>
  save(keys: ReadonlySet<string>): void
}

export const reminderKey = (r: { profileId: string; todoId: number; remindAt: string }): string =>
  `${r.profileId}/${r.todoId}@${r.remindAt}`

/** The shown-state as a JSON file; a missing or damaged one counts as "nothing shown yet". */
export function fileShownState(file: string): ShownState {
  removeAbandonedWrites(file)
  return {
    load() {
      try {
        const keys = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown
        return new Set(Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [])
      } catch {
        return new Set()
      }
    },
    save(keys) {
      writeFileAtomic(file, `${JSON.stringify([...keys].sort())}\n`, { durable: false })
    },
  }
}

export function memoryShownState(initial: Iterable<string> = []): ShownState & { keys: Set<string> } {
  const state = {
    keys: new Set(initial),
    load: () => new Set(state.keys),
    save: (k: ReadonlySet<string>) => void (state.keys = new Set(k)),
  }
  return state
}
