/**
 * Drag and drop of to-dos and lists: where a drop lands. Pure, unit-tested; the components
 * only read the pointer and draw the indicator.
 */

/** The data types a drag carries (a to-do's id, a list's id). */
export const TODO_TYPE = 'application/x-ownlist-todo'
export const LIST_TYPE = 'application/x-ownlist-list'

/**
 * The gap a pointer at `y` (within row `index`, which starts at `top` and is `height` tall)
 * points at: 0 is above the first row, `count` below the last.
 */
export function slotAt(y: number, index: number, top: number, height: number, count: number): number {
  const slot = y < top + height / 2 ? index : index + 1
  return Math.max(0, Math.min(count, slot))
}

/**
 * The index an item at `from` gets when dropped into gap `slot` (the item leaves its place
 * first); null when the drop would not move it.
 */
export function targetIndex(from: number, slot: number): number | null {
  const to = slot > from ? slot - 1 : slot
  return to === from ? null : to
}
