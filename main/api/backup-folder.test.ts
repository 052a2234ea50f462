import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SUBFOLDER } from '../engine/backup/extra-folder'
import { snapshotTree } from '../../test/support/helpers'
import type { AppState, BackupFolderView } from '../../common/contract'
import { NO_DIALOGS } from './ports'
import { appServices } from '../../test/support/app-service'

// The app's side of the backup folder: backups.folder / setFolder / chooseFolder.

const { dirs, makeService } = appServices()

describe('backups.setFolder refuses what is not a usable folder, and nothing on disk changes', () => {
  const cases: [string, string, (dataDir: string, outside: string) => unknown][] = [
    ['a folder that does not exist', 'NOT_FOUND', (_d, o) => ({ folder: path.join(o, 'missing') })],
    ['a file', 'INVALID_ARGUMENT', (_d, o) => ({ folder: path.join(o, 'file.txt') })],
    ['a relative path', 'INVALID_ARGUMENT', () => ({ folder: 'Backups' })],
    ['an empty path', 'INVALID_ARGUMENT', () => ({ folder: '' })],
    ['the data folder', 'INVALID_ARGUMENT', (d) => ({ folder: d })],
    ['a folder inside the data folder', 'INVALID_ARGUMENT', (d) => ({ folder: path.join(d, 'profiles') })],
    ['no folder field', 'INVALID_ARGUMENT', () => ({})],
    ['a number', 'INVALID_ARGUMENT', () => ({ folder: 7 })],
    ['an extra field', 'INVALID_ARGUMENT', (_d, o) => ({ folder: o, also: 1 })],
  ]
  for (const [what, code, input] of cases) {
    it(`${what} → ${code}`, async () => {
      const dataDir = dirs.make()
      const outside = dirs.make('ownlist-outside-')
      fs.writeFileSync(path.join(outside, 'file.txt'), 'x')
      const { service, fails } = makeService(dataDir)
      await service.start()
      const data = snapshotTree(dataDir)
      const out = snapshotTree(outside)
      expect(await fails('backups.setFolder', input(dataDir, outside))).toBe(code)
      expect(snapshotTree(outside)).toEqual(out)
      expect(snapshotTree(dataDir)).toEqual(data)
    })
  }
})

describe('backups.folder in the app', () => {
  it('set: the open profile’s newest automatic backup is copied at once; shown; turned off', async () => {
    const dataDir = dirs.make()
    const target = dirs.make('ownlist-target-')
    const { service, engine, call } = makeService(dataDir)
    const state = await service.start()
    const id = state.session!.profile.id
    expect(await call<BackupFolderView>('backups.folder')).toEqual({ folder: null, lastCopiedAt: null, error: null })
    await call('todos.add', { listId: state.session!.lists[0]!.id, title: 'Milk' })
    await engine.backups.autoBackupIfChanged(id)
    const set = await call<BackupFolderView>('backups.setFolder', { folder: target })
    expect(set).toMatchObject({ folder: target, error: null, lastCopiedAt: expect.any(String) })
    const copies = fs.readdirSync(path.join(target, SUBFOLDER, id))
    expect(copies).toHaveLength(1)
    expect(copies[0]).toMatch(/^auto-.*\.sqlite$/)
    expect(await call<BackupFolderView>('backups.folder')).toEqual(set)
    expect(await call('backups.setFolder', { folder: null })).toEqual({ folder: null, lastCopiedAt: null, error: null })
    // Turning it off leaves the copies where they are.
    expect(fs.readdirSync(path.join(target, SUBFOLDER, id))).toEqual(copies)
  })

  it('chooseFolder: the picked folder is set; cancelled (null) changes nothing', async () => {
    const dataDir = dirs.make()
    const target = dirs.make('ownlist-target-')
    let answer: string | null = null
    const { service, call } = makeService(dataDir, { ...NO_DIALOGS, openFolder: async () => answer })
    await service.start()
    expect(await call('backups.chooseFolder')).toBeNull()
    expect(await call<BackupFolderView>('backups.folder')).toMatchObject({ folder: null })
    answer = target
    expect(await call<BackupFolderView>('backups.chooseFolder')).toMatchObject({ folder: target, error: null })
    // The next automatic backup (leaving the profile) lands there too.
    const s = await call<AppState>('app.state')
    await call('todos.add', { listId: s.session!.lists[0]!.id, title: 'Bread' })
    await service.shutdown()
    expect(fs.readdirSync(path.join(target, SUBFOLDER, s.session!.profile.id))).toHaveLength(1)
  })
})
