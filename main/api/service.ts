import type { Engine } from '../engine/engine'
import type { AppState } from '../../common/contract'
import type { Handlers } from './dispatch'
import { createHandlers } from './handlers'
import { NO_DIALOGS, type Dialogs, type Emit } from './ports'
import { CurrentProfile } from './session'
import type { SettingsStore } from './settings'

export { NO_DIALOGS, type Dialogs, type Emit } from './ports'
export { AUTO_BACKUP_EVERY_MS, FIRST_PROFILE_NAME } from './session'

export interface AppServiceOptions {
  engine: Engine
  settings: SettingsStore
  emit: Emit
  dialogs?: Dialogs
  onQuit?: () => void
  now?: () => Date
  log?: (e: unknown) => void
}

/**
 * The main-process side of the contract, implemented once: the current profile
 * (./session.ts) and the handlers of every call (./handlers), built around it.
 */
export class AppService {
  readonly handlers: Handlers
  private readonly profile: CurrentProfile

  constructor(opts: AppServiceOptions) {
    const { engine, settings, emit } = opts
    this.profile = new CurrentProfile({ engine, settings, emit, log: opts.log ?? console.error })
    this.handlers = createHandlers({
      engine,
      settings,
      emit,
      dialogs: opts.dialogs ?? NO_DIALOGS,
      now: opts.now ?? (() => new Date()),
      profile: this.profile,
      onQuit: opts.onQuit ?? (() => {}),
    })
  }

  /** Opens the last profile, else the most recently used, else creates "Personal". */
  start(): Promise<AppState> {
    return this.profile.start()
  }

  state(): AppState {
    return this.profile.state()
  }

  /** Leaves the current profile with an automatic backup (if it changed) and closes everything. */
  shutdown(): Promise<void> {
    return this.profile.shutdown()
  }

  close(): void {
    this.profile.close()
  }
}
