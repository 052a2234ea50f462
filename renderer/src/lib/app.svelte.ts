import { attempt, ownlist } from './api'
import type {
  ApiError,
  AppState,
  MigrationProgressEvent,
  OpenFailure,
  ProfileSummary,
  ProfilesView,
  Result,
  Session,
} from './types'

/**
 * What the window shows: still starting, a profile open, a profile that could not be
 * opened (its own screen), no profile at all, the app quit, or the start itself failed.
 */
export type Phase = 'loading' | 'ready' | 'failure' | 'no-profile' | 'quit' | 'fatal'

/** What the store tells the command layer, which decides what to say (see commands/notices.ts). */
export interface AppNotices {
  /** A state was applied; `previousId` is the profile shown before it. */
  applied(state: AppState, previousId: string | undefined): void
  /** The open profile's content was replaced (a restore or a repair). */
  contentReplaced(): void
}

/** The app's state as main reports it (AppState), plus the profiles list and open/migration progress. */
export class AppStore {
  phase = $state<Phase>('loading')
  version = $state('')
  schemaVersion = $state(0)
  session = $state<Session | null>(null)
  failure = $state<OpenFailure | null>(null)
  /** `app.start` itself failed (not a profile problem): shown with a retry. */
  fatal = $state<ApiError | null>(null)
  profiles = $state<ProfilesView | null>(null)
  profilesError = $state<ApiError | null>(null)
  profilesLoading = $state(false)
  /** A profile being opened (switching, or at start). */
  opening = $state<{ id: string; name: string } | null>(null)
  migration = $state<MigrationProgressEvent | null>(null)

  profile = $derived(this.session?.profile ?? null)

  /** Moves when the open profile's content is replaced (a restore or a repair). */
  #contentEpoch = $state(0)
  /** What the main view is keyed by: another profile, or the same one with new content, remakes it. */
  viewKey = $derived(`${this.session?.profile.id ?? ''}#${this.#contentEpoch}`)

  readonly #notices: AppNotices
  /** Our own open/delete/start in progress: profileOpened/Closed events are then expected. */
  #busy = 0

  constructor(notices: AppNotices) {
    this.#notices = notices
  }

  /** Subscribes to main's events; returns the unsubscribe for all of them. */
  subscribe(): () => void {
    const on = ownlist().on
    const offs = [
      on.profilesChanged(() => void this.reloadProfiles()),
      // Shown while our own start / open is under way (see App.svelte).
      on.migrationProgress((e) => {
        this.migration = e
      }),
      on.profileOpened(({ profileId }) => {
        if (!this.#busy && this.phase !== 'loading' && this.session?.profile.id !== profileId) void this.refreshState()
      }),
      on.profileClosed(({ profileId }) => {
        if (!this.#busy && this.session?.profile.id === profileId) void this.refreshState()
      }),
    ]
    return () => offs.forEach((off) => off())
  }

  async start(): Promise<Result<AppState>> {
    this.phase = 'loading'
    this.fatal = null
    return this.#whileBusy(async () => {
      await this.reloadProfiles()
      const result = await attempt(ownlist().app.start())
      if (result.ok) this.apply(result.value)
      else {
        this.fatal = result.error
        this.phase = 'fatal'
      }
      return result
    })
  }

  apply(state: AppState): void {
    const previous = this.session?.profile.id
    this.version = state.version
    this.schemaVersion = state.schemaVersion
    this.session = state.session
    this.failure = state.failure
    this.opening = null
    this.migration = null
    this.phase = state.session ? 'ready' : state.failure ? 'failure' : 'no-profile'
    this.#notices.applied(state, previous)
  }

  async refreshState(): Promise<Result<AppState>> {
    const result = await attempt(ownlist().app.state())
    if (result.ok) this.apply(result.value)
    return result
  }

  nameOf(profileId: string): string {
    return (
      this.profiles?.profiles.find((p) => p.id === profileId)?.name ??
      (this.session?.profile.id === profileId ? this.session.profile.name : null) ??
      (this.failure?.profileId === profileId ? this.failure.profileName : null) ??
      'your profile'
    )
  }

  async reloadProfiles(): Promise<Result<ProfilesView>> {
    this.profilesLoading = true
    const result = await attempt(ownlist().profiles.list())
    this.profilesLoading = false
    if (result.ok) {
      this.profiles = result.value
      this.profilesError = null
      // Keep the open profile's summary (name, count) current too.
      const mine = this.session && result.value.profiles.find((p) => p.id === this.session!.profile.id)
      if (mine && this.session) this.session.profile = mine
    } else {
      this.profilesError = result.error
    }
    return result
  }

  /** Switches to a profile; a profile that cannot be opened shows the failure screen. */
  async openProfile(id: string): Promise<Result<AppState>> {
    return this.#whileBusy(async () => {
      this.opening = { id, name: this.nameOf(id) }
      const result = await attempt(ownlist().profiles.open({ id }))
      if (result.ok) {
        this.apply(result.value)
        return result
      }
      this.opening = null
      this.migration = null
      await this.refreshState()
      await this.reloadProfiles()
      return result
    })
  }

  async createProfile(name: string): Promise<Result<ProfileSummary>> {
    const result = await attempt(ownlist().profiles.create({ name }))
    if (result.ok) await this.reloadProfiles()
    return result
  }

  async renameProfile(id: string, name: string): Promise<Result<ProfileSummary>> {
    const result = await attempt(ownlist().profiles.rename({ id, name }))
    if (!result.ok) return result
    if (this.session?.profile.id === id) this.session.profile = result.value
    if (this.failure?.profileId === id) this.failure.profileName = result.value.name
    await this.reloadProfiles()
    return result
  }

  /** Moves a profile's file to the trash folder; if it was open, opens another one. */
  async deleteProfile(id: string): Promise<Result<{ id: string }>> {
    return this.#whileBusy(async () => {
      const wasOpen = this.session?.profile.id === id
      const result = await attempt(ownlist().profiles.delete({ id }))
      if (!result.ok) return result
      if (wasOpen) {
        const started = await attempt(ownlist().app.start())
        if (started.ok) this.apply(started.value)
        else await this.refreshState()
      } else if (this.failure?.profileId === id) {
        await this.refreshState()
      }
      await this.reloadProfiles()
      return result
    })
  }

  /**
   * Replaces the open profile's content (a restore or a repair). Main closes the profile,
   * swaps its file and opens it again: those events are expected, and the main view is
   * remade so every list and to-do shown is read again. A `null` value: the person cancelled.
   */
  async replaceContent<T extends { state: AppState }>(run: () => Promise<Result<T | null>>): Promise<Result<T | null>> {
    return this.#whileBusy(async () => {
      const profile = this.profile
      // A backup from an older version is upgraded after the restore: its progress shows.
      if (profile) this.opening = { id: profile.id, name: profile.name }
      const result = await attempt(run())
      this.opening = null
      if (result.ok && !result.value) {
        this.migration = null
        return result
      }
      this.#notices.contentReplaced()
      if (result.ok) this.apply(result.value!.state)
      // Main reopens the profile whatever happened: show what is there now.
      else await this.refreshState()
      this.#contentEpoch++
      return result
    })
  }

  async quit(): Promise<Result<null>> {
    const result = await attempt(ownlist().app.quit())
    if (result.ok) this.phase = 'quit'
    return result
  }

  async #whileBusy<T>(fn: () => Promise<T>): Promise<T> {
    this.#busy++
    try {
      return await fn()
    } finally {
      this.#busy--
    }
  }
}
