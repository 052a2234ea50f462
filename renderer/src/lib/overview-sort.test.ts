import { describe, expect, it } from 'vitest'
import { DEFAULT_SORT, describeSort, nextSort, sortProfiles, type SortState } from './overview-sort'
import type { ProfileFigures } from './types'

const p = (id: string, name: string, fig: Partial<ProfileFigures> = {}): ProfileFigures => ({
  id,
  name,
  total: 0,
  open: 0,
  done: 0,
  overdue: 0,
  doneLast7Days: 0,
  lastActivityAt: null,
  ...fig,
})

const rows = [
  p('c', 'work', {
    total: 10,
    open: 4,
    done: 6,
    overdue: 1,
    doneLast7Days: 2,
    lastActivityAt: '2026-03-09T10:00:00.000Z',
  }),
  p('a', 'Personal', { total: 3, open: 3, lastActivityAt: '2026-03-10T08:00:00.000Z' }),
  p('b', 'Archive', { total: 10, open: 0, done: 10 }),
  p('d', 'Project 10', { total: 1, open: 1, lastActivityAt: '2026-01-01T00:00:00.000Z' }),
  p('e', 'Project 9', { total: 1, open: 1 }),
]
const ids = (sort: SortState) => sortProfiles(rows, sort, 'en').map((r) => r.id)

describe('sortProfiles', () => {
  it('sorts names case-insensitively, numbers inside names by value', () => {
    expect(ids({ column: 'name', direction: 'ascending' })).toEqual(['b', 'a', 'e', 'd', 'c'])
    expect(ids({ column: 'name', direction: 'descending' })).toEqual(['c', 'd', 'e', 'a', 'b'])
  })

  it('sorts figures, ties broken by name whatever the direction', () => {
    expect(ids({ column: 'total', direction: 'descending' })).toEqual(['b', 'c', 'a', 'e', 'd'])
    expect(ids({ column: 'total', direction: 'ascending' })).toEqual(['e', 'd', 'a', 'b', 'c'])
    expect(ids({ column: 'overdue', direction: 'descending' })[0]).toBe('c')
  })

  it('puts profiles without activity last in both directions', () => {
    expect(ids({ column: 'lastActivityAt', direction: 'descending' })).toEqual(['a', 'c', 'd', 'b', 'e'])
    expect(ids({ column: 'lastActivityAt', direction: 'ascending' })).toEqual(['d', 'c', 'a', 'b', 'e'])
  })

  it('returns a new array and leaves the input alone', () => {
    const before = rows.map((r) => r.id)
    const sorted = sortProfiles(rows, { column: 'open', direction: 'descending' })
    expect(sorted).not.toBe(rows)
    expect(rows.map((r) => r.id)).toEqual(before)
    expect(sortProfiles([], DEFAULT_SORT)).toEqual([])
  })
})

describe('nextSort', () => {
  it('flips the direction of the same column', () => {
    expect(nextSort(DEFAULT_SORT, 'name')).toEqual({ column: 'name', direction: 'descending' })
    expect(nextSort({ column: 'open', direction: 'descending' }, 'open')).toEqual({
      column: 'open',
      direction: 'ascending',
    })
  })
  it('starts figures biggest first and names A to Z', () => {
    expect(nextSort(DEFAULT_SORT, 'overdue')).toEqual({ column: 'overdue', direction: 'descending' })
    expect(nextSort({ column: 'total', direction: 'ascending' }, 'name')).toEqual({
      column: 'name',
      direction: 'ascending',
    })
  })
})

describe('describeSort', () => {
  it('reads the order aloud', () => {
    expect(describeSort(DEFAULT_SORT)).toBe('Profile, A to Z')
    expect(describeSort({ column: 'open', direction: 'descending' })).toBe('Open, highest first')
    expect(describeSort({ column: 'lastActivityAt', direction: 'ascending' })).toBe('Last activity, oldest first')
  })
})
