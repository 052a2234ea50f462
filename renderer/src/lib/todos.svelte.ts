// One file over 300 lines on purpose: TodoView is one store whose parts (filter, search, paging,
// counts, optimistic patches) all read and invalidate the same page cache; each rule that is pure
// already lives beside it (todo-pages.ts, virtual-window.ts).
import { attempt, ownlist } from './api'
import { localDate } from './dates'
import type { ApiError, Result, Todo, TodoCounts, TodoFilter, TodoPage, UpdateTodoInput } from './types'
import { keepNearest, pageRead, ROWS, WITH_COUNTS, WITH_TOTAL, type Counting, type PageRead } from './todo-pages'
import { pagesFor } from './virtual-window'
import { addAgain, repeatAgain } from './todo-copy'

/** To-dos per `todos.list` call: the windowed list fetches pages of this size as it scrolls. */
export const PAGE_SIZE = 100
/** Pages held at most, the nearest to the window: scrolling through 100,000 to-dos holds a few thousand. */
const MAX_PAGES = 30
/** The pause in typing after which a search is sent. */
export const SEARCH_DEBOUNCE_MS = 150
/** Rows beyond the window whose pages are fetched ahead, so fast scrolling rarely shows placeholders. */
export const PREFETCH_ROWS = 60
/** Rows at the end of the list fetched after an add, where the list scrolls to show the new to-do. */
const TAIL_ROWS = 40

const CANNOT_REORDER: ApiError = { code: 'INVALID_ARGUMENT', message: 'This to-do cannot move there.' }

/** An edit of one to-do: the contract's update without its id. */
export type TodoPatch = Omit<UpdateTodoInput, 'id'>

/** The views over every list of the profile, beside the lists in the sidebar. */
export type SmartView = 'today' | 'upcoming' | 'overdue'
export const SMART_VIEWS: SmartView[] = ['today', 'upcoming', 'overdue']

/** A new to-do as the add field captured it (its title without the date words, the date). */
export interface NewTodo {
  title: string
  dueOn?: string | null
  repeat?: string
  remindAt?: string
}

interface Deps {
  /** A to-do changed: the sidebar's open counts need a reload. */
  onChanged: () => void
  /** Rows read in the background (scrolling, a refresh after a change) could not be read. */
  onLoadError: (error: ApiError, context: string) => void
}

/**
 * The to-dos the main pane shows: one list (or, while searching, every list of the
 * profile), filtered, fetched in pages as the windowed list scrolls. A new list shows after
 * one small read (its first page and how many rows match); the filter counts follow.
 */
export class TodoView {
  listId = $state<number | null>(null)
  /** One list, or a view over all of them (Today, Upcoming, Overdue). */
  scope = $state<'list' | SmartView>('list')
  /** How many to-dos each view over all lists shows (null: not read yet). */
  smartCounts = $state<Record<SmartView, number> | null>(null)
  filter = $state<TodoFilter>('all')
  /** What is typed in the search box. */
  query = $state('')
  /** The query asked for (debounced). */
  search = $state('')
  total = $state(0)
  counts = $state<TodoCounts | null>(null)
  /** Fetched pages by page number; replaced (never mutated) so rows update. */
  pages = $state.raw<Map<number, Todo[]>>(new Map())
  status = $state<'loading' | 'ready' | 'error'>('loading')
  /** A reload for a new list / filter / search is under way (the previous rows still show). */
  pending = $state(false)
  error = $state<ApiError | null>(null)
  /** The row with the keyboard focus (the grid's roving tab stop). */
  activeIndex = $state(0)
  editingId = $state<number | null>(null)
  editorExpanded = $state(false)

  searching = $derived(this.search.trim() !== '')
  /** Moving by index only makes sense when every to-do of the list is shown, in order. */
  canReorder = $derived(!this.searching && this.filter === 'all' && this.listId !== null && this.scope === 'list')
  /** The rows come from every list: a search, or a view over all lists. */
  allLists = $derived(this.searching || this.scope !== 'list')

  readonly #deps: Deps
  #generation = 0
  #inflight = new Set<number>()
  #range = { start: 0, end: 0 }
  #debounce: ReturnType<typeof setTimeout> | undefined
  /** The reload the last new list, filter or search started. */
  #reloading: Promise<Result<TodoPage>> = Promise.resolve({ ok: true, value: { todos: [], total: 0, counts: null } })

  constructor(deps: Deps) {
    this.#deps = deps
  }

