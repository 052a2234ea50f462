/**
 * The math of a windowed list with fixed-height rows, one of which may be expanded by a
 * fixed extra height (the inline editor). Pure: no DOM, unit-tested.
 */
export interface Expansion {
  index: number
  extra: number
}

export interface WindowInput {
  scrollTop: number
  viewportHeight: number
  rowHeight: number
  count: number
  overscan: number
  expansion?: Expansion | null
}

/** Rows [start, end) to render. */
export interface WindowRange {
  start: number
  end: number
}

function valid(exp: Expansion | null | undefined, count: number): Expansion | null {
  return exp && exp.index >= 0 && exp.index < count && exp.extra > 0 ? exp : null
}

export function rowTop(index: number, rowHeight: number, exp?: Expansion | null): number {
  return index * rowHeight + (exp && index > exp.index ? exp.extra : 0)
}

export function rowHeightAt(index: number, rowHeight: number, exp?: Expansion | null): number {
  return rowHeight + (exp && index === exp.index ? exp.extra : 0)
}

export function totalHeight(count: number, rowHeight: number, exp?: Expansion | null): number {
  return Math.max(0, count) * rowHeight + (valid(exp, count) ? exp!.extra : 0)
}

/** The row under the vertical offset `y` (clamped to the rows there are). */
export function indexAt(y: number, rowHeight: number, count: number, exp?: Expansion | null): number {
  if (count <= 0) return 0
  const e = valid(exp, count)
  let offset = Math.max(0, y)
  if (e) {
    const top = e.index * rowHeight
    const bottom = top + rowHeight + e.extra
    if (offset >= top && offset < bottom) return e.index
    if (offset >= bottom) offset -= e.extra
  }
  return Math.min(count - 1, Math.floor(offset / rowHeight))
}

export function computeWindow(input: WindowInput): WindowRange {
  const { scrollTop, viewportHeight, rowHeight, count, overscan } = input
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 }
  const exp = valid(input.expansion, count)
  const first = indexAt(scrollTop, rowHeight, count, exp)
  const last = indexAt(scrollTop + Math.max(viewportHeight, rowHeight) - 1, rowHeight, count, exp)
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + 1 + overscan) }
}

/** The page numbers (of `pageSize` rows) that cover rows [start, end). */
export function pagesFor(start: number, end: number, pageSize: number): number[] {
  if (end <= start || pageSize <= 0) return []
  const pages: number[] = []
  for (let p = Math.floor(start / pageSize); p * pageSize < end; p++) pages.push(p)
  return pages
}

/** The scrollTop that brings row `index` fully into view, moving as little as possible. */
export function revealScrollTop(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  exp?: Expansion | null,
): number {
  const top = rowTop(index, rowHeight, exp)
  const bottom = top + rowHeightAt(index, rowHeight, exp)
  if (top < scrollTop) return top
  if (bottom > scrollTop + viewportHeight) return Math.min(top, bottom - viewportHeight)
  return scrollTop
}

/** How many whole rows fit in the viewport (at least one): the step of PageUp / PageDown. */
export function rowsPerPage(viewportHeight: number, rowHeight: number): number {
  return Math.max(1, Math.floor(viewportHeight / rowHeight) - 1)
}
