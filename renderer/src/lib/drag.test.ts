import { describe, expect, it } from 'vitest'
import { slotAt, targetIndex } from './drag'

describe('slotAt', () => {
  it('is the gap above a row in its top half, below it in its bottom half, within the list', () => {
    expect(slotAt(100, 2, 96, 52, 5)).toBe(2)
    expect(slotAt(130, 2, 96, 52, 5)).toBe(3)
    expect(slotAt(500, 4, 208, 52, 5)).toBe(5)
    expect(slotAt(-10, 0, 0, 52, 5)).toBe(0)
  })
})

describe('targetIndex', () => {
  it('accounts for the row leaving its place, and is null when nothing moves', () => {
    expect(targetIndex(0, 3)).toBe(2)
    expect(targetIndex(3, 0)).toBe(0)
    expect(targetIndex(2, 2)).toBeNull()
    expect(targetIndex(2, 3)).toBeNull()
    expect(targetIndex(4, 5)).toBeNull()
    expect(targetIndex(1, 5)).toBe(4)
  })
})
