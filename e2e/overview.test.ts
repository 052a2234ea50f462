// The Overview across all profiles in the app: figures from the engine's report, skipped
// files with their reason, sorting, the chart, and the current profile left open.
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { SettingsStore } from '../main/api/settings'
import { Engine } from '../main/engine/engine'
import { localDate } from '../main/engine/local-date'
import { addTodo, setDone } from '../main/engine/queries/todos'
import { closeLaunched, type Harness, launch } from './harness'

let h: Harness | undefined
afterEach(closeLaunched)

const byId = (page: Page, id: string) => page.getByTestId(id)

describe('the overview in the app', () => {
  it('shows every profile’s figures and the totals, skips a junk file with its reason, sorts, and keeps the profile open', async () => {
    h = await launch({
      prepare: async (dataDir) => {
        const engine = new Engine({ dataDir })
        const today = new Date()
        const yesterday = localDate(new Date(today.getTime() - 86_400_000))
        const plan: [string, number, number][] = [
          ['Alpha', 3, 1],
          ['Beta', 5, 4],
          ['Gamma', 1, 0],
        ]
        for (const [name, total, done] of plan) {
          const p = engine.createProfile(name)
          await engine.writeProfile(p.id, (db) => {
            for (let i = 0; i < total; i++) {
              const t = addTodo(db, { listId: 1, title: `${name} ${i}`, dueOn: i === 0 ? yesterday : null, now: today })
              if (i >= total - done) setDone(db, { id: t.id, done: true, now: today })
            }
          })
        }
        engine.close()
        fs.writeFileSync(path.join(dataDir, 'profiles', 'notes.sqlite'), 'not a database')
      },
    })
    const { page } = h
    await byId(page, 'new-todo-input').waitFor()
    const before = await byId(page, 'current-profile-name').textContent()
    await byId(page, 'overview-nav').click()
    await byId(page, 'overview-view').waitFor()
    await page.getByTestId('overview-row').first().waitFor()

    const value = (field: string) => byId(page, `overview-total-${field}`).getAttribute('data-value')
    expect(await value('total')).toBe('9')
    expect(await value('done')).toBe('5')
    expect(await value('open')).toBe('4')
    expect(await page.getByTestId('overview-row').count()).toBe(3)
    const skipped = byId(page, 'overview-skipped-item')
    expect(await skipped.getAttribute('data-file')).toBe('notes.sqlite')
    expect(await byId(page, 'overview-skipped-reason').textContent()).toMatch(/not an Ownlist profile/i)
    expect(await page.getByTestId('overview-chart-bar').count()).toBe(30)
    await h.screenshot('overview')

    // Sort by done, descending: Beta (4) first.
    const header = page.locator('th', { has: byId(page, 'overview-sort-done') })
    await byId(page, 'overview-sort-done').click()
    if ((await header.getAttribute('aria-sort')) !== 'descending') await byId(page, 'overview-sort-done').click()
    expect(await header.getAttribute('aria-sort')).toBe('descending')
    const firstName = () => page.getByTestId('overview-row').first().getByTestId('overview-open-profile').textContent()
    await expect.poll(firstName).toContain('Beta')

    // The profile stayed open all along.
    await page.getByTestId('list-select').first().click()
    expect(await byId(page, 'current-profile-name').textContent()).toBe(before)
  })

  it('marks the open profile in words, as the switcher does, not with a button-like pill', async () => {
    h = await launch({
      prepare: (dataDir) => {
        const engine = new Engine({ dataDir })
        const home = engine.createProfile('Home')
        engine.createProfile('Other')
        engine.close()
        new SettingsStore(path.join(dataDir, 'settings.json')).update({ lastProfileId: home.id })
      },
    })
    const { page } = h
    await byId(page, 'new-todo-input').waitFor()
    expect(await byId(page, 'current-profile-name').textContent()).toBe('Home')
    await byId(page, 'overview-nav').click()
    await page.getByTestId('overview-row').nth(1).waitFor()
    const rowOf = (name: string) =>
      page.getByTestId('overview-row').filter({ has: page.getByTestId('overview-open-profile').getByText(name) })
    const current = rowOf('Home')
    expect(await current.getByTestId('overview-current').textContent()).toBe('open now')
    expect(await current.locator('.badge').count()).toBe(0)
    expect(await current.getByText('Open', { exact: true }).count()).toBe(0)
    const other = rowOf('Other')
    expect(await other.getByTestId('overview-current').count()).toBe(0)
  })
})
