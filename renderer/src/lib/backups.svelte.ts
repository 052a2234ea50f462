import { attempt, ownlist } from './api'
import type { AppStore } from './app.svelte'
import type { ApiError, BackupSummary, ProfileSummary, RestoreResult, Result } from './types'

export type BackupAction = 'backup' | 'export' | 'restore' | 'restore-file' | 'import'

/** What the last action came to, shown in the Backups panel while it is open. */
export type BackupOutcome =
  | { kind: 'backed-up'; backup: BackupSummary }
  | { kind: 'exported'; file: string; bytes: number }
  | { kind: 'imported'; profile: ProfileSummary }
  | { kind: 'failed'; context: string; error: ApiError }

const BUSY: ApiError = { code: 'INVALID_ARGUMENT', message: 'Another backup action is still running. Wait for it to finish.' }

/**
 * The open profile's backups: the list in its backups folder and the actions on it. One
 * action at a time; each returns the call's result and leaves what to say to the caller.
 */
export class BackupsStore {
  items = $state<BackupSummary[]>([])
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle')
  loadError = $state<ApiError | null>(null)
  /** The action under way (its button shows it; the others wait). */
  busy = $state<BackupAction | null>(null)
  /** The backup being restored from the list. */
  restoring = $state<string | null>(null)
  outcome = $state<BackupOutcome | null>(null)
  /** The backup just made: its row is marked. */
  latest = $state<string | null>(null)

  readonly #app: AppStore
  #generation = 0

  constructor(app: AppStore) {
    this.#app = app
  }

  /** The panel opens: nothing from an earlier visit (or another profile) is shown. */
  reset(): void {
    this.#generation++
    this.items = []
    this.status = 'idle'
    this.loadError = null
    this.outcome = null
    this.latest = null
  }

  async load(): Promise<void> {
    const generation = ++this.#generation
    if (this.status !== 'ready') this.status = 'loading'
    const result = await attempt(ownlist().backups.list())
    if (generation !== this.#generation) return
    if (result.ok) {
      this.items = result.value
      this.status = 'ready'
      this.loadError = null
    } else {
      this.loadError = result.error
      this.status = 'error'
    }
  }

  async backupNow(): Promise<Result<BackupSummary>> {
    const result = await this.#run('backup', () => ownlist().backups.backupNow())
    if (result.ok) {
      this.latest = result.value.name
      await this.load()
    }
    return result
  }

  exportToFile(): Promise<Result<{ file: string; bytes: number } | null>> {
    return this.#run('export', () => ownlist().backups.exportToFile())
  }

  importFile(): Promise<Result<ProfileSummary | null>> {
    return this.#run('import', () => ownlist().backups.importFile())
  }

  /** Restores a backup of the list (or the undo snapshot); the app applies the new state. */
  async restore(name: string): Promise<Result<RestoreResult | null>> {
    this.restoring = name
    try {
      return await this.#run('restore', () => this.#app.restore(() => ownlist().backups.restore({ name })))
    } finally {
      this.restoring = null
      this.#reloadIfShown()
    }
  }

  async restoreFromFile(): Promise<Result<RestoreResult | null>> {
    try {
      return await this.#run('restore-file', () => this.#app.restore(() => ownlist().backups.restoreFromFile()))
    } finally {
      this.#reloadIfShown()
    }
  }

  #reloadIfShown(): void {
    // A restore adds a "before restore" snapshot to the list.
    if (this.status !== 'idle') void this.load()
  }

  async #run<T>(action: BackupAction, call: () => Promise<Result<T>>): Promise<Result<T>> {
    if (this.busy) return { ok: false, error: BUSY }
    this.busy = action
    try {
      return await attempt(call())
    } finally {
      this.busy = null
    }
  }
}
