// Issue 15, "Found, to fix": each behaviour a person saw, driven through the built renderer.
import Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../main/engine/engine'
import { closeLaunched, type Harness, launch, type Win } from './harness'

let h: Harness | undefined
afterEach(closeLaunched)

const byId = (page: Page, id: string) => page.getByTestId(id)
const currentProfile = (page: Page) => byId(page, 'current-profile-name').textContent()
const titles = (page: Page) => byId(page, 'todo-title').allTextContents()
const filterCount = (page: Page, filter: string) =>
  byId(page, `filter-${filter}`).getByTestId('filter-count').textContent()

async function addTodo(page: Page, title: string) {
  await byId(page, 'new-todo-input').fill(title)
  await byId(page, 'new-todo-input').press('Enter')
  await page.getByTestId('todo-row').filter({ hasText: title }).first().waitFor()
}

/** A profile "Big": `n` numbered to-dos, then the given titles (due yesterday when `overdue`). */
function bigProfile(n: number, extra: { title: string; overdue?: boolean }[]) {
  return (dataDir: string) => {
    const entry = new Engine({ dataDir }).createProfile('Big')
    const db = new Database(entry.file)
    const insert = db.prepare(
      "INSERT INTO todos(list_id, title, due_on, position, created_at, updated_at) VALUES (1, ?, ?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
    )
    db.transaction(() => {
      for (let i = 0; i < n; i++) insert.run(`To-do number ${i + 1}`, null, i)
      extra.forEach((t, i) => insert.run(t.title, t.overdue ? '2020-01-01' : null, n + i))
    })()
    db.close()
  }
}

