import { attempt, ownlist } from './api'
import type { AppStore } from './app.svelte'
import { Loader } from './loader.svelte'
import type { ApiError, BackupSummary, ProfileSummary, RestoreResult, Result } from './types'

export type BackupAction = 'backup' | 'export' | 'restore' | 'restore-file' | 'import'

/** What the last action came to, shown in the Backups panel while it is open. */
export type BackupOutcome =
  | { kind: 'backed-up'; backup: BackupSummary }
  | { kind: 'exported'; file: string; bytes: number }
  | { kind: 'imported'; profile: ProfileSummary }
  | { kind: 'failed'; context: string; error: ApiError }

const BUSY: ApiError = {
  code: 'INVALID_ARGUMENT',
  message: 'Another backup action is still running. Wait for it to finish.',
}

/**
 * The open profile's backups: the list in its backups folder and the actions on it. One
 * action at a time; each returns the call's result and leaves what to say to the caller.
 */
export class BackupsStore {
  readonly list = new Loader<BackupSummary[]>(() => ownlist().backups.list())
  /** The action under way (its button shows it; the others wait). */
  busy = $state<BackupAction | null>(null)
  /** The backup being restored from the list. */
  restoring = $state<string | null>(null)
  outcome = $state<BackupOutcome | null>(null)
  /** The backup just made: its row is marked. */
  latest = $state<string | null>(null)

  items = $derived(this.list.value ?? [])

  readonly #app: AppStore

  constructor(app: AppStore) {
    this.#app = app
  }

  /** The panel opens: nothing from an earlier visit (or another profile) is shown. */
  reset(): void {
    this.list.reset()
    this.outcome = null
    this.latest = null
  }

  load(): Promise<Result<BackupSummary[]>> {
    return this.list.load()
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

  /** Restores a backup from the list (or the snapshot a restore kept, to undo it); the app applies the new state. */
  async restore(name: string): Promise<Result<RestoreResult | null>> {
    this.restoring = name
    try {
      return await this.#run('restore', () => this.#app.replaceContent(() => ownlist().backups.restore({ name })))
    } finally {
      this.restoring = null
      this.#reloadIfShown()
    }
  }

  async restoreFromFile(): Promise<Result<RestoreResult | null>> {
    try {
      return await this.#run('restore-file', () => this.#app.replaceContent(() => ownlist().backups.restoreFromFile()))
    } finally {
      this.#reloadIfShown()
    }
  }

  #reloadIfShown(): void {
    // A restore adds a "before restore" snapshot to the list.
    if (this.list.status !== 'idle') void this.load()
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
