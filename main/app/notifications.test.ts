import { describe, expect, it, vi } from 'vitest'
import type { DueReminder } from '../../common/contract'
import { showReminderNotice } from './notifications'
import { notifications } from '../../test/support/electron-stand-in'

vi.mock('electron', () => import('../../test/support/electron-stand-in'))

const r = (todoId: number, title: string): DueReminder => ({
  profileId: 'p',
  todoId,
  title,
  remindAt: '2026-01-01T09:00:00.000Z',
})

describe('showReminderNotice (stand-in Electron)', () => {
  it('missed reminders are one notification; its click opens the first one', () => {
    const opened: DueReminder[] = []
    showReminderNotice(
      { missed: true, reminders: [r(1, 'a'), r(2, 'b'), r(3, 'c'), r(4, 'd'), r(5, 'e')] },
      { open: (x) => opened.push(x), snooze: () => {} },
    )
    const n = notifications.at(-1)!
    expect(n.options).toMatchObject({ title: '5 missed reminders', body: 'a, b, c and 2 more', actions: [] })
    n.emit('click')
    expect(opened).toEqual([r(1, 'a')])
  })

  it('one reminder: its title, and snooze buttons (10 minutes, 1 hour, tomorrow)', () => {
    const snoozed: [number, Date][] = []
    const before = Date.now()
    showReminderNotice(
      { missed: false, reminders: [r(7, 'Call back')] },
      { open: () => {}, snooze: (x, until) => snoozed.push([x.todoId, until]) },
    )
    const n = notifications.at(-1)!
    expect(n.options.title).toBe('Reminder')
    expect(n.options.body).toBe('Call back')
    expect(n.options.actions!.map((a) => a.text)).toEqual(['Snooze 10 minutes', 'Snooze 1 hour', 'Tomorrow'])
    n.emit('action', {}, 1)
    expect(snoozed).toHaveLength(1)
    expect(snoozed[0]![0]).toBe(7)
    expect(snoozed[0]![1].getTime() - before).toBeGreaterThanOrEqual(60 * 60_000 - 1000)
    expect(snoozed[0]![1].getTime() - before).toBeLessThan(60 * 60_000 + 5000)
  })
})
