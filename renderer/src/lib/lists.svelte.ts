import { attempt, ownlist } from './api'
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

  async delete(id: number): Promise<Result<{ id: number }>> {
    const result = await attempt(ownlist().lists.delete({ id }))
    if (!result.ok) return result
    this.#set(this.items.filter((l) => l.id !== id))
    await this.reload()
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
