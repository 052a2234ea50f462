// Today, Upcoming and Overdue (issue 15): views over every list of the profile, beside the
// lists in the sidebar, with their counts; Upcoming groups the next 7 days by day.
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { closeLaunched, type Harness, launch, screenshotBoth } from './harness'

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
