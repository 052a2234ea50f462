import path from 'node:path'
import type { Engine } from '../engine/engine'
import { remindersDue } from '../engine/reminders/due'
import { ReminderScheduler, type ReminderNotice } from '../engine/reminders/scheduler'
import { fileShownState } from '../engine/reminders/shown'
import type { AppState } from '../../common/contract'
import type { Handlers } from './dispatch'
import { createHandlers } from './handlers'
import { NO_DIALOGS, type Dialogs, type Emit } from './ports'
import { SchedulerPort } from './reminder-port'
import type { BinaryOptions } from '../engine/replication/binary'
import { AppReplicator } from './replicator'
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
  /** Where Litestream is found (the packaged app: its resources folder). */
  litestream?: BinaryOptions
}

/**
 * The main-process side of the contract, implemented once: the current profile
 * (./session.ts) and the handlers of every call (./handlers), built around it.
 */
export class AppService {
  readonly handlers: Handlers
  private readonly opts: AppServiceOptions
  private readonly profile: CurrentProfile
  /** Tells the scheduler of the reminders the calls write, once `startReminders` has made it. */
  private readonly reminders = new SchedulerPort()
  private readonly replicator: AppReplicator

  constructor(opts: AppServiceOptions) {
    const { engine, settings, emit } = opts
    this.opts = opts
    const log = opts.log ?? console.error
    this.replicator = new AppReplicator(engine, emit, log, opts.litestream)
    this.profile = new CurrentProfile({ engine, settings, emit, log, replicator: this.replicator })
    this.handlers = createHandlers({
      engine,
      settings,
      emit,
      dialogs: opts.dialogs ?? NO_DIALOGS,
      now: opts.now ?? (() => new Date()),
      profile: this.profile,
      replication: this.replicator.replication,
      onQuit: opts.onQuit ?? (() => {}),
      reminders: this.reminders,
    })
  }

  /** Opens the last profile, else the most recently used, else creates "Personal". */
  start(): Promise<AppState> {
    return this.profile.start()
  }

  state(): AppState {
    return this.profile.state()
  }

  /**
   * Starts firing reminders of every profile (open or not) while the app runs: each is sent as
   * a `reminderDue` event, and to `show` (the OS notification, in Electron). Which ones were
   * shown is kept in the data folder's reminders-shown.json.
   */
  startReminders(show: (notice: ReminderNotice) => void = () => {}): void {
    const { engine, emit } = this.opts
    this.reminders.scheduler ??= new ReminderScheduler({
      due: (until) => remindersDue(engine, until),
      shown: fileShownState(path.join(engine.layout.root, 'reminders-shown.json')),
      notify: (notice) => {
        emit('reminderDue', notice)
        show(notice)
      },
      now: this.opts.now,
      log: this.opts.log,
    })
    this.reminders.scheduler.start()
  }

  /** Leaves the current profile with an automatic backup (if it changed) and closes everything. */
  shutdown(): Promise<void> {
    this.reminders.scheduler?.stop()
    return this.profile.shutdown()
  }

  close(): void {
    this.reminders.scheduler?.stop()
    // Not awaited: Litestream gets SIGTERM and ships what is left on its own.
    void this.replicator.stop()
    this.profile.close()
  }
}
