import { attempt, ownlist } from './api'
import { DEFAULT_SORT, nextSort, sortProfiles, type SortColumn, type SortState } from './overview-sort'
import type { ApiError, Overview, Result } from './types'

/** How long after a burst of `profilesChanged` events the overview is read again. */
export const REFRESH_DEBOUNCE_MS = 250

/** The report across every profile, and how its table is sorted. */
export class OverviewStore {
  data = $state.raw<Overview | null>(null)
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle')
  error = $state<ApiError | null>(null)
  loadedAt = $state<Date | null>(null)
  sort = $state<SortState>(DEFAULT_SORT)

  rows = $derived(this.data ? sortProfiles(this.data.profiles, this.sort) : [])
  /** Figures are on screen and newer ones are being read. */
  refreshing = $derived(this.status === 'loading' && this.data !== null)

  #generation = 0

  async load(): Promise<Result<Overview>> {
    const generation = ++this.#generation
    this.status = 'loading'
    const result = await attempt(ownlist().report.overview())
    if (generation !== this.#generation) return result
    if (result.ok) {
      this.data = result.value
      this.error = null
      this.loadedAt = new Date()
      this.status = 'ready'
    } else {
      this.error = result.error
      this.status = 'error'
    }
    return result
  }

  sortBy(column: SortColumn): void {
    this.sort = nextSort(this.sort, column)
  }

  /** While the overview is shown: read it again when profiles change. Returns the unsubscribe. */
  watch(): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined
    const off = ownlist().on.profilesChanged(() => {
      clearTimeout(timer)
      timer = setTimeout(() => void this.load(), REFRESH_DEBOUNCE_MS)
    })
    return () => {
      clearTimeout(timer)
      off()
    }
  }
}
