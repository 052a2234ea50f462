import { describe, expect, it } from 'vitest'
import { nextDueOn } from './next'
import { parseRepeat, type RepeatFrom } from './rule'
import { monthEnds } from '../../../test/support/dates'

/** The first `n` due dates after `due`, each completed on its due date. */
function series(input: string, due: string, n: number, from: RepeatFrom = 'due'): string[] {
  const rule = parseRepeat(input, due, from)
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    due = nextDueOn(rule, from, { dueOn: due, createdOn: '2020-01-01', completedOn: due })!
    out.push(due)
  }
  return out
}

describe('parseRepeat', () => {
  it.each([
    ['daily', '2026-01-07', 'due', 'RRULE:FREQ=DAILY'],
    ['weekdays', '2026-01-07', 'due', 'RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'],
    ['weekly', '2026-01-07', 'due', 'RRULE:FREQ=WEEKLY;BYDAY=WE'],
    ['weekly', '2026-01-07', 'done', 'RRULE:FREQ=WEEKLY'],
    ['Monthly', '2026-01-31', 'due', 'RRULE:FREQ=MONTHLY;BYMONTHDAY=31'],
    ['yearly', '2024-02-29', 'due', 'RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29'],
    ['every 3 days', '2026-01-07', 'due', 'RRULE:FREQ=DAILY;INTERVAL=3'],
    ['every 2 weeks', '2026-01-07', 'due', 'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE'],
    ['every 1 month', '2026-01-15', 'due', 'RRULE:FREQ=MONTHLY;BYMONTHDAY=15'],
    ['every 6 months', '2026-01-15', 'done', 'RRULE:FREQ=MONTHLY;INTERVAL=6'],
    ['rrule:freq=monthly;byday=-1fr', '2026-01-15', 'due', 'RRULE:FREQ=MONTHLY;BYDAY=-1FR'],
  ] as const)('%s (anchor %s, from %s) → %s', (input, anchor, from, stored) => {
    expect(parseRepeat(input, anchor, from)).toBe(stored)
  })

  it.each([
    '',
    'sometimes',
    'every 0 days',
    'every 2 fortnights',
    'FREQ=DAILY',
    'RRULE:',
    'RRULE:FREQ=BOGUS',
    'RRULE:FREQ=HOURLY',
    'RRULE:FREQ=DAILY;COUNT=3',
    'RRULE:FREQ=DAILY;INTERVAL=0',
    'RRULE:FREQ=WEEKLY;BYDAY=XX',
    'RRULE:FREQ=DAILY;DTSTART=20260101',
  ])('%j → INVALID_ARGUMENT', (input) => {
    expect(() => parseRepeat(input, '2026-01-01', 'due')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})

describe('next due dates', () => {
  it('monthly on the 31st falls on the last day of shorter months and returns to the 31st', () => {
    // 02-28, 03-31, 04-30, 05-31, 06-30, 07-31.
    expect(series('monthly', '2026-01-31', 6)).toEqual(monthEnds('2026-02', 6))
  })
  it('monthly on the 30th and 29th in a leap year February', () => {
    expect(series('monthly', '2028-01-30', 3)).toEqual(['2028-02-29', '2028-03-30', '2028-04-30'])
    expect(series('monthly', '2027-01-29', 2)).toEqual(['2027-02-28', '2027-03-29'])
  })
  it('every 2 months from the 31st', () => {
    expect(series('every 2 months', '2026-08-31', 3)).toEqual(['2026-10-31', '2026-12-31', '2027-02-28'])
  })
  it('yearly on 29 February: 28 February in common years, the 29th in leap years', () => {
    expect(series('yearly', '2024-02-29', 4)).toEqual(['2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29'])
  })
  it('monthly from completion on the 31st counts from the completion day, clamped', () => {
    const rule = parseRepeat('monthly', '2026-01-31', 'done')
    expect(nextDueOn(rule, 'done', { dueOn: '2026-01-20', createdOn: '2026-01-01', completedOn: '2026-01-31' })).toBe(
      '2026-02-28',
    )
  })
  it('daily, weekdays and weekly', () => {
    expect(series('daily', '2026-12-30', 3)).toEqual(['2026-12-31', '2027-01-01', '2027-01-02'])
    expect(series('weekdays', '2026-01-08', 4)).toEqual(['2026-01-09', '2026-01-12', '2026-01-13', '2026-01-14'])
    expect(series('weekly', '2026-01-07', 2)).toEqual(['2026-01-14', '2026-01-21'])
    expect(series('every 2 weeks', '2026-01-07', 2)).toEqual(['2026-01-21', '2026-02-04'])
  })
  it('the last Friday of the month', () => {
    expect(series('RRULE:FREQ=MONTHLY;BYDAY=-1FR', '2026-01-30', 3)).toEqual(['2026-02-27', '2026-03-27', '2026-04-24'])
  })
  it('weekly on chosen days', () => {
    expect(series('RRULE:FREQ=WEEKLY;BYDAY=MO,TH', '2026-01-05', 4)).toEqual([
      '2026-01-08',
      '2026-01-12',
      '2026-01-15',
      '2026-01-19',
    ])
  })
  it('completing early keeps the schedule; completing late skips dates already past', () => {
    const rule = parseRepeat('weekly', '2026-01-09', 'due') // Fridays
    expect(nextDueOn(rule, 'due', { dueOn: '2026-01-09', createdOn: '2026-01-01', completedOn: '2026-01-06' })).toBe(
      '2026-01-16',
    )
    expect(nextDueOn(rule, 'due', { dueOn: '2026-01-09', createdOn: '2026-01-01', completedOn: '2026-01-27' })).toBe(
      '2026-01-30',
    )
    const daily = parseRepeat('daily', '2026-01-09', 'due')
    expect(nextDueOn(daily, 'due', { dueOn: '2026-01-09', createdOn: '2026-01-01', completedOn: '2026-01-20' })).toBe(
      '2026-01-21',
    )
  })
  it('from completion: whole periods from the day it was done', () => {
    const rule = parseRepeat('every 10 days', '2026-01-01', 'done')
    expect(nextDueOn(rule, 'done', { dueOn: '2026-01-01', createdOn: '2026-01-01', completedOn: '2026-01-05' })).toBe(
      '2026-01-15',
    )
  })
  it('without a due date it counts from the creation date', () => {
    const rule = parseRepeat('every 3 days', '2026-01-01', 'due')
    expect(nextDueOn(rule, 'due', { dueOn: null, createdOn: '2026-01-01', completedOn: '2026-01-01' })).toBe(
      '2026-01-04',
    )
  })
  it('a series with UNTIL ends', () => {
    const rule = parseRepeat('RRULE:FREQ=DAILY;UNTIL=20260103T000000Z', '2026-01-01', 'due')
    expect(nextDueOn(rule, 'due', { dueOn: '2026-01-02', createdOn: '2026-01-01', completedOn: '2026-01-02' })).toBe(
      '2026-01-03',
    )
    expect(
      nextDueOn(rule, 'due', { dueOn: '2026-01-03', createdOn: '2026-01-01', completedOn: '2026-01-03' }),
    ).toBeNull()
  })
})