describe('issue 15: found, to fix', () => {
  it('filter counts describe what the view shows: a search counts its matches, no hits count zero; counts read 10,000 not 10000', async () => {
    h = await launch({
      prepare: bigProfile(10_000, [{ title: 'Send the invoice', overdue: true }, { title: 'File the invoice' }]),
    })
    const { page } = h
    await expect.poll(() => currentProfile(page)).toBe('Big')
    await expect.poll(() => filterCount(page, 'all')).toBe('10,002')
    await expect.poll(() => byId(page, 'pane-summary').textContent()).toBe('10,002 open · 0 done')
    expect(await byId(page, 'list-open-count').first().textContent()).toMatch(/^10,002\s*open$/)

    await byId(page, 'search-input').fill('invoice')
    await expect.poll(() => titles(page)).toHaveLength(2)
    await expect.poll(() => byId(page, 'pane-summary').textContent()).toBe('2 results in all lists')
    await expect.poll(() => filterCount(page, 'all')).toBe('2')
    expect(await filterCount(page, 'open')).toBe('2')
    expect(await filterCount(page, 'overdue')).toBe('1')

    await byId(page, 'search-input').fill('zzzznothing')
    await byId(page, 'empty-search').waitFor()
    await expect.poll(() => filterCount(page, 'all')).toBe('0')
    expect(await filterCount(page, 'overdue')).toBe('0')
  })

  it('lays out right-to-left text right-to-left, where it is shown and where it is edited', async () => {
    h = await launch()
    const { page } = h
    await expect.poll(() => currentProfile(page)).toBe('Personal')
    await addTodo(page, 'לקנות חלב!')
    const title = byId(page, 'todo-title').first()
    expect(await title.getAttribute('dir')).toBe('auto')
    expect(await title.evaluate((el) => (globalThis as unknown as Win).getComputedStyle(el).direction)).toBe('rtl')
    await title.dblclick()
    const input = byId(page, 'todo-edit-input')
    expect(await input.evaluate((el) => (globalThis as unknown as Win).getComputedStyle(el).direction)).toBe('rtl')
    await input.press('Escape')
    expect(await byId(page, 'current-profile-name').getAttribute('dir')).toBe('auto')
    expect(await byId(page, 'list-name').first().getAttribute('dir')).toBe('auto')
  })

  it('refuses a second list named like another ignoring case, in a sentence without the code', async () => {
    h = await launch()
    const { page } = h
    await expect.poll(() => currentProfile(page)).toBe('Personal')
    await byId(page, 'new-list-button').click()
    // The field has the sidebar's width to itself, its placeholder not clipped (it was about 85 px).
    const width = await byId(page, 'new-list-input').evaluate((el) => el.getBoundingClientRect().width)
    expect(width).toBeGreaterThan(180)
    await byId(page, 'new-list-input').fill('inbox')
    await byId(page, 'new-list-input').press('Enter')
    const error = byId(page, 'field-error')
    await error.waitFor()
    expect(await error.getAttribute('data-code')).toBe('NAME_TAKEN')
    expect(await error.textContent()).toContain('A list named "Inbox" already exists.')
    expect(await error.textContent()).not.toContain('NAME_TAKEN')
    expect(await byId(page, 'list-name').allTextContents()).toEqual(['Inbox'])
  })

  it('says how many to-dos go with a deleted list, and brings list and to-dos back on Undo', async () => {
    h = await launch()
    const { page } = h
    await expect.poll(() => currentProfile(page)).toBe('Personal')
    await byId(page, 'new-list-button').click()
    await byId(page, 'new-list-input').fill('Trip')
    await byId(page, 'new-list-input').press('Enter')
    await expect.poll(() => byId(page, 'pane-title').textContent()).toBe('Trip')
    await addTodo(page, 'Pack')
    await addTodo(page, 'Book the train')
    await page.getByTestId('todo-row').filter({ hasText: 'Pack' }).getByTestId('todo-checkbox').click()

    const trip = page.getByTestId('list-item').filter({ hasText: 'Trip' })
    await trip.getByTestId('list-actions').click()
    await trip.getByTestId('list-delete').click()
    await expect.poll(() => byId(page, 'confirm-dialog').textContent()).toContain('its 2 to-dos (1 open) are deleted')
    await byId(page, 'confirm-dialog-confirm').click()
    await expect.poll(() => byId(page, 'list-name').allTextContents()).toEqual(['Inbox'])
    const toast = byId(page, 'toast').filter({ hasText: 'Deleted the list “Trip” and its 2 to-dos.' })
    await toast.getByTestId('toast-action').click()
    await expect.poll(() => byId(page, 'list-name').allTextContents()).toEqual(['Inbox', 'Trip'])
    await expect.poll(() => byId(page, 'pane-title').textContent()).toBe('Trip')
    await expect.poll(() => titles(page)).toEqual(['Pack', 'Book the train'])
  })

  it('shows errors as sentences, never with their codes', async () => {
    h = await launch()
    const { page } = h
    await expect.poll(() => currentProfile(page)).toBe('Personal')
    await addTodo(page, 'Something')
    await byId(page, 'todo-title').first().dblclick()
    await byId(page, 'todo-edit-input').fill('   ')
    await byId(page, 'todo-edit-input').press('Enter')
    const error = byId(page, 'field-error')
    await error.waitFor()
    expect(await error.getAttribute('data-code')).toBe('INVALID_ARGUMENT')
    expect(await error.textContent()).not.toMatch(/INVALID_ARGUMENT|[A-Z]{3,}_[A-Z]+/)
  })

  it('one menu per row; moving only where it can act; long titles wrap to two lines and show in full on hover', async () => {
    const long = `A very long title ${'that keeps going '.repeat(12)}to the end`
    h = await launch({ prepare: bigProfile(3, [{ title: long }]) })
    const { page } = h
    await expect.poll(() => currentProfile(page)).toBe('Big')
    const row = page.getByTestId('todo-row').filter({ hasText: 'To-do number 2' })
    // One button per row, its items only in the DOM while the menu is open.
    expect(await row.getByRole('button').count()).toBe(1)
    expect(await row.getByRole('menuitem').count()).toBe(0)
    await row.hover()
    await row.getByTestId('todo-menu').click()
    expect(await row.getByRole('menuitem').allTextContents()).toEqual([
      'Edit Enter',
      'Move up Alt+↑',
      'Move down Alt+↓',
      'Delete Del',
    ])
    await row.getByTestId('todo-move-up').click()
    await expect.poll(() => titles(page).then((t) => t.slice(0, 2))).toEqual(['To-do number 2', 'To-do number 1'])

    // Open filter and search: the order cannot change there, so nothing offers to.
    for (const narrow of [() => byId(page, 'filter-open').click(), () => byId(page, 'search-input').fill('number')]) {
      await narrow()
      const first = page.getByTestId('todo-row').first()
      await first.hover()
      await first.getByTestId('todo-menu').click()
      await expect.poll(() => first.getByRole('menuitem').allTextContents()).toEqual(['Edit Enter', 'Delete Del'])
      await page.keyboard.press('Escape')
    }
    await byId(page, 'search-input').fill('')
    await byId(page, 'filter-all').click()

    const title = page.getByTestId('todo-title').filter({ hasText: 'A very long title' })
    expect(await title.getAttribute('title')).toBe(long)
    const lines = await title.evaluate((el) =>
      Math.round(
        el.getBoundingClientRect().height / parseFloat((globalThis as unknown as Win).getComputedStyle(el).lineHeight),
      ),
    )
    expect(lines).toBe(2)
  })

  it('keeps the focus in the list: after N then Esc, or a click on empty space, the arrow keys and Space act on the list', async () => {
    h = await launch({ prepare: bigProfile(5, []) })
    const { page } = h
    await expect.poll(() => currentProfile(page)).toBe('Big')
    await page.getByTestId('todo-row').first().waitFor()
    for (const leave of [
      async () => {
        await page.keyboard.press('n')
        await expect
          .poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('data-testid') ?? null"))
          .toBe('new-todo-input')
        await page.keyboard.press('Escape')
      },
      async () => {
        await page.mouse.click(700, 700)
      },
    ]) {
      await leave()
      await page.keyboard.press('ArrowDown')
      await expect
        .poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('data-testid') ?? null"))
        .toBe('todo-row')
    }
    const focused = () => page.evaluate<string | null>("document.activeElement?.getAttribute('data-index') ?? null")
    const at = Number(await focused())
    await page.keyboard.press('ArrowDown')
    await expect.poll(focused).toBe(String(at + 1))
    await page.keyboard.press(' ')
    await expect
      .poll(() => page.locator(`[data-testid="todo-row"][data-index="${at + 1}"]`).getAttribute('data-done'))
      .toBe('true')
  })

  it('"Check database" from the Health panel shows its result in the panel, with no dialog on top', async () => {
    h = await launch()
    const { page } = h
    await expect.poll(() => currentProfile(page)).toBe('Personal')
    await byId(page, 'health-button').click()
    await byId(page, 'health-panel').waitFor()
    await byId(page, 'check-database').click()
    await expect.poll(() => byId(page, 'health-last-check').getAttribute('data-ok')).toBe('true')
    expect(await byId(page, 'check-dialog').isVisible()).toBe(false)
  })

  it('the switcher marks the open profile in words, not with a button-like pill', async () => {
    h = await launch()
    const { page } = h
    await expect.poll(() => currentProfile(page)).toBe('Personal')
    await byId(page, 'profile-switcher-button').click()
    const item = page.getByTestId('profile-item').filter({ hasText: 'Personal' })
    expect(await item.getByTestId('profile-current').textContent()).toBe('open now')
    expect(await item.locator('.badge').count()).toBe(0)
  })

  // Expected to fail until the lead merges the branch that moves "last opened" out of the
  // profile file: renaming a profile that is not open rewrites its file, and so its time.
  it('renaming a profile that is not open leaves its "opened … ago" unchanged', async () => {
    h = await launch({
      prepare: async (dataDir) => {
        // "Old" last opened three days ago; "Personal" just now, so the app opens Personal.
        for (const [name, ago] of [
          ['Old', 3 * 86_400_000],
          ['Personal', 0],
        ] as const) {
          const engine = new Engine({ dataDir, now: () => new Date(Date.now() - ago) })
          const session = await engine.openProfile(engine.createProfile(name).id)
          session.close()
          engine.close()
        }
      },
    })
    const { page } = h
    await expect.poll(() => currentProfile(page)).toBe('Personal')
    await byId(page, 'profile-switcher-button').click()
    const opened = () =>
      page.getByTestId('profile-item').filter({ hasText: /Old/ }).getByTestId('profile-last-opened').textContent()
    const before = await opened()
    expect(before).toMatch(/3 days ago/)
    await page.getByTestId('profile-item').filter({ hasText: 'Old' }).getByTestId('profile-rename').click()
    await byId(page, 'profile-rename-input').fill('Older')
    await byId(page, 'profile-rename-input').press('Enter')
    await page.getByTestId('profile-name').filter({ hasText: 'Older' }).waitFor()
    expect(await opened()).toBe(before)
  })

  it('in a browser tab (dev:web) the file actions say they need the desktop app instead of doing nothing', async () => {
    h = await launch()
    const { page } = h
    await expect.poll(() => currentProfile(page)).toBe('Personal')
    await byId(page, 'backups-button').click()
    await byId(page, 'backups-panel').waitFor()
    await byId(page, 'backup-export').click()
    await page
      .getByText(/needs the desktop app/)
      .first()
      .waitFor()
    expect(await page.getByText(/IO_ERROR/).count()).toBe(0)
  })

  it('a tab opened without the token explains how to get the link, not "Error code INTERNAL"', async () => {
    h = await launch()
    const bare = await h.browser.newPage()
    await bare.goto(h.server.origin)
    const screen = bare.getByTestId('app-error')
    await screen.waitFor()
    expect(await screen.textContent()).toContain('npm run dev:web')
    expect(await screen.textContent()).not.toMatch(/INTERNAL|Error code/)
    await bare.close()
  })
})
