import { attempt, ownlist } from './api'
import { localDate } from './dates'
import type { AppStore } from './app.svelte'
import type { List, Result } from './types'

/** The open profile's lists (kept in its session, so a new session brings its own). */
export class ListsStore {
  readonly #app: AppStore

  items = $derived.by<List[]>(() => this.#app.session?.lists ?? [])

  constructor(app: AppStore) {
    this.#app = app
  }

  find(id: number | null): List | undefined {
    return this.items.find((l) => l.id === id)
  }

  async reload(): Promise<Result<List[]>> {
    const result = await attempt(ownlist().lists.list())
    if (result.ok) this.#set(result.value)
    return result
  }

  async create(name: string): Promise<Result<List>> {
    const result = await attempt(ownlist().lists.create({ name }))
    if (result.ok) await this.reload()
    return result
  }

  async rename(id: number, name: string): Promise<Result<List>> {
    const result = await attempt(ownlist().lists.rename({ id, name }))
    if (result.ok) this.#set(this.items.map((l) => (l.id === id ? result.value : l)))
    return result
  }

  /** How many to-dos a list holds, done ones too (what deleting it takes along). */
  async todoCount(listId: number): Promise<Result<number>> {
    const result = await attempt(
      ownlist().todos.list({
        listId,
        filter: 'all',
        search: '',
        today: localDate(),
        offset: 0,
        limit: 1,
        total: true,
        counts: false,
      }),
    )
    return result.ok ? { ok: true, value: result.value.total ?? 0 } : result
  }

  async delete(id: number): Promise<Result<{ id: number; todoCount: number; undoToken: string }>> {
    const result = await attempt(ownlist().lists.delete({ id }))
    if (!result.ok) return result
    this.#set(this.items.filter((l) => l.id !== id))
    await this.reload()
    return result
  }

  /** Undoes a delete: the list and its to-dos come back in their place. */
  async bringBack(undoToken: string): Promise<Result<List>> {
    const result = await attempt(ownlist().lists.bringBack({ undoToken }))
    if (result.ok) await this.reload()
    return result
  }

  async move(id: number, toIndex: number): Promise<Result<List[]>> {
    const result = await attempt(ownlist().lists.move({ id, toIndex }))
    if (result.ok) this.#set(result.value)
    return result
  }

  #set(lists: List[]): void {
    const session = this.#app.session
    if (session) session.lists = lists
  }
}
