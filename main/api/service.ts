import path from 'node:path'
import type { Engine } from '../engine/engine'
import { getTodo } from '../engine/queries/todos'
import { remindersDue, type DueReminder } from '../engine/reminders/due'
import { ReminderScheduler, type ReminderNotice } from '../engine/reminders/scheduler'
import { fileShownState } from '../engine/reminders/shown'
import type { AppState, CallName, Todo } from '../../common/contract'
import type { Handlers } from './dispatch'
import { createHandlers } from './handlers'
import { NO_DIALOGS, type Dialogs, type Emit } from './ports'
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
  private reminders: ReminderScheduler | null = null
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
    })
    // A reminder the window just set, moved or snoozed fires on time, not at the scheduler's next look.
    for (const name of REMINDER_WRITES)
      afterCall(this.handlers, name, (out) => {
        for (const t of [out, out.next]) if (t?.remindAt && !t.done) this.reminders?.expect(new Date(t.remindAt))
      })
    // A reminder shows once: a deleted to-do brought back (undo adds it again, a new id) does not fire again.
    const remove = this.handlers['todos.delete']
    this.handlers['todos.delete'] = (input) => {
      const gone = this.openReminder(input.id)
      const out = remove(input)
      if (gone) this.reminders?.deleted(gone)
      return out
    }
    afterCall(this.handlers, 'todos.add', (out) => {
      const { id, title, remindAt } = out as Todo
      const profileId = this.profile.openId
      if (remindAt && profileId) this.reminders?.added({ profileId, todoId: id, title, remindAt })
    })
  }

  /** The reminder of a to-do of the open profile (read before it is deleted), else null. */
  private openReminder(todoId: number): DueReminder | null {
    const profileId = this.profile.openId
    if (!this.reminders || !profileId) return null
    try {
      const { title, remindAt } = getTodo(this.profile.db(), todoId)
      return remindAt ? { profileId, todoId, title, remindAt } : null
    } catch {
      return null // the delete itself says what is wrong
    }
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
    this.reminders ??= new ReminderScheduler({
      due: (until) => remindersDue(engine, until),
      shown: fileShownState(path.join(engine.layout.root, 'reminders-shown.json')),
      notify: (notice) => {
        emit('reminderDue', notice)
        show(notice)
      },
      now: this.opts.now,
      log: this.opts.log,
    })
    this.reminders.start()
  }

  /** Leaves the current profile with an automatic backup (if it changed) and closes everything. */
  shutdown(): Promise<void> {
    this.reminders?.stop()
    return this.profile.shutdown()
  }

  close(): void {
    this.reminders?.stop()
    // Not awaited: Litestream gets SIGTERM and ships what is left on its own.
    void this.replicator.stop()
    this.profile.close()
  }
}

/** Calls that may set or move a reminder (completing a repeating to-do makes the next one with its own). */
const REMINDER_WRITES = ['todos.add', 'todos.update', 'todos.setDone', 'reminders.snooze'] as const

type ReminderWriteOutput = { remindAt: string | null; done: boolean; next?: ReminderWriteOutput | null }

/** Runs `then` with the result of each successful call of `name` (sync handlers stay sync). */
function afterCall(handlers: Handlers, name: CallName, then: (out: ReminderWriteOutput) => void): void {
  const call = handlers[name] as (input: unknown) => unknown
  const wrapped = (input: unknown) => {
    const out = call(input)
    if (!(out instanceof Promise)) {
      then(out as ReminderWriteOutput)
      return out
    }
    return out.then((value: unknown) => {
      then(value as ReminderWriteOutput)
      return value
    })
  }
  ;(handlers as Record<CallName, unknown>)[name] = wrapped
}
