// Quick capture with dates (issue 15): dates typed in the title become a removable chip, the
// quick buttons set a due date without the editor, and the row's due date is one click away.
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { closeLaunched, type Harness, launch, local, readProfile, row, screenshotBoth } from './harness'

let h: Harness | undefined
afterEach(closeLaunched)

const byId = (page: Page, id: string) => page.getByTestId(id)

const plusDays = (n: number) => {
  const d = new Date()
  return local(new Date(d.getFullYear(), d.getMonth(), d.getDate() + n))
}
function nextFirst(): string {
  const d = new Date()
  return d.getDate() === 1 ? local(d) : local(new Date(d.getFullYear(), d.getMonth() + 1, 1))
}

function stored(h: Harness): { title: string; due_on: string | null }[] {
  return readProfile(
    h,
    (db) =>
      db.prepare('SELECT title, due_on FROM todos ORDER BY id').all() as { title: string; due_on: string | null }[],
  )
}

async function ready(page: Page) {
  await expect.poll(() => byId(page, 'pane-title').textContent()).toBe('Inbox')
}

describe('capture with dates', () => {
  it('takes a typed date out of the title as a chip, and keeps the words when the chip is removed', async () => {
    h = await launch()
    const { page } = h
    await ready(page)
    const input = byId(page, 'new-todo-input')

    await input.fill('Call the bank tomorrow 3pm')
    await expect.poll(() => byId(page, 'new-due-chip').textContent()).toMatch(/Due Tomorrow\s*· 15:00/)
    await expect.poll(() => byId(page, 'new-todo-save-as').textContent()).toBe('Saves as “Call the bank”')
    await screenshotBoth(h, 'capture-chip')
    await input.press('Enter')
    await row(page, 'Call the bank').waitFor()
    expect(await row(page, 'Call the bank').getByTestId('todo-due').textContent()).toContain('Tomorrow')
    await expect.poll(() => byId(page, 'new-due-chip').count()).toBe(0)

    // Removing the chip keeps the words in the title, and the phrase is not offered again.
    await input.fill('Read about fri')
    await byId(page, 'new-due-chip').waitFor()
    await byId(page, 'new-due-chip-remove').click()
    await expect.poll(() => byId(page, 'new-due-chip').count()).toBe(0)
    await input.press('End')
    await input.pressSequentially('day')
    await expect.poll(() => byId(page, 'new-due-chip').count()).toBe(1)
    await byId(page, 'new-due-chip-remove').click()
    await input.press('Enter')
    await row(page, 'Read about friday').waitFor()

    // The quick buttons, without the editor.
    await input.fill('Plan the trip')
    await byId(page, 'new-due-next-week').click()
    await byId(page, 'new-due-chip').waitFor()
    await input.press('Enter')
    await row(page, 'Plan the trip').waitFor()
    await input.fill('Renew the passport')
    await byId(page, 'new-due-pick').click()
    await byId(page, 'new-due-date').fill('2031-05-17')
    await expect.poll(() => byId(page, 'new-due-chip').getAttribute('title')).toBe('Due 2031-05-17')
    await input.press('Enter')
    await row(page, 'Renew the passport').waitFor()

    // A repeat phrase: shown as a candidate, its words leave the title, the first date is the due date.
    await input.fill('pay rent every month on the 1st')
    await expect.poll(() => byId(page, 'new-repeat-chip').textContent()).toContain('Every month on the 1st')
    await screenshotBoth(h, 'capture-repeat')
    await input.press('Enter')
    await row(page, 'pay rent').waitFor()

    const nextMonday = (() => {
      const d = new Date()
      const add = (8 - d.getDay()) % 7 || 7
      return plusDays(add)
    })()
    expect(stored(h)).toEqual([
      { title: 'Call the bank', due_on: plusDays(1) },
      { title: 'Read about friday', due_on: null },
      { title: 'Plan the trip', due_on: nextMonday },
      { title: 'Renew the passport', due_on: '2031-05-17' },
      { title: 'pay rent', due_on: nextFirst() },
    ])
  })

  it('sets and clears a due date from the row, in one click', async () => {
    h = await launch()
    const { page } = h
    await ready(page)
    await byId(page, 'new-todo-input').fill('Water the plants')
    await byId(page, 'new-todo-input').press('Enter')
    const r = row(page, 'Water the plants')
    await r.waitFor()
    await r.hover()
    await r.getByTestId('todo-due-set').click()
    await byId(page, 'due-picker').waitFor()
    await screenshotBoth(h, 'due-picker')
    await page.getByTestId('row-due-today').click()
    await expect.poll(() => r.getByTestId('todo-due').textContent()).toContain('Today')
    expect(stored(h)).toEqual([{ title: 'Water the plants', due_on: plusDays(0) }])

    await r.getByTestId('todo-due').click()
    await page.getByTestId('row-due-clear').click()
    await expect.poll(() => r.getByTestId('todo-due').count()).toBe(0)
    expect(stored(h)).toEqual([{ title: 'Water the plants', due_on: null }])
  })
})
