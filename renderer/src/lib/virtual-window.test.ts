import { describe, expect, it } from 'vitest'
import {
  computeWindow,
  indexAt,
  pagesFor,
  revealScrollTop,
  rowHeightAt,
  rowsPerPage,
  rowTop,
  totalHeight,
} from './virtual-window'

const H = 50

describe('computeWindow', () => {
  it('is empty for an empty list', () => {
    expect(computeWindow({ scrollTop: 0, viewportHeight: 500, rowHeight: H, count: 0, overscan: 5 })).toEqual({
      start: 0,
      end: 0,
    })
  })

  it('renders the visible rows plus overscan, clamped to the list', () => {
    expect(computeWindow({ scrollTop: 0, viewportHeight: 500, rowHeight: H, count: 10_000, overscan: 5 })).toEqual({
      start: 0,
      end: 15,
    })
    expect(computeWindow({ scrollTop: 1000, viewportHeight: 500, rowHeight: H, count: 10_000, overscan: 5 })).toEqual({
      start: 15,
      end: 35,
    })
    expect(
      computeWindow({ scrollTop: 499_500, viewportHeight: 500, rowHeight: H, count: 10_000, overscan: 5 }),
    ).toEqual({ start: 9985, end: 10_000 })
  })

  it('keeps the DOM small however long the list is', () => {
    for (const scrollTop of [0, 12_345, 250_000, 499_000]) {
      const { start, end } = computeWindow({ scrollTop, viewportHeight: 800, rowHeight: H, count: 10_000, overscan: 8 })
      expect(end - start).toBeLessThanOrEqual(800 / H + 1 + 16)
    }
  })

  it('covers a partly visible last row', () => {
    // 0..524 visible: rows 0..10 (row 10 starts at 500).
    expect(computeWindow({ scrollTop: 0, viewportHeight: 525, rowHeight: H, count: 100, overscan: 0 })).toEqual({
      start: 0,
      end: 11,
    })
  })

  it('still renders a row before the viewport has been measured', () => {
    expect(computeWindow({ scrollTop: 0, viewportHeight: 0, rowHeight: H, count: 100, overscan: 0 })).toEqual({
      start: 0,
      end: 1,
    })
  })

  it('accounts for an expanded row', () => {
    const expansion = { index: 2, extra: 200 }
    // Rows 0-1 at 0/50, row 2 spans 100..350, rows 3, 4, 5 start at 350, 400, 450.
    expect(
      computeWindow({ scrollTop: 360, viewportHeight: 100, rowHeight: H, count: 100, overscan: 0, expansion }),
    ).toEqual({ start: 3, end: 6 })
    expect(
      computeWindow({ scrollTop: 120, viewportHeight: 100, rowHeight: H, count: 100, overscan: 0, expansion }),
    ).toEqual({ start: 2, end: 3 })
  })
})

describe('row geometry', () => {
  const expansion = { index: 3, extra: 100 }
  it('places rows, moving those after an expanded row down', () => {
    expect(rowTop(0, H)).toBe(0)
    expect(rowTop(3, H, expansion)).toBe(150)
    expect(rowTop(4, H, expansion)).toBe(300)
    expect(rowHeightAt(3, H, expansion)).toBe(150)
    expect(rowHeightAt(4, H, expansion)).toBe(50)
  })

  it('sizes the whole list', () => {
    expect(totalHeight(10_000, H)).toBe(500_000)
    expect(totalHeight(10, H, expansion)).toBe(600)
    expect(totalHeight(2, H, expansion)).toBe(100) // the expanded row is not in the list
    expect(totalHeight(0, H)).toBe(0)
  })

  it('finds the row under an offset', () => {
    expect(indexAt(0, H, 10)).toBe(0)
    expect(indexAt(49, H, 10)).toBe(0)
    expect(indexAt(50, H, 10)).toBe(1)
    expect(indexAt(10_000, H, 10)).toBe(9)
    expect(indexAt(-5, H, 10)).toBe(0)
    expect(indexAt(160, H, 10, expansion)).toBe(3)
    expect(indexAt(299, H, 10, expansion)).toBe(3)
    expect(indexAt(300, H, 10, expansion)).toBe(4)
  })
})

describe('pagesFor', () => {
  it('lists the pages that cover a range of rows', () => {
    expect(pagesFor(0, 0, 200)).toEqual([])
    expect(pagesFor(0, 1, 200)).toEqual([0])
    expect(pagesFor(0, 200, 200)).toEqual([0])
    expect(pagesFor(190, 215, 200)).toEqual([0, 1])
    expect(pagesFor(5000, 5030, 200)).toEqual([25])
    expect(pagesFor(399, 601, 200)).toEqual([1, 2, 3])
  })
})

describe('revealScrollTop', () => {
  it('does not move when the row is already visible', () => {
    expect(revealScrollTop(5, 200, 300, H)).toBe(200)
  })
  it('scrolls up to a row above, and down just enough for a row below', () => {
    expect(revealScrollTop(1, 200, 300, H)).toBe(50)
    expect(revealScrollTop(12, 200, 300, H)).toBe(350)
  })
  it('shows the top of a row taller than the viewport', () => {
    expect(revealScrollTop(3, 0, 100, H, { index: 3, extra: 200 })).toBe(150)
  })
})

describe('rowsPerPage', () => {
  it('steps by a viewport less one row, at least one', () => {
    expect(rowsPerPage(500, H)).toBe(9)
    expect(rowsPerPage(0, H)).toBe(1)
  })
})
