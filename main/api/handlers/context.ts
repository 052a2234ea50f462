import type { Engine } from '../../engine/engine'
import type { Replication } from '../../engine/replication/replication'
import type { Handlers } from '../dispatch'
import type { Dialogs, Emit, ReminderPort } from '../ports'
import type { CurrentProfile } from '../session'
import type { SettingsStore } from '../settings'

/** What every domain's handlers are built from. */
export interface HandlerContext {
  engine: Engine
  settings: SettingsStore
  emit: Emit
  dialogs: Dialogs
  now: () => Date
  profile: CurrentProfile
  replication: Replication
  /** Told of the reminders the calls write, so they fire on time and once. */
  reminders: ReminderPort
  /** Called once the app has shut its profile down on `app.quit`. */
  onQuit: () => void
}

/** Some of the calls: each domain's file builds its own and `handlers/index.ts` merges them. */
export type SomeHandlers = Partial<Handlers>
