import { describe, expect, it } from 'vitest'
import { daysBetween, describeDue, localDate } from './dates'

describe('localDate', () => {
  it('is the local calendar date, zero-padded', () => {
    expect(localDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05')
    expect(localDate(new Date(2026, 11, 31, 0, 0))).toBe('2026-12-31')
  })
})

describe('daysBetween', () => {
  it('counts calendar days, across months and leap days', () => {
    expect(daysBetween('2026-03-10', '2026-03-10')).toBe(0)
    expect(daysBetween('2026-03-10', '2026-03-11')).toBe(1)
    expect(daysBetween('2026-03-10', '2026-03-01')).toBe(-9)
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2)
  })
})

describe('describeDue', () => {
  const today = '2026-03-10'
  it('names today, tomorrow and overdue dates', () => {
    expect(describeDue('2026-03-10', today, false, 'en')).toEqual({ text: 'Today', tone: 'today' })
    expect(describeDue('2026-03-11', today, false, 'en')).toEqual({ text: 'Tomorrow', tone: 'soon' })
    expect(describeDue('2026-03-01', today, false, 'en')).toEqual({ text: 'Overdue · Mar 1', tone: 'overdue' })
  })
  it('shows the date, with the year only when it is another year', () => {
    expect(describeDue('2026-03-15', today, false, 'en')).toEqual({ text: 'Mar 15', tone: 'soon' })
    expect(describeDue('2026-05-01', today, false, 'en')).toEqual({ text: 'May 1', tone: 'later' })
    expect(describeDue('2027-01-02', today, false, 'en').text).toBe('Jan 2, 2027')
  })
  it('is calm about done to-dos, even when their date has passed', () => {
    expect(describeDue('2026-03-01', today, true, 'en')).toEqual({ text: 'Mar 1', tone: 'done' })
  })
})
