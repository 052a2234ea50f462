import { attempt } from './api'
import type { ApiError, Result } from './types'

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

/**
 * One value read from main for a panel: reset when the panel opens (nothing from an earlier
 * visit, maybe of another profile, is shown), then loaded; a load that a newer one overtook
 * is dropped. Figures already on screen stay while newer ones are read.
 */
export class Loader<T> {
  value = $state<T | null>(null)
  status = $state<LoadStatus>('idle')
  error = $state<ApiError | null>(null)

  readonly #read: () => Promise<Result<T>>
  #generation = 0

  constructor(read: () => Promise<Result<T>>) {
    this.#read = read
  }

  reset(): void {
    this.#generation++
    this.value = null
    this.status = 'idle'
    this.error = null
  }

  async load(): Promise<Result<T>> {
    const generation = ++this.#generation
    if (this.status !== 'ready') this.status = 'loading'
    const result = await attempt(this.#read())
    if (generation !== this.#generation) return result
    if (result.ok) {
      this.value = result.value
      this.status = 'ready'
      this.error = null
    } else {
      this.error = result.error
      this.status = 'error'
    }
    return result
  }
}
