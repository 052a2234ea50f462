/** Sorting the overview's table of profiles by any column. Pure. */
import type { ProfileFigures } from './types'

export type SortColumn = 'name' | 'total' | 'open' | 'done' | 'overdue' | 'doneLast7Days' | 'lastActivityAt'
export type SortDirection = 'ascending' | 'descending'

export interface SortState {
  column: SortColumn
  direction: SortDirection
}

export const SORT_COLUMNS: { id: SortColumn; label: string; numeric: boolean }[] = [
  { id: 'name', label: 'Profile', numeric: false },
  { id: 'total', label: 'To-dos', numeric: true },
  { id: 'open', label: 'Open', numeric: true },
  { id: 'done', label: 'Done', numeric: true },
  { id: 'overdue', label: 'Overdue', numeric: true },
  { id: 'doneLast7Days', label: 'Done in 7 days', numeric: true },
  { id: 'lastActivityAt', label: 'Last activity', numeric: false },
]

export const DEFAULT_SORT: SortState = { column: 'name', direction: 'ascending' }

/** Names read A→Z first; figures and times biggest / newest first. */
export function defaultDirection(column: SortColumn): SortDirection {
  return column === 'name' ? 'ascending' : 'descending'
}

/** A header clicked: the same column flips, another one starts in its own natural order. */
export function nextSort(current: SortState, column: SortColumn): SortState {
  if (current.column === column)
    return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
  return { column, direction: defaultDirection(column) }
}

/** How the sort reads aloud: "Open, highest first". */
export function describeSort(sort: SortState): string {
  const label = SORT_COLUMNS.find((c) => c.id === sort.column)?.label ?? sort.column
  const asc = sort.direction === 'ascending'
  if (sort.column === 'name') return `${label}, ${asc ? 'A to Z' : 'Z to A'}`
  if (sort.column === 'lastActivityAt') return `${label}, ${asc ? 'oldest first' : 'newest first'}`
  return `${label}, ${asc ? 'lowest first' : 'highest first'}`
}

/**
 * The profiles in the asked order, as a new array. Ties (and profiles without any
 * activity, which always come last) are ordered by name, then id, so the order is stable.
 */
export function sortProfiles(rows: readonly ProfileFigures[], sort: SortState, locale?: string): ProfileFigures[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true })
  const byName = (a: ProfileFigures, b: ProfileFigures) =>
    collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  const sign = sort.direction === 'ascending' ? 1 : -1
  return [...rows].sort((a, b) => {
    if (sort.column === 'name') return sign * byName(a, b)
    if (sort.column === 'lastActivityAt') {
      const ta = time(a.lastActivityAt)
      const tb = time(b.lastActivityAt)
      if (ta === null || tb === null) return ta === tb ? byName(a, b) : ta === null ? 1 : -1
      return sign * (ta - tb) || byName(a, b)
    }
    return sign * (a[sort.column] - b[sort.column]) || byName(a, b)
  })
}

function time(iso: string | null): number | null {
  if (!iso) return null
  const t = Date.parse(iso)
  return Number.isNaN(t) ? null : t
}
