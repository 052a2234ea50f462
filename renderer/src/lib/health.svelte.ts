import { attempt, ownlist } from './api'
import type { ApiError, CheckResult, Health } from './types'

export type CheckState =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'done'; result: CheckResult }
  | { status: 'error'; error: ApiError }

/** The open profile's file: its health figures, and the database check. */
export class HealthStore {
  health = $state<Health | null>(null)
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle')
  error = $state<ApiError | null>(null)
  check = $state<CheckState>({ status: 'idle' })

  checking = $derived(this.check.status === 'checking')

  #generation = 0

  /** The panel opens: figures of an earlier visit (maybe another profile) are not shown. */
  reset(): void {
    this.#generation++
    this.health = null
    this.status = 'idle'
    this.error = null
  }

  async load(): Promise<void> {
    const generation = ++this.#generation
    if (this.status !== 'ready') this.status = 'loading'
    const result = await attempt(ownlist().backups.health())
    if (generation !== this.#generation) return
    if (result.ok) {
      this.health = result.value
      this.status = 'ready'
      this.error = null
    } else {
      this.error = result.error
      this.status = 'error'
    }
  }

  /** Integrity, foreign keys and the search index; the health figures then show the new "last check". */
  async runCheck(): Promise<void> {
    if (this.checking) return
    this.check = { status: 'checking' }
    const result = await attempt(ownlist().backups.check())
    this.check = result.ok ? { status: 'done', result: result.value } : { status: 'error', error: result.error }
    if (this.status !== 'idle') await this.load()
  }
}
