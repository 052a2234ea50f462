// The backup folder in the app (issue 13's cross-platform baseline): chosen in the Replication
// sheet, refused in words when it is not a usable folder, its last copy shown, turned off.
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it, vi } from 'vitest'
import { Engine } from '../main/engine/engine'
import { addTodo } from '../main/engine/queries/todos'
import { ScriptedDialogs } from './harness'
import { harnessPerTest } from './per-test'

vi.setConfig({ testTimeout: 120_000 })

const app = harnessPerTest()

const byId = (page: Page, id: string) => page.getByTestId(id)

describe('backup folder in the app', () => {
  it('a relative path is refused in words; a chosen folder is set and gets the newest automatic backup at once; turned off', async () => {
    const target = app.tempDir('ownlist-e2e-folder-')
    const dialogs = new ScriptedDialogs()
    let id = ''
    const h = await app.launch({
      dialogs,
      // A profile with an automatic backup already made (as leaving it would).
      prepare: async (dataDir) => {
        const engine = new Engine({ dataDir })
        try {
          const p = engine.createProfile('Personal')
          id = p.id
          await engine.writeProfile(p.id, (db) => addTodo(db, { listId: 1, title: 'Backed up twice', now: new Date() }))
          await engine.backups.autoBackupIfChanged(p.id)
        } finally {
          engine.close()
        }
      },
    })
    const { page } = h
    await byId(page, 'new-todo-input').waitFor()
    await byId(page, 'replication-button').click()
    await byId(page, 'backup-folder').waitFor()

    await byId(page, 'backup-folder-input').fill('Backups')
    await byId(page, 'backup-folder-set').click()
    await expect.poll(() => byId(page, 'backup-folder-error').textContent()).toContain('full path')
    expect(fs.existsSync(path.join(h.dataDir, 'backup-folder.json'))).toBe(false)

    dialogs.next = target
    await byId(page, 'backup-folder-choose').click()
    await expect.poll(() => byId(page, 'backup-folder-path').textContent()).toBe(target)
    expect(await byId(page, 'backup-folder-error').count()).toBe(0)
    await expect.poll(() => byId(page, 'backup-folder-status').textContent()).toContain('Last copied')
    const copies = fs.readdirSync(path.join(target, 'Ownlist backups', id))
    expect(copies).toEqual(fs.readdirSync(path.join(h.dataDir, 'backups', id)).filter((f) => f.startsWith('auto-')))
    await h.screenshot('backup-folder')

    await byId(page, 'backup-folder-off').click()
    await expect.poll(() => byId(page, 'backup-folder-path').count()).toBe(0)
    expect(fs.existsSync(path.join(h.dataDir, 'backup-folder.json'))).toBe(false)
    // Turned off, the copies stay.
    expect(fs.readdirSync(path.join(target, 'Ownlist backups', id))).toEqual(copies)
  })
})
