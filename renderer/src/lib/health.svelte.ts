import { attempt, ownlist } from './api'
import type { AppStore } from './app.svelte'
import { Loader } from './loader.svelte'
import type { ApiError, CheckResult, Health, RepairResult, Result } from './types'

export type CheckState =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'done'; result: CheckResult }
  | { status: 'error'; error: ApiError }

/** The open profile's file: its health figures, and the database check. */
export class HealthStore {
  readonly figures = new Loader<Health>(() => ownlist().health.figures())
  check = $state<CheckState>({ status: 'idle' })

  checking = $derived(this.check.status === 'checking')

  readonly #app: AppStore

  constructor(app: AppStore) {
    this.#app = app
  }

  /** The panel opens: figures of an earlier visit (maybe another profile) are not shown. */
  reset(): void {
    this.figures.reset()
  }

  load(): Promise<Result<Health>> {
    return this.figures.load()
  }

  /** Integrity, foreign keys and the search index; the health figures then show the new "last check". */
  async runCheck(): Promise<Result<CheckResult>> {
    if (this.checking) return { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'A check is already running.' } }
    this.check = { status: 'checking' }
    const result = await attempt(ownlist().health.check())
    this.check = result.ok ? { status: 'done', result: result.value } : { status: 'error', error: result.error }
    if (this.figures.status !== 'idle') await this.load()
    return result
  }

  /** Rebuilds a damaged profile from what can be read; the app shows what is there afterwards. */
  async repair(): Promise<Result<RepairResult>> {
    const result = await this.#app.replaceContent(() => ownlist().health.repair())
    return result.ok ? { ok: true, value: result.value! } : result
  }

  showInFolder(): Promise<Result<null>> {
    return attempt(ownlist().health.showInFolder())
  }
}
