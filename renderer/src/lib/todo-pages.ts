/**
 * How the windowed list reads a page of to-dos: next to a page it already holds, by keyset
 * (the rows after that page's last to-do, or before the next page's first), which costs the
 * same at row 90,000 as at row 0; only a jump far from anything held goes by OFFSET.
 * Pure: no DOM, no calls, unit-tested.
 */
import type { Todo, TodoCursor } from './types'

export type PageRead = { offset: number; after?: TodoCursor; before?: TodoCursor }
/** What a `todos.list` call counts besides its rows (the filter counts read every row of the list). */
export type Counting = { total: boolean; counts: boolean; limit?: number }
export const ROWS: Counting = { total: false, counts: false }
export const WITH_TOTAL: Counting = { total: true, counts: false }
export const WITH_COUNTS: Counting = { total: true, counts: true }

const cursorOf = (t: Todo): TodoCursor => ({ listId: t.listId, position: t.position, id: t.id })

/** Where page `page` starts, from its neighbours when one is held and full (`keyset`: the order is a list order, not a search's). */
export function pageRead(
  pages: ReadonlyMap<number, Todo[]>,
  page: number,
  pageSize: number,
  keyset: boolean,
): PageRead {
  if (keyset) {
    const previous = pages.get(page - 1)
    if (previous?.length === pageSize) return { offset: 0, after: cursorOf(previous[pageSize - 1]!) }
    const next = pages.get(page + 1)
    if (next?.length) return { offset: 0, before: cursorOf(next[0]!) }
  }
  return { offset: page * pageSize }
}

/**
 * The pages to keep when `limit` is exceeded: the nearest to the rows on screen [start, end),
 * so a long scroll through 100,000 to-dos holds a bounded number of rows.
 */
export function keepNearest(
  pages: ReadonlyMap<number, Todo[]>,
  start: number,
  end: number,
  pageSize: number,
  limit: number,
): Map<number, Todo[]> {
  if (pages.size <= limit) return new Map(pages)
  const first = Math.floor(start / pageSize)
  const last = Math.floor(Math.max(start, end - 1) / pageSize)
  const distance = (p: number) => (p < first ? first - p : p > last ? p - last : 0)
  const kept = [...pages.keys()].sort((a, b) => distance(a) - distance(b) || a - b).slice(0, limit)
  return new Map(kept.sort((a, b) => a - b).map((p) => [p, pages.get(p)!]))
}
