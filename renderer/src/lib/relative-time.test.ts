import { describe, expect, it } from 'vitest'
import { exactTime, relativeTime } from './relative-time'

const now = new Date('2026-03-10T12:00:00Z')
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString()

describe('relativeTime', () => {
  it('says "never" for a profile never opened and "unknown" for junk', () => {
    expect(relativeTime(null, now, 'en')).toBe('never')
    expect(relativeTime(undefined, now, 'en')).toBe('never')
    expect(relativeTime('not a date', now, 'en')).toBe('unknown')
  })

  it('says "just now" within 45 seconds either way', () => {
    expect(relativeTime(ago(0), now, 'en')).toBe('just now')
    expect(relativeTime(ago(44), now, 'en')).toBe('just now')
    expect(relativeTime(ago(-30), now, 'en')).toBe('just now')
  })

  it('uses the largest whole unit', () => {
    expect(relativeTime(ago(50), now, 'en')).toBe('1 minute ago')
    expect(relativeTime(ago(5 * 60), now, 'en')).toBe('5 minutes ago')
    expect(relativeTime(ago(2 * 3600), now, 'en')).toBe('2 hours ago')
    expect(relativeTime(ago(2 * 3600 + 59 * 60), now, 'en')).toBe('2 hours ago')
    expect(relativeTime(ago(24 * 3600), now, 'en')).toBe('yesterday')
    expect(relativeTime(ago(3 * 24 * 3600), now, 'en')).toBe('3 days ago')
    expect(relativeTime(ago(8 * 24 * 3600), now, 'en')).toBe('last week')
    expect(relativeTime(ago(45 * 24 * 3600), now, 'en')).toBe('last month')
    expect(relativeTime(ago(800 * 24 * 3600), now, 'en')).toBe('2 years ago')
  })

  it('handles times in the future (a clock that moved back)', () => {
    expect(relativeTime(ago(-3 * 3600), now, 'en')).toBe('in 3 hours')
  })
})

describe('exactTime', () => {
  it('formats the full local time, or says it was never opened', () => {
    expect(exactTime(null, 'en')).toBe('Never opened')
    expect(exactTime('2026-03-10T12:00:00Z', 'en')).toMatch(/2026/)
    expect(exactTime('junk', 'en')).toBe('junk')
  })
})
