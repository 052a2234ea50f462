import type { ReadableDb, WritableDb } from '../engine/connection'
import type { Engine, ProfileSession } from '../engine/engine'
import { isOwnlistError, OwnlistError, toErrorValue } from '../engine/errors'
import type { ProfileEntry } from '../engine/listing'
import { listLists } from '../engine/queries/lists'
import type { AppState, OpenFailure } from '../../common/contract'
import type { Emit } from './ports'
import type { AppReplicator } from './replicator'
import { summarize } from './presenters'
import type { SettingsStore } from './settings'

/** Errors that mean "this profile cannot be opened now": shown on their own screen. */
const OPEN_FAILURES = new Set(['SCHEMA_TOO_NEW', 'MIGRATION_FAILED', 'PROFILE_IN_USE', 'NOT_A_PROFILE', 'CORRUPT'])

export const FIRST_PROFILE_NAME = 'Personal'

/** While a profile is open, an automatic backup every 30 minutes (only if it changed). */
export const AUTO_BACKUP_EVERY_MS = 30 * 60 * 1000

export interface CurrentProfileOptions {
  engine: Engine
  settings: SettingsStore
  emit: Emit
  log: (e: unknown) => void
  /** The open profile's Litestream; none in tests that do not replicate. */
  replicator?: AppReplicator
}

/** A profile by id only (never by name): the engine reads just that file when it can. */
export function profileById(engine: Engine, id: string): ProfileEntry {
  let entry: ProfileEntry | undefined
  try {
    entry = engine.resolve(id)
  } catch (e) {
    if (!isOwnlistError(e, 'AMBIGUOUS_PROFILE')) throw e
  }
  if (entry?.id !== id) throw new OwnlistError('PROFILE_NOT_FOUND', 'That profile no longer exists.')
  return entry
}

/**
 * The profile the window shows: the one open session (or the failure that took its place),
 * its automatic backups, and the checks that its file is still the one this process wrote.
 * The renderer never holds a database, only asks for what it shows.
 */
export class CurrentProfile {
  private session: ProfileSession | null = null
  private failure: OpenFailure | null = null
  private migratedFrom: number | null = null
  /** The open profile's name as last seen (its file may vanish under us). */
  private sessionName = ''
  private autoBackupTimer: ReturnType<typeof setInterval> | undefined

  private readonly engine: Engine
  private readonly settings: SettingsStore
  private readonly emit: Emit
  private readonly log: (e: unknown) => void
  private readonly replicator: AppReplicator | undefined

  constructor(opts: CurrentProfileOptions) {
    this.replicator = opts.replicator
    this.engine = opts.engine
    this.settings = opts.settings
    this.emit = opts.emit
    this.log = opts.log
  }

  /** The open profile's id, or null. */
  get openId(): string | null {
    return this.session?.id ?? null
  }

  /** Opens the last profile, else the most recently used, else creates "Personal". */
  async start(): Promise<AppState> {
    if (this.session || this.failure) return this.state()
    const { profiles } = this.engine.listProfiles()
    if (profiles.length === 0) {
      return this.open(this.engine.createProfile(FIRST_PROFILE_NAME))
    }
    const last = profiles.find((p) => p.id === this.settings.get().lastProfileId)
    const recent = [...profiles].sort((a, b) => (b.lastOpenedAt ?? '').localeCompare(a.lastOpenedAt ?? ''))[0]!
    return this.open(last ?? recent)
  }

  state(): AppState {
    const session = this.stillOpen()
    return {
      version: this.engine.appVersion,
      schemaVersion: this.engine.schemaVersion,
      session: session
        ? {
            profile: summarize(this.engine, this.engine.resolve(session.id)),
            lists: listLists(session.db),
            migratedFrom: this.migratedFrom,
          }
        : null,
      failure: this.failure,
    }
  }

  /** Closes the current profile (if any) and opens `entry`; a profile that cannot be opened gets its own screen. */
  async open(entry: ProfileEntry): Promise<AppState> {
    if (this.session?.id === entry.id) {
      this.failure = null
      return this.state()
    }
    await this.leaveSession()
    this.failure = null
    try {
      const from = entry.schemaVersion
      this.session = await this.engine.openProfile(entry.id, (p) =>
        this.emit('migrationProgress', { profileId: entry.id, ...p }),
      )
      this.migratedFrom = from < this.engine.schemaVersion ? from : null
      this.sessionName = entry.name
      this.settings.update({ lastProfileId: entry.id })
      this.autoBackupTimer = setInterval(() => void this.autoBackup(), AUTO_BACKUP_EVERY_MS)
      this.autoBackupTimer.unref?.()
      await this.replicator?.start(entry.id)
      this.emit('profileOpened', { profileId: entry.id })
      this.emit('profilesChanged', {})
    } catch (e) {
      const error = toErrorValue(e)
      if (!OPEN_FAILURES.has(error.code)) throw e
      this.failure = { profileId: entry.id, profileName: entry.name, error }
    }
    return this.state()
  }

