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
    // The engine reads "RRULE:…" strings: the bare rule is prefixed on saving.
    expect(addInput(text, c, null)).toEqual({
      title: 'pay rent',
      dueOn: '2026-12-01',
      repeat: 'RRULE:FREQ=MONTHLY;BYMONTHDAY=1',
    })
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

  it('saves "every monday" as a rule the engine accepts', () => {
    const text = 'Water plants every monday'
    expect(addInput(text, parseCapture(text, NOW), null)).toEqual({
      title: 'Water plants',
      dueOn: '2026-11-30',
      repeat: 'RRULE:FREQ=WEEKLY;BYDAY=MO',
    })
  })

  it('reads "remind me at 9" as the next 9 o\'clock, not as a due date', () => {
    // 09:00 has just come (NOW is 09:00): the next 9 is tomorrow morning.
    const c = parseCapture('Call mum remind me at 9', NOW)
    expect(c.remindAt).toBe('2026-12-01T09:00')
    expect(c.dueOn).toBeNull()
    expect(addInput('Call mum remind me at 9', c, null)).toEqual({
      title: 'Call mum',
      dueOn: null,
      remindAt: '2026-12-01T09:00',
    })
    expect(parseCapture('Call mum remind me at 5pm', NOW).remindAt).toBe('2026-11-30T17:00')
    expect(parseCapture('Call mum remind me 14:30', NOW).remindAt).toBe('2026-11-30T14:30')
  })

  it('reads "remind me tomorrow 9am", alongside a due date and a repeat', () => {
    const c = parseCapture('Pay rent fri remind me tomorrow 9am', NOW)
    expect(c.remindAt).toBe('2026-12-01T09:00')
    expect(c.dueOn).toBe('2026-12-04')
    expect(addInput('Pay rent fri remind me tomorrow 9am', c, null).title).toBe('Pay rent')
    const r = parseCapture('Water plants every monday remind me at 8', NOW)
    expect(r.remindAt).toBe('2026-12-01T08:00')
    expect(r.repeat?.rule).toBe('FREQ=WEEKLY;BYDAY=MO')
  })

  it('"remind me" without a time is not a reminder', () => {
    const c = parseCapture('remind me to call', NOW)
    expect(c.remindAt).toBeNull()
    expect(addInput('remind me to call', c, null).title).toBe('remind me to call')
  })

  it('a dismissed reminder stays words of the title', () => {
    const c = parseCapture('Call mum remind me at 5pm', NOW, new Set(['remind me at 5pm']))
    expect(c.remindAt).toBeNull()
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
