// Today, Upcoming and Overdue (issue 15): views over every list of the profile, beside the
// lists in the sidebar, with their counts; Upcoming groups the next 7 days by day.
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { SettingsStore } from '../main/api/settings'
import { Engine } from '../main/engine/engine'
import { addTodo } from '../main/engine/queries/todos'
import { closeLaunched, type Harness, launch, row, screenshotBoth } from './harness'

let h: Harness | undefined
afterEach(closeLaunched)

const byId = (page: Page, id: string) => page.getByTestId(id)
const titles = (page: Page) => byId(page, 'todo-title').allTextContents()
const count = (page: Page, view: string) => byId(page, `view-${view}-count`).textContent()

function plusDays(n: number): string {
  const d = new Date()
  const x = new Date(d.getFullYear(), d.getMonth(), d.getDate() + n)
  return `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, '0')}-${String(x.getDate()).padStart(2, '0')}`
}

async function add(page: Page, title: string, dueOn: string | null) {
  await byId(page, 'new-todo-input').fill(title)
  if (dueOn) {
    await byId(page, 'new-due-pick').click()
    await byId(page, 'new-due-date').fill(dueOn)
    await expect.poll(() => byId(page, 'new-due-chip').getAttribute('title')).toBe(`Due ${dueOn}`)
  }
  await byId(page, 'new-todo-input').press('Enter')
  await page.getByTestId('todo-row').filter({ hasText: title }).first().waitFor()
}

describe('views across lists', () => {
  it('shows Today, Upcoming (grouped by day) and Overdue over every list, with counts that follow changes', async () => {
    h = await launch()
    const { page } = h
    await expect.poll(() => byId(page, 'pane-title').textContent()).toBe('Inbox')
    await add(page, 'Pay the bills', plusDays(0))
    await add(page, 'Call mum', plusDays(1))
    await add(page, 'Old report', plusDays(-2))
    await add(page, 'Someday', null)
    await byId(page, 'new-list-button').click()
    await byId(page, 'new-list-input').fill('Work')
    await byId(page, 'new-list-submit').click()
    await expect.poll(() => byId(page, 'pane-title').textContent()).toBe('Work')
    await add(page, 'Ship the release', plusDays(3))
    await add(page, 'Book the venue', plusDays(1))
    await add(page, 'Far away', plusDays(8))

    await expect.poll(() => count(page, 'today')).toBe('1')
    await expect.poll(() => count(page, 'upcoming')).toBe('3')
    await expect.poll(() => count(page, 'overdue')).toBe('1')

    await byId(page, 'view-upcoming').click()
    await expect.poll(() => byId(page, 'pane-title').textContent()).toBe('Upcoming')
    await expect.poll(() => byId(page, 'upcoming-day').count()).toBe(2)
    const days = byId(page, 'upcoming-day')
    expect(await days.nth(0).getAttribute('data-day')).toBe(plusDays(1))
    expect(await days.nth(0).getByTestId('todo-title').allTextContents()).toEqual(['Call mum', 'Book the venue'])
    expect(await days.nth(0).getByTestId('todo-list-name').allTextContents()).toEqual(['Inbox', 'Work'])
    expect(await days.nth(1).getByTestId('todo-title').allTextContents()).toEqual(['Ship the release'])
    await screenshotBoth(h, 'view-upcoming')

    await byId(page, 'view-today').click()
    await expect.poll(() => byId(page, 'pane-title').textContent()).toBe('Today')
    await expect.poll(() => titles(page)).toEqual(['Pay the bills'])
    // A to-do added in Today is due today, in the list last shown.
    await byId(page, 'new-todo-input').fill('Water the plants')
    await byId(page, 'new-todo-input').press('Enter')
    await expect.poll(() => titles(page)).toEqual(['Pay the bills', 'Water the plants'])
    await expect.poll(() => count(page, 'today')).toBe('2')
    await screenshotBoth(h, 'view-today')

    await byId(page, 'view-overdue').click()
    await expect.poll(() => titles(page)).toEqual(['Old report'])
    await screenshotBoth(h, 'view-overdue')
    await page.getByTestId('todo-row').filter({ hasText: 'Old report' }).getByTestId('todo-checkbox').click()
    await expect.poll(() => count(page, 'overdue')).toBe('0')

    // Back to a list: its own to-dos, not the view's.
    await page.getByTestId('list-select').filter({ hasText: 'Work' }).click()
    await expect
      .poll(() => titles(page))
      .toEqual(['Ship the release', 'Book the venue', 'Far away', 'Water the plants'])
  })
})

