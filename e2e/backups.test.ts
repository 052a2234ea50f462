// Backups in the app, end to end: back up, restore from the list, undo, back up to a file,
// import it, check the database and repair a damaged profile.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../main/engine/engine'
import { closeLaunched, type Harness, launch, ScriptedDialogs } from './harness'

let h: Harness | undefined
afterEach(closeLaunched)

const byId = (page: Page, id: string) => page.getByTestId(id)
const titles = (page: Page) => byId(page, 'todo-title').allTextContents()

async function addTodo(page: Page, title: string) {
  await byId(page, 'new-todo-input').fill(title)
  await byId(page, 'new-todo-input').press('Enter')
  await page.getByTestId('todo-row').filter({ hasText: title }).waitFor()
}

async function openBackups(page: Page) {
  await byId(page, 'backups-button').click()
  await byId(page, 'backups-panel').waitFor()
}

describe('backups in the app', () => {
  it('backs up, restores from the list, and undoes the restore', async () => {
    h = await launch()
    const { page } = h
    await byId(page, 'new-todo-input').waitFor()
    await addTodo(page, 'Before the backup')
    await openBackups(page)
    await byId(page, 'backup-now').click()
    await page.getByTestId('backup-row').first().waitFor()
    expect(await page.getByTestId('backup-row').first().getAttribute('data-kind')).toBe('manual')
    await byId(page, 'backups-panel-close').click()

    await addTodo(page, 'After the backup')
    await openBackups(page)
    await page.locator('[data-testid="backup-row"][data-kind="manual"]').getByTestId('backup-restore').click()
    await byId(page, 'confirm-dialog-confirm').click()
    await expect.poll(() => titles(page)).toEqual(['Before the backup'])
    await h.screenshot('restored')

    await page.getByTestId('toast').filter({ hasText: 'restored' }).getByTestId('toast-action').click()
    await expect.poll(() => titles(page)).toEqual(['Before the backup', 'After the backup'])
  })

  it('backs up to a file the user picks and imports that file as a new profile', async () => {
    const dialogs = new ScriptedDialogs()
    h = await launch({ dialogs })
    const { page } = h
    await byId(page, 'new-todo-input').waitFor()
    await addTodo(page, 'Shared to-do')
    const file = path.join(h.dataDir, '..', `${path.basename(h.dataDir)}-export.sqlite`)
    try {
      await openBackups(page)
      dialogs.next = file
      await byId(page, 'backup-export').click()
      await byId(page, 'backup-export-file').waitFor()
      expect(fs.existsSync(file)).toBe(true)
      const before = fs.readFileSync(file)

      dialogs.next = file
      await byId(page, 'backup-import').click()
      await byId(page, 'backup-import-open').click()
      await expect.poll(() => byId(page, 'current-profile-name').textContent()).toBe('Personal (2)')
      await expect.poll(() => titles(page)).toEqual(['Shared to-do'])
      // The imported file was only read.
      expect(fs.readFileSync(file).equals(before)).toBe(true)
      expect(fs.existsSync(`${file}-wal`)).toBe(false)
    } finally {
      fs.rmSync(file, { force: true })
    }
  })

  it('checks a damaged profile, repairs it after confirmation, and keeps the damaged file', async () => {
    let file = ''
    h = await launch({
      prepare: (dataDir) => {
        // A profile whose full-text index is out of step with its to-dos.
        const engine = new Engine({ dataDir })
        file = engine.createProfile('Personal').file
        const db = new Database(file)
        db.prepare(
          "INSERT INTO todos(list_id, title, position, created_at, updated_at) VALUES (1, 'Kept', 0, 'c', 'u')",
        ).run()
        db.exec('DROP TRIGGER todos_fts_update')
        db.prepare("UPDATE todos SET title = 'Renamed behind the index' WHERE id = 1").run()
        db.close()
      },
    })
    const { page } = h
    await byId(page, 'new-todo-input').waitFor()
    await byId(page, 'health-button').click()
    await byId(page, 'health-panel').waitFor()
    await byId(page, 'check-database').click()
    const result = byId(page, 'check-result')
    await result.waitFor()
    expect(await result.getAttribute('data-ok')).toBe('false')
    await h.screenshot('check-problems')
    await byId(page, 'check-repair').click()
    await byId(page, 'confirm-dialog-confirm').click()
    await expect.poll(async () => byId(page, 'check-result').getAttribute('data-ok')).toBe('true')
    const kept = fs
      .readdirSync(path.join(h.dataDir, 'backups', path.basename(file, '.sqlite')))
      .filter((f) => f.endsWith('.damaged'))
    expect(kept).toHaveLength(1)
  })
})
