import { describe, expect, it } from 'vitest'
import { snoozeUntil } from './snooze'
import { describeRepeat, repeatChoiceOf } from './repeat'

const NOW = new Date(2026, 10, 30, 21, 15)

describe('snoozeUntil', () => {
  it('moves a reminder 10 minutes, an hour, or to tomorrow at 9', () => {
    expect(new Date(snoozeUntil('10m', NOW)).getTime() - NOW.getTime()).toBe(10 * 60_000)
    expect(new Date(snoozeUntil('1h', NOW)).getTime() - NOW.getTime()).toBe(60 * 60_000)
    const t = new Date(snoozeUntil('tomorrow', NOW))
    expect([t.getFullYear(), t.getMonth(), t.getDate(), t.getHours(), t.getMinutes()]).toEqual([2026, 11, 1, 9, 0])
  })
})

describe('repeat rules in the editor and on the row', () => {
  it('maps stored rules to the editor choice, else custom with the rule', () => {
    expect(repeatChoiceOf(null)).toEqual({ choice: 'none', custom: '' })
    expect(repeatChoiceOf('RRULE:FREQ=DAILY').choice).toBe('daily')
    expect(repeatChoiceOf('RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR').choice).toBe('weekdays')
    expect(repeatChoiceOf('RRULE:FREQ=WEEKLY;BYDAY=MO')).toEqual({
      choice: 'custom',
      custom: 'RRULE:FREQ=WEEKLY;BYDAY=MO',
    })
  })

  it('says a rule in words for the repeat icon', () => {
    expect(describeRepeat('RRULE:FREQ=WEEKLY;BYDAY=MO')).toBe('Repeats every week on Monday')
    expect(describeRepeat('RRULE:FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1')).toBe('Repeats every 2 months on day 1')
    expect(describeRepeat('RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR')).toBe('Repeats every weekday')
  })
})
