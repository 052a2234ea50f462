import { describe, expect, it } from 'vitest'
import { gridKeyAction } from './grid-keys'

const at = { index: 5, total: 20, step: 8, onRow: true }
const key = (k: string, altKey = false) => ({ key: k, altKey })

describe('gridKeyAction', () => {
  it('moves the focus with arrows, Home/End and a page at a time', () => {
    expect(gridKeyAction(key('ArrowDown'), at)).toEqual({ kind: 'focus', index: 6 })
    expect(gridKeyAction(key('ArrowUp'), at)).toEqual({ kind: 'focus', index: 4 })
    expect(gridKeyAction(key('Home'), at)).toEqual({ kind: 'focus', index: 0 })
    expect(gridKeyAction(key('End'), at)).toEqual({ kind: 'focus', index: 19 })
    expect(gridKeyAction(key('PageDown'), at)).toEqual({ kind: 'focus', index: 13 })
    expect(gridKeyAction(key('PageUp'), at)).toEqual({ kind: 'focus', index: -3 })
  })

  it('reorders with Alt+arrows', () => {
    expect(gridKeyAction(key('ArrowDown', true), at)).toEqual({ kind: 'move', delta: 1 })
    expect(gridKeyAction(key('ArrowUp', true), at)).toEqual({ kind: 'move', delta: -1 })
  })

  it('edits, toggles and deletes with Enter, Space and Backspace only on the row itself', () => {
    expect(gridKeyAction(key('Enter'), at)).toEqual({ kind: 'edit' })
    expect(gridKeyAction(key(' '), at)).toEqual({ kind: 'toggle' })
    expect(gridKeyAction(key('Backspace'), at)).toEqual({ kind: 'delete' })
    const onButton = { ...at, onRow: false }
    expect(gridKeyAction(key('Enter'), onButton)).toBeNull()
    expect(gridKeyAction(key(' '), onButton)).toBeNull()
    expect(gridKeyAction(key('Backspace'), onButton)).toBeNull()
    expect(gridKeyAction(key('Delete'), onButton)).toEqual({ kind: 'delete' })
  })

  it('leaves other keys alone', () => {
    expect(gridKeyAction(key('a'), at)).toBeNull()
    expect(gridKeyAction(key('Tab'), at)).toBeNull()
  })
})
