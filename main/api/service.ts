import { openForReading } from '../engine/connection'
import type { Engine, ProfileSession } from '../engine/engine'
import { OwnlistError, toErrorValue } from '../engine/errors'
import type { ProfileEntry } from '../engine/listing'
import * as lists from '../engine/queries/lists'
import * as todos from '../engine/queries/todos'
import type { AppState, EventName, EventPayload, OpenFailure, ProfileSummary, ProfilesView } from './contract'
import type { Handlers } from './dispatch'
import type { SettingsStore } from './settings'

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void

/** Errors that mean "this profile cannot be opened now": shown on their own screen. */
const OPEN_FAILURES = new Set(['SCHEMA_TOO_NEW', 'MIGRATION_FAILED', 'PROFILE_IN_USE', 'NOT_A_PROFILE'])

export const FIRST_PROFILE_NAME = 'Personal'

/**
 * The main-process side of the contract, implemented once. It owns the current profile
 * session: the renderer never holds a database, only asks for what it shows.
 */
export class AppService {
  private session: ProfileSession | null = null
  private failure: OpenFailure | null = null
  private migratedFrom: number | null = null

  constructor(
    private readonly engine: Engine,
    private readonly settings: SettingsStore,
    private readonly emit: Emit,
    private readonly onQuit: () => void = () => {},
    private readonly now: () => Date = () => new Date(),
  ) {}

  readonly handlers: Handlers = {
    'app.start': () => this.start(),
    'app.state': () => this.state(),
    'app.quit': () => {
      this.close()
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
    'lists.create': ({ name }) => lists.createList(this.db(), { name, now: this.now() }),
    'lists.rename': ({ id, name }) => lists.renameList(this.db(), { id, name }),
    'lists.delete': ({ id }) => {
      lists.deleteList(this.db(), { id })
      return { id }
    },
    'lists.move': ({ id, toIndex }) => lists.moveList(this.db(), { id, toIndex }),
    'todos.list': (input) => {
      const db = this.db()
      return {
        todos: todos.listTodos(db, input),
        total: todos.countMatching(db, input),
        counts: todos.countTodos(db, { today: input.today, listId: input.listId }),
      }
    },
    'todos.add': (input) => todos.addTodo(this.db(), { ...input, now: this.now() }),
    'todos.update': (input) => todos.updateTodo(this.db(), { ...input, now: this.now() }),
    'todos.setDone': ({ id, done }) => todos.setDone(this.db(), { id, done, now: this.now() }),
    'todos.delete': ({ id }) => {
      todos.deleteTodo(this.db(), { id })
      return { id }
    },
    'todos.move': (input) => todos.moveTodo(this.db(), { ...input, now: this.now() }),
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
    const session = this.session
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
    this.closeSession()
    this.failure = null
    try {
      const from = entry.schemaVersion
      this.session = await this.engine.openProfile(entry.id, (p) => this.emit('migrationProgress', { profileId: entry.id, ...p }))
      this.migratedFrom = from < this.engine.schemaVersion ? from : null
      this.settings.update({ lastProfileId: entry.id })
      this.emit('profileOpened', { profileId: entry.id })
      this.emit('profilesChanged', {})
    } catch (e) {
      const error = toErrorValue(e)
      if (!OPEN_FAILURES.has(error.code)) throw e
      this.failure = { profileId: entry.id, profileName: entry.name, error }
    }
    return this.state()
  }

  close(): void {
    this.closeSession()
    this.engine.close()
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
    if (!this.session) return
    const id = this.session.id
    this.session.close()
    this.session = null
    this.migratedFrom = null
    this.emit('profileClosed', { profileId: id })
  }

  private db() {
    if (!this.session) throw new OwnlistError('PROFILE_NOT_OPEN', 'No profile is open. Pick or create one first.')
    return this.session.db
  }

  private resolveById(id: string): ProfileEntry {
    const entry = this.engine.listProfiles().profiles.find((p) => p.id === id)
    if (!entry) throw new OwnlistError('PROFILE_NOT_FOUND', 'That profile no longer exists.')
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
