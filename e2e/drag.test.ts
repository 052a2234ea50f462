// Drag and drop (issue 15): to-dos reorder within their list and move onto a list in the
// sidebar; lists reorder. Native HTML drag and drop in Chromium, with its drop indicators.
import type { Locator, Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { closeLaunched, type Harness, launch, row } from './harness'

let h: Harness | undefined
afterEach(closeLaunched)

const byId = (page: Page, id: string) => page.getByTestId(id)
const titles = (page: Page) => byId(page, 'todo-title').allTextContents()
const listNames = (page: Page) => byId(page, 'list-name').allTextContents()
const listItem = (page: Page, name: string) => page.getByTestId('list-select').filter({ hasText: name })

async function add(page: Page, title: string) {
  await byId(page, 'new-todo-input').fill(title)
  await byId(page, 'new-todo-input').press('Enter')
  await row(page, title).waitFor()
}

/** Presses on `from`, moves over `to` at `y` (fraction of its height) in steps, and returns before the drop. */
async function dragOver(page: Page, from: Locator, to: Locator, y: number) {
  const a = (await from.boundingBox())!
  const b = (await to.boundingBox())!
  await page.mouse.move(a.x + 60, a.y + a.height / 2)
  await page.mouse.down()
  await page.mouse.move(a.x + 60, a.y + a.height / 2 + 8, { steps: 3 })
  await page.mouse.move(b.x + 60, b.y + b.height * y, { steps: 6 })
  // Chromium sends dragover on a timer while the pointer rests: a last small move makes it current.
  await page.mouse.move(b.x + 62, b.y + b.height * y)
  await page.waitForTimeout(100)
  await page.mouse.move(b.x + 64, b.y + b.height * y)
}

describe('drag and drop', () => {
  it('reorders to-dos, moves a to-do onto a list, reorders lists, and each drop can be undone', async () => {
    h = await launch()
    const { page } = h
    await expect.poll(() => byId(page, 'pane-title').textContent()).toBe('Inbox')
    for (const t of ['Alpha', 'Beta', 'Gamma', 'Delta']) await add(page, t)

    // Alpha into the gap below Gamma: the indicator shows the gap, the drop moves it there.
    await dragOver(page, row(page, 'Alpha'), row(page, 'Gamma'), 0.8)
    await expect.poll(() => byId(page, 'todo-drop-indicator').getAttribute('data-slot')).toBe('3')
    await page.emulateMedia({ colorScheme: 'light' })
    await h.screenshot('drag-todo-light')
    await page.emulateMedia({ colorScheme: 'dark' })
    await h.screenshot('drag-todo-dark')
    await page.emulateMedia({ colorScheme: 'light' })
    await page.mouse.up()
    await expect.poll(() => titles(page)).toEqual(['Beta', 'Gamma', 'Alpha', 'Delta'])
    await expect.poll(() => byId(page, 'todo-drop-indicator').count()).toBe(0)

    // A to-do onto another list.
    await byId(page, 'new-list-button').click()
    await byId(page, 'new-list-input').fill('Work')
    await byId(page, 'new-list-submit').click()
    await expect.poll(() => byId(page, 'pane-title').textContent()).toBe('Work')
    await listItem(page, 'Inbox').click()
    await expect.poll(() => titles(page)).toEqual(['Beta', 'Gamma', 'Alpha', 'Delta'])
    await dragOver(page, row(page, 'Delta'), listItem(page, 'Work'), 0.5)
    await expect.poll(() => page.locator('[data-testid="list-item"].droptarget').count()).toBe(1)
    await page.mouse.up()
    await expect.poll(() => titles(page)).toEqual(['Beta', 'Gamma', 'Alpha'])
    await expect.poll(() => listItem(page, 'Work').getByTestId('list-open-count').textContent()).toContain('1')

    // Lists: Work above Inbox.
    await dragOver(page, listItem(page, 'Work'), listItem(page, 'Inbox'), 0.2)
    await expect.poll(() => byId(page, 'list-drop-indicator').count()).toBe(1)
    await page.emulateMedia({ colorScheme: 'dark' })
    await h.screenshot('drag-list-dark')
    await page.emulateMedia({ colorScheme: 'light' })
    await h.screenshot('drag-list-light')
    await page.mouse.up()
    await expect.poll(() => listNames(page)).toEqual(['Work', 'Inbox'])

    // Each drop is a step of the undo history.
    await page.evaluate('document.activeElement?.blur?.()')
    await page.keyboard.press('Control+z')
    await expect.poll(() => listNames(page)).toEqual(['Inbox', 'Work'])
    await page.keyboard.press('Control+z')
    await expect.poll(() => titles(page)).toEqual(['Beta', 'Gamma', 'Alpha', 'Delta'])
  })
})
