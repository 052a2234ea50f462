import { describe, expect, it } from 'vitest'
import { parseCapture } from './capture'
import { dueChoices } from './due-choices'

describe('dueChoices', () => {
  it('offers today, tomorrow and the next Monday, across a month end', () => {
    const byKey = (now: Date) => Object.fromEntries(dueChoices(now).map((c) => [c.key, c.dueOn]))
    expect(byKey(new Date(2026, 10, 30, 23, 30))).toEqual({
      today: '2026-11-30',
      tomorrow: '2026-12-01',
      'next-week': '2026-12-07',
    })
    expect(byKey(new Date(2026, 11, 31, 8))).toEqual({
      today: '2026-12-31',
      tomorrow: '2027-01-01',
      'next-week': '2027-01-04',
    })
    expect(byKey(new Date(2027, 0, 3, 8))['next-week']).toBe('2027-01-04')
  })

  it('"Next week" is the day "next week" typed in a title means', () => {
    for (let day = 0; day < 7; day++) {
      const now = new Date(2026, 10, 29 + day, 10)
      expect(dueChoices(now)[2]!.dueOn).toBe(parseCapture('x next week', now).dueOn)
    }
  })
})
