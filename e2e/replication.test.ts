// Replication in the app, end to end (issue 13): a folder replica added by its file:// address
// shows as up to date, a to-do reaches it, and it is restored as a new profile.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Page } from 'playwright-core'
import { describe, expect, it, vi } from 'vitest'
import { harnessPerTest } from './per-test'

vi.setConfig({ testTimeout: 120_000 })

const app = harnessPerTest()

const byId = (page: Page, id: string) => page.getByTestId(id)

describe('replication in the app', () => {
  it('adds a folder replica by URL, shows it up to date, and restores it as a new profile', async () => {
    const replicaRoot = app.tempDir('ownlist-e2e-rep-')
    const url = pathToFileURL(path.join(replicaRoot, 'replica')).href
    const h = await app.launch()
    const { page } = h
    await byId(page, 'new-todo-input').waitFor()
    expect(await byId(page, 'replication-mark').count()).toBe(0)

    await byId(page, 'replication-button').click()
    await byId(page, 'replication-panel').waitFor()
    await byId(page, 'replicas-empty').waitFor()
    await byId(page, 'replica-url').fill(url)
    await byId(page, 'replica-add').click()
    await byId(page, 'replica-row').waitFor()
    await expect.poll(() => byId(page, 'replica-row').getAttribute('data-status'), { timeout: 30_000 }).toBe('ok')
    await expect.poll(() => byId(page, 'replica-synced').textContent()).toContain('just now')
    await byId(page, 'replication-panel-close').click()
    await expect.poll(() => byId(page, 'replication-mark').getAttribute('data-mark')).toBe('ok')

    await byId(page, 'new-todo-input').fill('Shipped to the replica')
    await byId(page, 'new-todo-input').press('Enter')
    await page.getByTestId('todo-row').filter({ hasText: 'Shipped to the replica' }).waitFor()
    // Litestream ships within about a second; the restore below needs the to-do in the replica.
    await page.waitForTimeout(3000)

    await byId(page, 'replication-button').click()
    await byId(page, 'replica-row').waitFor()
    // Buttons fade their colours (0.12 s): the shots wait for them.
    await page.emulateMedia({ colorScheme: 'light' })
    await page.waitForTimeout(300)
    await h.screenshot('replication-light')
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.waitForTimeout(300)
    await h.screenshot('replication-dark')
    await page.emulateMedia({ colorScheme: 'light' })

    await byId(page, 'replica-restore').click()
    await byId(page, 'replica-restore-form').waitFor()
    expect(await byId(page, 'restore-url').inputValue()).toBe(url)
    await byId(page, 'restore-as-new').check()
    await byId(page, 'restore-submit').click()
    await expect
      .poll(() => byId(page, 'replication-outcome').textContent(), { timeout: 30_000 })
      .toContain('Restored as the new profile')
    await byId(page, 'replication-panel-close').click()

    await byId(page, 'profile-switcher-button').click()
    await expect
      .poll(() => byId(page, 'profile-name').allTextContents())
      .toEqual(expect.arrayContaining(['Personal', 'Personal (2)']))
    const restored = page.getByTestId('profile-item').filter({ hasText: 'Personal (2)' })
    await expect.poll(() => restored.getByTestId('profile-todo-count').textContent()).toContain('1')
  })
})