  /** Leaves the current profile with an automatic backup (if it changed) and closes everything. */
  async shutdown(): Promise<void> {
    await this.leaveSession()
    this.close()
  }

  close(): void {
    this.closeSession()
    this.engine.close()
  }

  /** An automatic backup of the open profile if it changed; a failure is logged, never thrown. */
  async autoBackup(): Promise<void> {
    const id = this.stillOpen()?.id
    if (!id) return
    try {
      await this.engine.backups.autoBackupIfChanged(id)
    } catch (e) {
      this.log(e)
    }
  }

  /** The profile was renamed: the failure screen shows its new name should its file vanish. */
  renamed(id: string, name: string): void {
    if (this.session?.id === id) this.sessionName = name.trim()
  }

  /** The profile is about to be deleted: closed if open, its failure screen dropped. */
  forget(id: string): void {
    if (this.session?.id === id) this.closeSession()
    if (this.failure?.profileId === id) this.failure = null
  }

  /**
   * Closes the open profile, runs `replace` on it (a restore, a repair) and opens it again,
   * whatever happened: the profile is still there.
   */
  async replaceWhileClosed<T>(replace: (entry: ProfileEntry) => Promise<T>): Promise<{ state: AppState; result: T }> {
    const entry = this.current()
    await this.replicator?.stop()
    this.closeSession()
    try {
      const result = await replace(entry)
      return { state: await this.open(profileById(this.engine, entry.id)), result }
    } catch (e) {
      await this.open(profileById(this.engine, entry.id))
      throw e
    }
  }

  /** The open profile's entry, once its file is known to be the one this process wrote. */
  current(): ProfileEntry {
    return profileById(this.engine, this.checked().id)
  }

  /** The open profile for a read, once its file is known to be the one this process wrote. */
  db(): ReadableDb {
    return this.checked().db
  }

  /** A write to the open profile, checked first (see ProfileSession.write). */
  write<T>(fn: (db: WritableDb) => T): T {
    const session = this.session
    if (!session) throw new OwnlistError('PROFILE_NOT_OPEN', 'No profile is open. Pick or create one first.')
    try {
      return session.write(fn)
    } catch (e) {
      if (session.outsideChange) this.stillOpen()
      throw e
    }
  }

  /** Stops the open profile's Litestream before it is deleted (its settings and replica stay). */
  async stopReplicationOf(id: string): Promise<void> {
    if (this.replicator?.profileId === id) await this.replicator.stop()
  }

  /** Restarts the open profile's Litestream after its replicas changed. */
  async replicasChanged(): Promise<void> {
    const id = this.session?.id
    if (id) await this.replicator?.start(id)
  }

  private async leaveSession(): Promise<void> {
    await this.replicator?.stop()
    await this.autoBackup()
    this.closeSession()
  }

  private closeSession(): void {
    clearInterval(this.autoBackupTimer)
    this.autoBackupTimer = undefined
    if (!this.session) return
    const session = this.session
    session.close()
    // Found changed outside Ownlist as it closed: both versions were kept; nothing more to do here.
    if (session.outsideChange) this.log(session.outsideChange)
    const id = session.id
    this.session = null
    this.migratedFrom = null
    this.emit('profileClosed', { profileId: id })
  }

  private checked(): ProfileSession {
    const session = this.session
    if (!session) throw new OwnlistError('PROFILE_NOT_OPEN', 'No profile is open. Pick or create one first.')
    if (this.stillOpen() !== session) throw session.outsideChange!
    return session
  }

  /**
   * The open session, unless its file was changed outside Ownlist: the session then closed
   * itself (keeping both versions), and the user is told on the failure screen.
   */
  private stillOpen(): ProfileSession | null {
    const session = this.session
    if (!session) return null
    try {
      session.assertUnchanged()
      return session
    } catch (e) {
      if (!session.outsideChange) throw e
    }
    clearInterval(this.autoBackupTimer)
    this.autoBackupTimer = undefined
    void this.replicator?.stop()
    this.session = null
    this.migratedFrom = null
    this.failure = { profileId: session.id, profileName: this.sessionName, error: session.outsideChange.toValue() }
    this.emit('profileClosed', { profileId: session.id })
    this.emit('profilesChanged', {})
    return null
  }
}
