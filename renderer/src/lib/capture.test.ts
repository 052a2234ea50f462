import { describe, expect, it } from 'vitest'
import { addInput, parseCapture, titleWithout } from './capture'

// Monday 30 November 2026, 09:00 local time.
const NOW = new Date(2026, 10, 30, 9, 0)

describe('parseCapture', () => {
  it('reads a day and a time, and takes them out of the title', () => {
    const text = 'Call the bank tomorrow 3pm'
    const c = parseCapture(text, NOW)
    expect(c.dueOn).toBe('2026-12-01')
    expect(c.time).toBe('15:00')
    expect(c.dateSpan).toEqual({ text: 'tomorrow 3pm', index: 14 })
    expect(addInput(text, c, null)).toEqual({ title: 'Call the bank', dueOn: '2026-12-01' })
  })

  it('reads a short weekday as the next one, and "next week" as next Monday', () => {
    expect(parseCapture('Buy milk fri', NOW).dueOn).toBe('2026-12-04')
    expect(addInput('Buy milk fri', parseCapture('Buy milk fri', NOW), null).title).toBe('Buy milk')
    const c = parseCapture('Plan the trip next week', NOW)
    expect(c.dueOn).toBe('2026-12-07')
    expect(addInput('Plan the trip next week', c, null).title).toBe('Plan the trip')
  })

  it('drops a dangling "on" before the date', () => {
    const c = parseCapture('Dentist on 12 march', NOW)
    expect(c.dueOn).toBe('2027-03-12')
    expect(addInput('Dentist on 12 march', c, null).title).toBe('Dentist')
  })

  it('leaves numbers that are not dates alone', () => {
    for (const text of ['Read 3 books', 'Review the may report', 'Buy 2 kg of flour', 'Fix bug 1234']) {
      const c = parseCapture(text, NOW)
      expect(c.dueOn, text).toBeNull()
      expect(addInput(text, c, null).title).toBe(text)
    }
  })

  it('reads a monthly repeat on a day of the month, with its first due date', () => {
    const text = 'pay rent every month on the 1st'
    const c = parseCapture(text, NOW)
    expect(c.repeat).toEqual({
      rule: 'FREQ=MONTHLY;BYMONTHDAY=1',
      text: 'every month on the 1st',
      label: 'Every month on the 1st',
    })
    expect(c.dueOn).toBe('2026-12-01')
    // The API does not take repeat rules yet: the candidate is dropped, its words still leave the title.
    expect(addInput(text, c, null)).toEqual({ title: 'pay rent', dueOn: '2026-12-01' })
  })

  it('reads weekly, daily and every-other repeats, not as a plain date', () => {
    const monday = parseCapture('water plants every monday', NOW)
    expect(monday.repeat?.rule).toBe('FREQ=WEEKLY;BYDAY=MO')
    expect(monday.dueOn).toBe('2026-11-30')
    expect(monday.dateSpan).toBeNull()
    expect(parseCapture('stand-up every weekday', NOW).repeat?.rule).toBe('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR')
    expect(parseCapture('vitamins daily', NOW).repeat?.rule).toBe('FREQ=DAILY')
    const other = parseCapture('bins every other thursday', NOW)
    expect(other.repeat).toMatchObject({ rule: 'FREQ=WEEKLY;BYDAY=TH;INTERVAL=2', label: 'Every other Thursday' })
    expect(other.dueOn).toBe('2026-12-03')
  })

  it('a monthly repeat on the 31st falls on the last day of a short month', () => {
    expect(parseCapture('invoice every month on the 31st', new Date(2027, 1, 3)).dueOn).toBe('2027-02-28')
  })

  it('a dismissed phrase stays a word of the title and is not offered again', () => {
    const text = 'Call the bank tomorrow'
    const c = parseCapture(text, NOW, new Set(['tomorrow']))
    expect(c.dueOn).toBeNull()
    expect(addInput(text, c, null)).toEqual({ title: 'Call the bank tomorrow', dueOn: null })
  })

  it('a date picked with the buttons wins and leaves the typed words alone', () => {
    const text = 'Call the bank fri'
    expect(addInput(text, parseCapture(text, NOW), '2026-12-10')).toEqual({
      title: 'Call the bank fri',
      dueOn: '2026-12-10',
    })
  })

  it('a title that is only a date keeps its words', () => {
    expect(addInput('tomorrow', parseCapture('tomorrow', NOW), null)).toEqual({
      title: 'tomorrow',
      dueOn: '2026-12-01',
    })
  })
})

describe('titleWithout', () => {
  it('removes several spans and tidies the spaces and punctuation', () => {
    const text = 'Pay rent every month on the 1st, by fri'
    expect(
      titleWithout(text, [
        { text: 'every month on the 1st', index: 9 },
        { text: 'fri', index: text.indexOf('fri') },
      ]),
    ).toBe('Pay rent,')
  })
})
