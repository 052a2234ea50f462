/** What a key pressed on a row of the to-do grid does. Pure: the grid carries it out. */
export type GridKeyAction =
  | { kind: 'focus'; index: number }
  | { kind: 'move'; delta: number }
  | { kind: 'edit' }
  | { kind: 'toggle' }
  | { kind: 'delete' }

export interface GridKey {
  key: string
  altKey: boolean
}

/**
 * Arrows, Home/End and PageUp/PageDown move the focus (`step` rows a page); Alt+↑/↓
 * reorders; Enter edits, Space toggles and Backspace deletes only on the row itself
 * (not on its buttons); Delete deletes. Null: the key is not the grid's.
 */
export function gridKeyAction(
  e: GridKey,
  at: { index: number; total: number; step: number; onRow: boolean },
): GridKeyAction | null {
  const { index, total, step, onRow } = at
  switch (e.key) {
    case 'ArrowDown':
    case 'ArrowUp': {
      const delta = e.key === 'ArrowDown' ? 1 : -1
      return e.altKey ? { kind: 'move', delta } : { kind: 'focus', index: index + delta }
    }
    case 'Home':
      return { kind: 'focus', index: 0 }
    case 'End':
      return { kind: 'focus', index: total - 1 }
    case 'PageDown':
      return { kind: 'focus', index: index + step }
    case 'PageUp':
      return { kind: 'focus', index: index - step }
    case 'Enter':
      return onRow ? { kind: 'edit' } : null
    case ' ':
      return onRow ? { kind: 'toggle' } : null
    case 'Delete':
      return { kind: 'delete' }
    case 'Backspace':
      return onRow ? { kind: 'delete' } : null
    default:
      return null
  }
}
