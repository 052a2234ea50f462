import fs from 'node:fs'
import path from 'node:path'
import { listBackupFiles, type BackupInfo } from '../engine/backup/backups'
import { openForReading, type Db } from '../engine/connection'
import type { Engine, ProfileSession } from '../engine/engine'
import { isOwnlistError, OwnlistError, toErrorValue } from '../engine/errors'
import type { ProfileEntry } from '../engine/listing'
import * as lists from '../engine/queries/lists'
import { localDate } from '../engine/local-date'
import * as todos from '../engine/queries/todos'
import type { AppState, BackupSummary, EventName, EventPayload, Health, OpenFailure, ProfileSummary, ProfilesView, RestoreResult } from './contract'
import type { Handlers } from './dispatch'
import type { SettingsStore } from './settings'

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void

/** The native dialogs the service needs; the test transport supplies its own. */
export interface Dialogs {
  saveFile(opts: { title: string; defaultName: string }): Promise<string | null>
  openFile(opts: { title: string }): Promise<string | null>
  showInFolder(file: string): void
}

export const NO_DIALOGS: Dialogs = {
  saveFile: async () => null,
  openFile: async () => null,
  showInFolder: () => {},
}

export interface AppServiceOptions {
  engine: Engine
  settings: SettingsStore
  emit: Emit
  dialogs?: Dialogs
  onQuit?: () => void
  now?: () => Date
  log?: (e: unknown) => void
}

/** Errors that mean "this profile cannot be opened now": shown on their own screen. */
const OPEN_FAILURES = new Set(['SCHEMA_TOO_NEW', 'MIGRATION_FAILED', 'PROFILE_IN_USE', 'NOT_A_PROFILE', 'CORRUPT'])

export const FIRST_PROFILE_NAME = 'Personal'

/** While a profile is open, an automatic backup every 30 minutes (only if it changed). */
export const AUTO_BACKUP_EVERY_MS = 30 * 60 * 1000

/**
 * The main-process side of the contract, implemented once. It owns the current profile
 * session: the renderer never holds a database, only asks for what it shows.
 */
export class AppService {
  private session: ProfileSession | null = null
  private failure: OpenFailure | null = null
  private migratedFrom: number | null = null
  /** The open profile's name as last seen (its file may vanish under us). */
  private sessionName = ''
  private autoBackupTimer: ReturnType<typeof setInterval> | undefined

  private readonly engine: Engine
  private readonly settings: SettingsStore
  private readonly emit: Emit
  private readonly dialogs: Dialogs
  private readonly onQuit: () => void
  private readonly now: () => Date
  private readonly log: (e: unknown) => void

  constructor(opts: AppServiceOptions) {
    this.engine = opts.engine
    this.settings = opts.settings
    this.emit = opts.emit
    this.dialogs = opts.dialogs ?? NO_DIALOGS
    this.onQuit = opts.onQuit ?? (() => {})
    this.now = opts.now ?? (() => new Date())
    this.log = opts.log ?? console.error
  }

