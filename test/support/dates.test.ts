import { describe, expect, it } from 'vitest'
import { consecutiveDays, monthEnds } from './dates'

describe('test dates', () => {
  it('monthEnds: 28, 29, 30 and 31-day months, across a year end', () => {
    expect(monthEnds('2027-11', 4)).toEqual(['2027-11-30', '2027-12-31', '2028-01-31', '2028-02-29'])
    expect(monthEnds('2026-02', 2)).toEqual(['2026-02-28', '2026-03-31'])
  })
  it('consecutiveDays: across a month and a year end', () => {
    expect(consecutiveDays('2026-12-30', 4)).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02'])
    expect(consecutiveDays('2028-02-28', 2)).toEqual(['2028-02-28', '2028-02-29'])
  })
})