  at(index: number): Todo | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE]
  }

  indexOf(id: number): number {
    for (const [page, todos] of this.pages) {
      const i = todos.findIndex((t) => t.id === id)
      if (i >= 0) return page * PAGE_SIZE + i
    }
    return -1
  }

  setList(listId: number): void {
    this.listId = listId
    this.scope = 'list'
    this.query = ''
    this.search = ''
    clearTimeout(this.#debounce)
    this.#restart()
  }

  /** Shows every to-do of `listId` (no filter, no search), e.g. to select one; resolves once its first rows are read. */
  showAll(listId: number): Promise<Result<TodoPage>> {
    this.filter = 'all'
    this.setList(listId)
    return this.#reloading
  }

  /** Shows a view over every list (its filter is the view's; the list's filter bar does not apply). */
  setScope(scope: SmartView): void {
    this.scope = scope
    this.query = ''
    this.search = ''
    clearTimeout(this.#debounce)
    this.#restart()
  }

  /** Reads how many to-dos Today, Upcoming and Overdue show (the sidebar's counts). */
  async loadSmartCounts(): Promise<void> {
    const today = localDate()
    const results = await Promise.all(
      SMART_VIEWS.map((filter) =>
        attempt(
          ownlist().todos.list({
            listId: null,
            filter,
            search: '',
            today,
            offset: 0,
            limit: 1,
            total: true,
            counts: false,
          }),
        ),
      ),
    )
    const counts = {} as Record<SmartView, number>
    for (const [i, r] of results.entries()) {
      if (!r.ok) return this.#deps.onLoadError(r.error, 'Could not count the to-dos of Today, Upcoming and Overdue')
      counts[SMART_VIEWS[i]!] = r.value.total ?? 0
    }
    this.smartCounts = counts
  }

  setFilter(filter: TodoFilter): void {
    if (this.filter === filter) return
    this.filter = filter
    this.#restart()
  }

  /** The search box changed: asks again after a short pause in typing. */
  setQuery(query: string): void {
    this.query = query
    clearTimeout(this.#debounce)
    const apply = () => {
      if (this.search.trim() === query.trim()) return
      this.search = query
      this.#restart()
    }
    if (query.trim() === '') apply()
    else this.#debounce = setTimeout(apply, SEARCH_DEBOUNCE_MS)
  }

  dispose(): void {
    clearTimeout(this.#debounce)
    this.#generation++
  }

  /** Fetches the first page for the current list / filter / search (its error shows in place of the rows). */
  async reload(): Promise<Result<TodoPage>> {
    const generation = ++this.#generation
    this.#inflight.clear()
    this.pending = true
    const result = await this.#fetch(0, WITH_TOTAL)
    if (generation !== this.#generation) return result
    this.pending = false
    if (!result.ok) {
      this.error = result.error
      this.status = 'error'
      this.pages = new Map()
      this.total = 0
      return result
    }
    this.error = null
    this.status = 'ready'
    this.pages = new Map([[0, result.value.todos]])
    this.total = result.value.total ?? 0
    this.activeIndex = Math.min(this.activeIndex, Math.max(0, this.total - 1))
    // The filter counts read every row of the list: asked once the first rows are painted.
    requestAnimationFrame(() => setTimeout(() => void this.#loadCounts(generation)))
    return result
  }

  async #loadCounts(generation: number): Promise<void> {
    if (generation !== this.#generation) return
    const result = await this.#fetch(0, { ...WITH_COUNTS, limit: 1 })
    if (generation !== this.#generation) return
    if (!result.ok) return this.#deps.onLoadError(result.error, 'Could not count the to-dos')
    this.total = result.value.total ?? this.total
    this.counts = result.value.counts
  }

  /** The windowed list shows rows [start, end): fetches the pages it lacks. */
  ensure(start: number, end: number): void {
    this.#range = { start, end }
    const generation = this.#generation
    const ahead = pagesFor(
      Math.max(0, start - PREFETCH_ROWS),
      Math.min(Math.max(this.total, end), end + PREFETCH_ROWS),
      PAGE_SIZE,
    )
    for (const page of ahead) {
      if (this.pages.has(page) || this.#inflight.has(page)) continue
      this.#inflight.add(page)
      // Keyset paging follows list order; a search and Upcoming (by due date) go by offset.
      const read = pageRead(this.pages, page, PAGE_SIZE, !this.searching && this.scope !== 'upcoming')
      void this.#fetch(page, ROWS, read).then((result) => {
        if (generation !== this.#generation) return
        this.#inflight.delete(page)
        if (!result.ok) return this.#deps.onLoadError(result.error, 'Could not load more to-dos')
        const { start: from, end: to } = this.#range
        this.pages = keepNearest(new Map(this.pages).set(page, result.value.todos), from, to, PAGE_SIZE, MAX_PAGES)
      })
    }
  }

  /** After a change: fetches again the pages on screen and swaps them in at once. The value: how many to-dos there are. */
  async refresh(): Promise<Result<number>> {
    const generation = ++this.#generation
    this.#inflight.clear()
    const { start, end } = this.#range
    const wanted = pagesFor(start, Math.max(end, start + 1), PAGE_SIZE)
    // The first page read also counts (the total and the filter counts may have changed).
    const results = await Promise.all(wanted.map((page, i) => this.#fetch(page, i === 0 ? WITH_COUNTS : ROWS)))
    if (generation !== this.#generation) return { ok: true, value: this.total }
    const pages = new Map<number, Todo[]>()
    for (const [i, result] of results.entries()) {
      if (!result.ok) {
        this.#deps.onLoadError(result.error, 'Could not refresh the to-dos')
        return result
      }
      pages.set(wanted[i]!, result.value.todos)
      if (result.value.total !== null) this.total = result.value.total
      if (result.value.counts) this.counts = result.value.counts
    }
    this.pages = pages
    this.status = 'ready'
    this.error = null
    this.activeIndex = Math.min(this.activeIndex, Math.max(0, this.total - 1))
    return { ok: true, value: this.total }
  }

  /** Adds a to-do at the end of the current list; `index` is where it shows (-1: the filter or search hides it). */
  async add(input: NewTodo): Promise<Result<{ todo: Todo; index: number }>> {
    if (this.listId === null) return { ok: false, error: { code: 'NOT_FOUND', message: 'Pick a list first.' } }
    const { title, dueOn = null, repeat, remindAt } = input
    const result = await attempt(
      ownlist().todos.add({
        listId: this.listId,
        title,
        dueOn,
        ...(repeat ? { repeat } : {}),
        ...(remindAt ? { remindAt } : {}),
      }),
    )
    if (!result.ok) return result
    this.#changed()
    // It lands at the end: fetch the last rows, where the list will scroll to show it.
    if (this.canReorder) this.#range = { start: Math.max(0, this.total - TAIL_ROWS), end: this.total + 1 }
    await this.refresh()
    const index = this.canReorder ? this.total - 1 : this.indexOf(result.value.id)
    return { ok: true, value: { todo: result.value, index } }
  }

  /** Marks a to-do done or open again; the row changes at once and changes back if the call fails. */
  async setDone(todo: Todo, done: boolean): Promise<Result<Todo>> {
    this.#patch({ ...todo, done })
    const result = await attempt(ownlist().todos.setDone({ id: todo.id, done }))
    if (!result.ok) {
      this.#patch(todo)
      return result
    }
    this.#patch(result.value)
    this.#changed()
    await this.refresh()
    return result
  }

  async update(id: number, patch: TodoPatch): Promise<Result<Todo>> {
    const result = await attempt(ownlist().todos.update({ id, ...patch }))
    if (!result.ok) return result
    this.#patch(result.value)
    if (patch.dueOn !== undefined) void this.loadSmartCounts()
    await this.refresh()
    return result
  }

  async delete(todo: Todo): Promise<Result<{ id: number }>> {
    const result = await attempt(ownlist().todos.delete({ id: todo.id }))
    if (!result.ok) return result
    this.#changed()
    await this.refresh()
    return result
  }

  /**
   * Undoes a delete: adds the to-do again (a new id, the same content) and puts it back in its
   * place. `problems`: steps after the add that failed, so it is back but not completely.
   */
  async bringBack(todo: Todo, position: number): Promise<Result<{ todo: Todo; problems: ApiError[] }>> {
    const api = ownlist().todos
    const added = await attempt(api.add(addAgain(todo, todo.listId)))
    if (!added.ok) return added
    const rule = repeatAgain(todo, added.value.id)
    // One after the other: the rule goes back only once it is done (see todo-copy.ts).
    const steps = [
      todo.done ? () => api.setDone({ id: added.value.id, done: true }) : null,
      rule ? () => api.update(rule) : null,
      () => api.move({ id: added.value.id, toIndex: position }),
    ]
    const problems: ApiError[] = []
    for (const step of steps) {
      if (!step) continue
      const r = await attempt<unknown>(step())
      if (!r.ok) problems.push(r.error)
    }
    this.#changed()
    await this.refresh()
    return { ok: true, value: { todo: added.value, problems } }
  }

  /** A to-do changed elsewhere (its reminder snoozed from a notice): its row, if read, shows it as it now is. */
  replace(todo: Todo): void {
    this.#patch(todo)
  }

  /** Moves a to-do to row `target` of the list (only when the whole list is shown in order). */
  async move(todo: Todo, target: number): Promise<Result<Todo>> {
    if (!this.canReorder || target < 0 || target >= this.total) return { ok: false, error: CANNOT_REORDER }
    const result = await attempt(ownlist().todos.move({ id: todo.id, toIndex: target }))
    if (!result.ok) return result
    this.activeIndex = target
    await this.refresh()
    return result
  }

  #changed(): void {
    this.#deps.onChanged()
    void this.loadSmartCounts()
  }

  #restart(): void {
    this.activeIndex = 0
    this.editingId = null
    this.#range = { start: 0, end: 0 }
    this.#reloading = this.reload()
  }

  #fetch(page: number, counting: Counting, read: PageRead = { offset: page * PAGE_SIZE }) {
    const input = $state.snapshot({
      listId: this.allLists ? null : this.listId,
      filter: this.scope === 'list' ? this.filter : this.scope,
      search: this.search.trim(),
      today: localDate(),
      limit: PAGE_SIZE,
      ...counting,
      ...read,
    })
    return attempt(ownlist().todos.list(input))
  }

  #patch(todo: Todo): void {
    for (const [page, todos] of this.pages) {
      const i = todos.findIndex((t) => t.id === todo.id)
      if (i < 0) continue
      const next = todos.slice()
      next[i] = todo
      this.pages = new Map(this.pages).set(page, next)
      return
    }
  }
}