  readonly handlers: Handlers = {
    'app.start': () => this.start(),
    'app.state': () => this.state(),
    'app.quit': async () => {
      await this.shutdown()
      this.onQuit()
      return null
    },
    'profiles.list': () => this.profilesView(),
    'profiles.create': ({ name }) => {
      const entry = this.engine.createProfile(name)
      this.emit('profilesChanged', {})
      return this.summarize(entry)
    },
    'profiles.rename': async ({ id, name }) => {
      await this.engine.renameProfile(this.resolveById(id).id, name)
      if (this.session?.id === id) this.sessionName = name.trim()
      this.emit('profilesChanged', {})
      return this.summarize(this.resolveById(id))
    },
    'profiles.delete': ({ id }) => {
      const entry = this.resolveById(id)
      if (this.session?.id === entry.id) this.closeSession()
      if (this.failure?.profileId === entry.id) this.failure = null
      this.engine.deleteProfile(entry.id)
      this.emit('profilesChanged', {})
      return { id: entry.id }
    },
    'profiles.open': ({ id }) => this.open(this.resolveById(id)),
    'lists.list': () => lists.listLists(this.db()),
    'lists.create': ({ name }) => this.write((db) => lists.createList(db, { name, now: this.now() })),
    'lists.rename': ({ id, name }) => this.write((db) => lists.renameList(db, { id, name })),
    'lists.delete': ({ id }) => {
      this.write((db) => lists.deleteList(db, { id }))
      return { id }
    },
    'lists.move': ({ id, toIndex }) => this.write((db) => lists.moveList(db, { id, toIndex })),
    'todos.list': (input) => {
      const db = this.db()
      return {
        todos: todos.listTodos(db, input),
        total: input.total === false ? null : todos.countMatching(db, input),
        counts: input.counts === false ? null : todos.countTodos(db, { today: input.today, listId: input.listId }),
      }
    },
    'todos.add': (input) => this.write((db) => todos.addTodo(db, { ...input, now: this.now() })),
    'todos.update': (input) => this.write((db) => todos.updateTodo(db, { ...input, now: this.now() })),
    'todos.setDone': ({ id, done }) => this.write((db) => todos.setDone(db, { id, done, now: this.now() })),
    'todos.delete': ({ id }) => {
      this.write((db) => todos.deleteTodo(db, { id }))
      return { id }
    },
    'todos.move': (input) => this.write((db) => todos.moveTodo(db, { ...input, now: this.now() })),
    'backups.list': () => this.backupsOfCurrent(),
    'backups.backupNow': async () => {
      const r = await this.engine.backups.backupNow(this.current().id, 'manual')
      return this.summarizeBackup(listBackupFiles(path.dirname(r.file)).find((b) => b.file === r.file)!)
    },
    'backups.exportToFile': async () => {
      const entry = this.current()
      const file = await this.dialogs.saveFile({ title: 'Back up profile', defaultName: `${entry.name} ${localDate(this.now())}.sqlite` })
      if (!file) return null
      // The save dialog has already asked before replacing an existing file.
      const r = await this.engine.backups.backupTo(entry.id, file, { force: true })
      return { file: r.file, bytes: r.bytes }
    },
    'backups.restore': ({ name }) => {
      const backup = listBackupFiles(this.engine.layout.backupsDir(this.current().id)).find((b) => path.basename(b.file) === name)
      if (!backup) throw new OwnlistError('NOT_FOUND', 'That backup no longer exists.')
      return this.restoreFrom(backup.file)
    },
    'backups.restoreFromFile': async () => {
      this.current()
      const file = await this.dialogs.openFile({ title: 'Restore profile from a backup file' })
      return file ? this.restoreFrom(file) : null
    },
    'backups.importFile': async () => {
      const file = await this.dialogs.openFile({ title: 'Import a profile file' })
      if (!file) return null
      const imported = await this.engine.backups.importFile(file)
      this.emit('profilesChanged', {})
      return this.summarize(this.resolveById(imported.id))
    },
    'backups.check': async () => {
      const entry = this.current()
      const result = await this.engine.checkProfile(entry.id)
      const checkedAt = this.now().toISOString()
      this.settings.update({ checks: { ...this.settings.get().checks, [entry.id]: { at: checkedAt, ok: result.ok } } })
      return { ...result, checkedAt }
    },
    'backups.repair': async () => {
      const entry = this.current()
      this.closeSession()
      try {
        const r = await this.engine.backups.repair(entry.id)
        this.emit('profilesChanged', {})
        return { state: await this.open(this.resolveById(entry.id)), recovered: r.recovered, damagedName: path.basename(r.damagedFile) }
      } catch (e) {
        await this.open(this.resolveById(entry.id))
        throw e
      }
    },
    'backups.health': () => this.health(),
    'backups.showInFolder': () => {
      this.dialogs.showInFolder(this.current().file)
      return null
    },
    'report.overview': () => this.engine.report(this.now()),
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
            profile: this.summarize(this.engine.resolve(session.id)),
            lists: lists.listLists(session.db),
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
      this.session = await this.engine.openProfile(entry.id, (p) => this.emit('migrationProgress', { profileId: entry.id, ...p }))
      this.migratedFrom = from < this.engine.schemaVersion ? from : null
      this.sessionName = entry.name
      this.settings.update({ lastProfileId: entry.id })
      this.autoBackupTimer = setInterval(() => void this.autoBackup(), AUTO_BACKUP_EVERY_MS)
      this.autoBackupTimer.unref?.()
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

  private async leaveSession(): Promise<void> {
    await this.autoBackup()
    this.closeSession()
  }

  profilesView(): ProfilesView {
    const { profiles, ignored } = this.engine.listProfiles()
    return {
      profiles: profiles.map((p) => this.summarize(p)),
      currentId: this.session?.id ?? null,
      ignored: ignored.map(({ file, reason }) => ({ file, reason })),
    }
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

  private current(): ProfileEntry {
    return this.resolveById(this.checked().id)
  }

  private async restoreFrom(file: string): Promise<RestoreResult> {
    const entry = this.current()
    this.closeSession()
    try {
      const r = await this.engine.backups.restore(entry.id, file)
      return { state: await this.open(this.resolveById(entry.id)), undoName: path.basename(r.undoSnapshot) }
    } catch (e) {
      // Whatever happened, the profile is still there: reopen it.
      await this.open(this.resolveById(entry.id))
      throw e
    }
  }

  private backupsOfCurrent(): BackupSummary[] {
    return listBackupFiles(this.engine.layout.backupsDir(this.current().id)).map((b) => this.summarizeBackup(b))
  }

  private summarizeBackup(b: BackupInfo): BackupSummary {
    let todoCount: number | null = null
    try {
      const db = openForReading(b.file)
      try {
        todoCount = db.prepare('SELECT count(*) FROM todos').pluck().get() as number
      } finally {
        db.close()
      }
    } catch {
      todoCount = null
    }
    return { name: path.basename(b.file), kind: b.kind, createdAt: b.createdAt, bytes: b.bytes, todoCount }
  }

  private health(): Health {
    const entry = this.current()
    const size = (f: string) => {
      try {
        return fs.statSync(f).size
      } catch {
        return 0
      }
    }
    const newest = listBackupFiles(this.engine.layout.backupsDir(entry.id))[0]
    return {
      profileId: entry.id,
      fileBytes: size(entry.file),
      walBytes: size(`${entry.file}-wal`),
      schemaVersion: this.db().pragma('user_version', { simple: true }) as number,
      // Every backup Ownlist writes is verified before it gets its name.
      lastBackup: newest ? { at: newest.createdAt, kind: newest.kind, verified: true } : null,
      lastCheck: this.settings.get().checks[entry.id] ?? null,
      location: path.dirname(entry.file),
    }
  }

  /** The open profile for a read, once its file is known to be the one this process wrote. */
  private db(): Db {
    return this.checked().db
  }

  /** A write to the open profile, checked first (see ProfileSession.write). */
  private write<T>(fn: (db: Db) => T): T {
    const session = this.session
    if (!session) throw new OwnlistError('PROFILE_NOT_OPEN', 'No profile is open. Pick or create one first.')
    try {
      return session.write(fn)
    } catch (e) {
      if (session.outsideChange) this.stillOpen()
      throw e
    }
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
    this.session = null
    this.migratedFrom = null
    this.failure = { profileId: session.id, profileName: this.sessionName, error: session.outsideChange.toValue() }
    this.emit('profileClosed', { profileId: session.id })
    this.emit('profilesChanged', {})
    return null
  }

  /** A profile by id only (never by name): the engine reads just that file when it can. */
  private resolveById(id: string): ProfileEntry {
    let entry: ProfileEntry | undefined
    try {
      entry = this.engine.resolve(id)
    } catch (e) {
      if (!isOwnlistError(e, 'AMBIGUOUS_PROFILE')) throw e
    }
    if (entry?.id !== id) throw new OwnlistError('PROFILE_NOT_FOUND', 'That profile no longer exists.')
    return entry
  }

  /** A profile as the switcher shows it; the to-do count is read without opening it for writing. */
  private summarize(p: ProfileEntry): ProfileSummary {
    const tooNew = p.schemaVersion > this.engine.schemaVersion
    let todoCount: number | null = null
    if (!tooNew) {
      try {
        const own = this.engine.session(p.id)
        const db = own?.db ?? openForReading(p.file)
        try {
          todoCount = db.prepare('SELECT count(*) FROM todos').pluck().get() as number
        } finally {
          if (!own) db.close()
        }
      } catch {
        todoCount = null
      }
    }
    const { id, name, schemaVersion, sizeBytes, createdAt, lastOpenedAt } = p
    return { id, name, schemaVersion, sizeBytes, createdAt, lastOpenedAt, todoCount, tooNew }
  }
}
