// Repeating to-dos and reminders in the window (issue 14): "every monday" in the add field
// becomes a chip and is saved as a rule; completing it brings the next Monday's occurrence;
// the editor sets a reminder.
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { closeLaunched, type Harness, launch, local, readProfile, row as rows, screenshotBoth } from './harness'

let h: Harness | undefined
afterEach(closeLaunched)

const byId = (page: Page, id: string) => page.getByTestId(id)

/** The first Monday on or after today, and `weeks` weeks after it. */
function monday(weeks: number): string {
  const d = new Date()
  const add = (8 - d.getDay()) % 7
  return local(new Date(d.getFullYear(), d.getMonth(), d.getDate() + add + 7 * weeks))
}

interface Row {
  title: string
  done: number
  due_on: string | null
  repeat_rule: string | null
  remind_at: string | null
}
function stored(h: Harness): Row[] {
  return readProfile(
    h,
    (db) => db.prepare('SELECT title, done, due_on, repeat_rule, remind_at FROM todos ORDER BY id').all() as Row[],
  )
}

describe('repeating to-dos in the window', () => {
  it('adds "every monday" as a rule, brings the next Monday on completing, and sets a reminder', async () => {
    h = await launch()
    const { page } = h
    await expect.poll(() => byId(page, 'pane-title').textContent()).toBe('Inbox')
    const input = byId(page, 'new-todo-input')

    await input.fill('Water plants every monday')
    await expect.poll(() => byId(page, 'new-repeat-chip').textContent()).toContain('Every Monday')
    await input.press('Enter')
    await rows(page, 'Water plants').first().waitFor()
    expect(stored(h)).toMatchObject([
      { title: 'Water plants', due_on: monday(0), repeat_rule: 'RRULE:FREQ=WEEKLY;BYDAY=MO' },
    ])
    await expect
      .poll(() => rows(page, 'Water plants').getByTestId('todo-repeat-icon').getAttribute('aria-label'))
      .toBe('Repeats every week on Monday')

    // Completing it creates the next occurrence, a week on, and the list shows it.
    await rows(page, 'Water plants').first().getByTestId('todo-checkbox').check()
    await expect
      .poll(() => stored(h!).map((r) => [r.done, r.due_on]))
      .toEqual([
        [1, monday(0)],
        [0, monday(1)],
      ])
    const next = rows(page, 'Water plants').filter({ has: page.locator('input[type=checkbox]:not(:checked)') })
    await expect.poll(() => next.count()).toBe(1)
    await expect
      .poll(() =>
        next
          .getByTestId('todo-due')
          .getAttribute('title')
          .catch(() => null),
      )
      .toContain(monday(1))

    // A reminder from the editor, saved as one change.
    await next.hover()
    await next.getByTestId('todo-menu').click()
    await next.getByTestId('todo-edit').click()
    const toggle = byId(page, 'todo-details-toggle')
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click()
    await byId(page, 'todo-remind-input').fill(`${monday(1)}T09:00`)
    await screenshotBoth(h, 'repeat-editor')
    await byId(page, 'todo-save').click()
    await expect.poll(() => stored(h!)[1]?.remind_at ?? null).not.toBeNull()
    const at = new Date(stored(h)[1]!.remind_at!)
    expect(local(at)).toBe(monday(1))
    expect(at.getHours()).toBe(9)
    await expect.poll(() => next.getByTestId('todo-remind-icon').count()).toBe(1)
    await screenshotBoth(h, 'repeat-row')
  })
})