const VIEW_NAMES = { today: 'Today', upcoming: 'Upcoming', overdue: 'Overdue' } as const
type Look = {
  getComputedStyle(el: unknown): {
    appearance: string
    borderRadius: string
    borderTopWidth: string
    width: string
    height: string
  }
}

/** What makes the row's checkbox look like the list's: a round 20 px box in a 40 px target. */
async function checkLook(box: Locator) {
  return box.evaluate((el) => {
    const s = (globalThis as unknown as Look).getComputedStyle(el)
    const target = (el.closest('label') ?? el).getBoundingClientRect()
    return {
      appearance: s.appearance,
      radius: s.borderRadius,
      border: s.borderTopWidth,
      size: `${s.width} ${s.height}`,
      target: `${Math.round(target.width)}x${Math.round(target.height)}`,
    }
  })
}

describe('rows of the views across lists', () => {
  it('have the list rows’ round checkbox with its large target, and their repeat and reminder marks', async () => {
    const FAR = '2999-01-01T09:00:00.000Z'
    h = await launch({
      prepare: async (dataDir) => {
        const engine = new Engine({ dataDir })
        const now = new Date()
        try {
          const home = engine.createProfile('Home')
          await engine.writeProfile(home.id, (db) => {
            const marked = { repeat: 'weekly', remindAt: FAR, now }
            addTodo(db, { listId: 1, title: 'Due today', dueOn: plusDays(0), ...marked })
            addTodo(db, { listId: 1, title: 'Due tomorrow', dueOn: plusDays(1), ...marked })
            addTodo(db, { listId: 1, title: 'Was due', dueOn: plusDays(-2), ...marked })
            addTodo(db, { listId: 1, title: 'Plain tomorrow', dueOn: plusDays(1), now })
          })
          new SettingsStore(path.join(dataDir, 'settings.json')).update({ lastProfileId: home.id })
        } finally {
          engine.close()
        }
      },
    })
    const { page } = h
    await expect.poll(() => byId(page, 'pane-title').textContent()).toBe('Inbox')
    const listLook = await checkLook(row(page, 'Due today').getByTestId('todo-checkbox'))
    expect(listLook).toEqual({ appearance: 'none', radius: '50%', border: '2px', size: '20px 20px', target: '40x40' })

    for (const [view, title] of [
      ['today', 'Due today'],
      ['upcoming', 'Due tomorrow'],
      ['overdue', 'Was due'],
    ] as const) {
      await byId(page, `view-${view}`).click()
      await expect.poll(() => byId(page, 'pane-title').textContent()).toBe(VIEW_NAMES[view])
      const r = row(page, title)
      await r.waitFor()
      expect(await checkLook(r.getByTestId('todo-checkbox')), view).toEqual(listLook)
      expect(await r.getByTestId('todo-repeat-icon').getAttribute('aria-label'), view).toMatch(/week/i)
      expect(await r.getByTestId('todo-remind-icon').getAttribute('aria-label'), view).toMatch(
        /^Reminder \d{4}-\d\d-\d\d \d\d:\d\d/,
      )
    }
    // A to-do without a rule or a reminder shows neither mark, there as in a list.
    const plain = row(page, 'Plain tomorrow')
    expect(await plain.getByTestId('todo-repeat-icon').count()).toBe(0)
    expect(await plain.getByTestId('todo-remind-icon').count()).toBe(0)

    // The round checkbox still completes the to-do: it leaves Upcoming.
    await byId(page, 'view-upcoming').click()
    await expect.poll(() => byId(page, 'pane-title').textContent()).toBe('Upcoming')
    await plain.getByTestId('todo-checkbox').click()
    await expect.poll(() => plain.count()).toBe(0)
  })
})
