// The real built renderer in Debian's Chromium, talking to the real AppService through the
// test transport: what a person does in the app, end to end. Screenshots go to e2e/artifacts/.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../main/engine/engine'
import { closeLaunched, type Harness, launch, readProfile } from './harness'

let h: Harness | undefined
afterEach(closeLaunched)

const byId = (page: Page, id: string) => page.getByTestId(id)

async function openSwitcher(page: Page) {
  await byId(page, 'profile-switcher-button').click()
  await byId(page, 'profile-switcher').waitFor()
}

async function createProfile(page: Page, name: string) {
  await openSwitcher(page)
  await byId(page, 'new-profile-input').fill(name)
  await byId(page, 'new-profile-submit').click()
}

async function addTodo(page: Page, title: string) {
  await byId(page, 'new-todo-input').fill(title)
  await byId(page, 'new-todo-input').press('Enter')
  await page.getByTestId('todo-row').filter({ hasText: title }).waitFor()
}

const titles = (page: Page) => byId(page, 'todo-title').allTextContents()
const currentProfile = (page: Page) => byId(page, 'current-profile-name').textContent()

describe('the app in a browser, against the real engine', () => {
  it('first launch creates and opens "Personal", with its Inbox', async () => {
    h = await launch()
    await expect.poll(() => currentProfile(h!.page)).toBe('Personal')
    await expect.poll(() => byId(h!.page, 'pane-title').textContent()).toBe('Inbox')
    expect(fs.readdirSync(path.join(h.dataDir, 'profiles')).filter((f) => f.endsWith('.sqlite'))).toHaveLength(1)
    await h.screenshot('first-launch')
  })

  it('adds, edits, completes, filters, searches and deletes to-dos', async () => {
    h = await launch()
    const { page } = h
    await expect.poll(() => currentProfile(page)).toBe('Personal')
    await addTodo(page, 'Buy milk')
    await addTodo(page, 'Call the plumber')
    await addTodo(page, 'Write the report')
    expect(await titles(page)).toEqual(['Buy milk', 'Call the plumber', 'Write the report'])

    // Edit inline.
    const plumber = page.getByTestId('todo-row').filter({ hasText: 'Call the plumber' })
    await plumber.hover()
    await plumber.getByTestId('todo-menu').click()
    await plumber.getByTestId('todo-edit').click()
    await byId(page, 'todo-edit-input').fill('Call the electrician')
    await byId(page, 'todo-save').click()
    await expect.poll(() => titles(page)).toEqual(['Buy milk', 'Call the electrician', 'Write the report'])

    // Complete, then filter.
    await page.getByTestId('todo-row').filter({ hasText: 'Buy milk' }).getByTestId('todo-checkbox').click()
    await byId(page, 'filter-done').click()
    await expect.poll(() => titles(page)).toEqual(['Buy milk'])
    await byId(page, 'filter-open').click()
    await expect.poll(() => titles(page)).toEqual(['Call the electrician', 'Write the report'])
    await byId(page, 'filter-all').click()
    await h.screenshot('todos')

    // Full-text search (prefix).
    await byId(page, 'search-input').fill('electr')
    await expect.poll(() => titles(page)).toEqual(['Call the electrician'])
    await byId(page, 'search-input').fill('')
    await expect.poll(() => titles(page)).toHaveLength(3)

    // Delete.
    const report = page.getByTestId('todo-row').filter({ hasText: 'Write the report' })
    await report.hover()
    await report.getByTestId('todo-menu').click()
    await report.getByTestId('todo-delete').click()
    await expect.poll(() => titles(page)).toEqual(['Buy milk', 'Call the electrician'])

    // It is all in the profile's file.
    const rows = readProfile(h, (db) => db.prepare('SELECT title, done FROM todos ORDER BY id').all())
    expect(rows).toEqual([
      { title: 'Buy milk', done: 1 },
      { title: 'Call the electrician', done: 0 },
    ])
  })

  it('creates, switches, renames and deletes profiles, and keeps each profile’s to-dos apart', async () => {
    h = await launch()
    const { page } = h
    await expect.poll(() => currentProfile(page)).toBe('Personal')
    await addTodo(page, 'Only in Personal')

    await createProfile(page, 'Work')
    await expect.poll(() => currentProfile(page)).toBe('Work')
    // A new profile: an empty Inbox, and nothing of Personal's, not even through search.
    await page.locator('[data-testid="empty-profile"], [data-testid="empty-list"]').first().waitFor()
    expect(await titles(page)).toEqual([])
    await byId(page, 'search-input').fill('Personal')
    await byId(page, 'empty-search').waitFor()
    await byId(page, 'search-input').fill('')
    await addTodo(page, 'Only in Work')

    // Switch back: Personal's to-do is there, Work's is not.
    await openSwitcher(page)
    await page.getByTestId('profile-item').filter({ hasText: 'Personal' }).getByTestId('profile-open').click()
    await expect.poll(() => currentProfile(page)).toBe('Personal')
    await expect.poll(() => titles(page)).toEqual(['Only in Personal'])

    // Rename Work.
    await openSwitcher(page)
    const work = page.getByTestId('profile-item').filter({ hasText: 'Work' })
    await work.getByTestId('profile-rename').click()
    await byId(page, 'profile-rename-input').fill('Office')
    await byId(page, 'profile-rename-input').press('Enter')
    await page.getByTestId('profile-name').filter({ hasText: 'Office' }).waitFor()
    await h.screenshot('profile-switcher')

    // Delete Office: its file goes to the trash folder.
    await page.getByTestId('profile-item').filter({ hasText: 'Office' }).getByTestId('profile-delete').click()
    await byId(page, 'confirm-dialog-confirm').click()
    await expect.poll(() => page.getByTestId('profile-name').allTextContents()).toEqual(['Personal'])
    expect(fs.readdirSync(path.join(h.dataDir, 'trash'))).toHaveLength(1)
  })

  it('shows the engine’s validation error under the name field, and changes nothing', async () => {
    h = await launch()
    const { page } = h
    await expect.poll(() => currentProfile(page)).toBe('Personal')
    const before = fs.readdirSync(path.join(h.dataDir, 'profiles')).sort()
    await createProfile(page, 'personal')
    const error = byId(page, 'field-error')
    await error.waitFor()
    expect(await error.getAttribute('data-code')).toBe('NAME_TAKEN')
    expect(await error.textContent()).toContain('already exists')
    await h.screenshot('validation-error')
    expect(fs.readdirSync(path.join(h.dataDir, 'profiles')).sort()).toEqual(before)
  })

  it('shows a profile from a newer Ownlist on its own screen, offers only safe actions, and leaves the file untouched', async () => {
    let futureFile = ''
    h = await launch({
      prepare: (dataDir) => {
        // Two profiles: the last opened one is "Future", made by a newer app.
        fs.mkdirSync(path.join(dataDir, 'profiles'), { recursive: true })
        futureFile = path.join(dataDir, 'profiles', '00000000-0000-4000-8000-000000000099.sqlite')
        fs.copyFileSync(path.join(process.cwd(), 'resources', 'template.sqlite'), futureFile)
        const db = new Database(futureFile)
        db.prepare("INSERT INTO meta(key, value) VALUES ('name', 'Future'), ('app_version', '9.0.0')").run()
        db.pragma('user_version = 99')
        db.close()
      },
    })
    const before = fs.readFileSync(futureFile)
    const { page } = h
    await byId(page, 'open-failure').waitFor()
    expect(await byId(page, 'open-failure-error').getAttribute('data-code')).toBe('SCHEMA_TOO_NEW')
    expect(await byId(page, 'open-failure').textContent()).not.toContain('SCHEMA_TOO_NEW')
    expect(await byId(page, 'open-failure-message').textContent()).toContain('Ownlist 9.0.0')
    await h.screenshot('too-new')
    // No destructive action on that screen: only other profiles, a new one, or quit.
    const buttons = await byId(page, 'open-failure').getByRole('button').allTextContents()
    expect(buttons.join(' ')).not.toMatch(/delete|erase|reset|remove/i)
    expect(fs.readFileSync(futureFile).equals(before)).toBe(true)
    expect(fs.existsSync(`${futureFile}-wal`)).toBe(false)
  })
  it('opens a profile of 10,000 to-dos with only the visible rows in the page, and scrolls to the last one', async () => {
    h = await launch({
      prepare: (dataDir) => {
        const engine = new Engine({ dataDir })
        const entry = engine.createProfile('Big')
        const db = new Database(entry.file)
        const insert = db.prepare(
          "INSERT INTO todos(list_id, title, position, created_at, updated_at) VALUES (1, ?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
        )
        db.transaction(() => {
          for (let i = 0; i < 10_000; i++) insert.run(`To-do number ${i + 1}`, i)
        })()
        db.close()
      },
    })
    const { page } = h
    await expect.poll(() => currentProfile(page)).toBe('Big')
    await page.getByTestId('todo-row').first().waitFor()
    expect(await byId(page, 'todo-row').count()).toBeLessThan(100)
    await byId(page, 'todo-scroll').evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    await page
      .getByTestId('todo-title')
      .filter({ hasText: /^To-do number 10000$/ })
      .waitFor()
    expect(await byId(page, 'todo-row').count()).toBeLessThan(100)
    // A jump into the middle (read by offset), then up and down from it (pages read before /
    // after the rows held): every row shows the to-do of its place.
    for (const row of [5_000, 4_800, 5_150]) {
      await byId(page, 'todo-scroll').evaluate((el, top) => el.scrollTo({ top }), row * 52) // TodoList.svelte: ROW_HEIGHT
      for (const at of [row, row + 10]) {
        const title = page.locator(`[data-testid="todo-row"][data-index="${at}"] [data-testid="todo-title"]`)
        await expect.poll(() => title.textContent()).toBe(`To-do number ${at + 1}`)
      }
    }
    await h.screenshot('ten-thousand')
  })
})
