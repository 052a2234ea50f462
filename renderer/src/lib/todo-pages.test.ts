import { describe, expect, it } from 'vitest'
import { keepNearest, pageRead } from './todo-pages'
import type { Todo } from './types'

const SIZE = 4
const todo = (i: number): Todo => ({
  id: 1000 + i,
  listId: 3,
  title: `Row ${i}`,
  notes: '',
  done: false,
  dueOn: null,
  position: i * 2,
  createdAt: '',
  updatedAt: '',
  completedAt: null,
  repeat: null,
  repeatFrom: 'due',
  remindAt: null,
})
const page = (p: number, n = SIZE) => Array.from({ length: n }, (_, i) => todo(p * SIZE + i))

describe('pageRead', () => {
  it('reads after the previous page when it is held and full', () => {
    const pages = new Map([[6, page(6)]])
    expect(pageRead(pages, 7, SIZE, true)).toEqual({ offset: 0, after: { listId: 3, position: 27 * 2, id: 1027 } })
  })

  it('reads before the next page when only that one is held (scrolling up after a jump)', () => {
    const pages = new Map([[8, page(8, 2)]])
    expect(pageRead(pages, 7, SIZE, true)).toEqual({ offset: 0, before: { listId: 3, position: 32 * 2, id: 1032 } })
  })

  it('jumps by offset when no neighbour is held, the previous one is short, or the order is a search', () => {
    expect(pageRead(new Map([[2, page(2)]]), 7, SIZE, true)).toEqual({ offset: 28 })
    expect(pageRead(new Map([[6, page(6, 3)]]), 7, SIZE, true)).toEqual({ offset: 28 })
    expect(
      pageRead(
        new Map([
          [6, page(6)],
          [8, page(8)],
        ]),
        7,
        SIZE,
        false,
      ),
    ).toEqual({ offset: 28 })
    expect(pageRead(new Map(), 0, SIZE, true)).toEqual({ offset: 0 })
  })
})

describe('keepNearest', () => {
  it('keeps every page up to the limit', () => {
    const pages = new Map([0, 5, 9].map((p) => [p, page(p)]))
    expect([...keepNearest(pages, 0, 4, SIZE, 3).keys()]).toEqual([0, 5, 9])
  })

  it('drops the pages farthest from the rows on screen', () => {
    const pages = new Map([0, 1, 2, 10, 11, 12, 13, 30].map((p) => [p, page(p)]))
    // Rows 44..51 are pages 11 and 12.
    const kept = keepNearest(pages, 44, 52, SIZE, 4)
    expect([...kept.keys()]).toEqual([10, 11, 12, 13])
    expect(kept.get(11)).toBe(pages.get(11))
  })
})
