import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { sha256File, SupportChild } from '../../test/support/helpers'
import { AppService } from './service'
import { appServices } from '../../test/support/app-service'

const { dirs, makeService } = appServices({ teardown: 'close' })

type State = Awaited<ReturnType<AppService['start']>>
const today = '2026-11-26'
const page = { filter: 'all', search: '', today, offset: 0, limit: 100 }

describe('AppService', () => {
  it('creates and opens "Personal" on first launch, and reopens the last profile afterwards', async () => {
    const dataDir = dirs.make()
    const first = makeService(dataDir)
    const state = await first.call<State>('app.start')
    expect(state.session?.profile.name).toBe('Personal')
    expect(state.session?.lists.map((l) => l.name)).toEqual(['Inbox'])
    const work = await first.call<{ id: string }>('profiles.create', { name: 'Work' })
    await first.call('profiles.open', { id: work.id })
    expect(first.events.map(([e]) => e)).toContain('profileClosed')
    first.service.close()

    const second = makeService(dataDir)
    const again = await second.call<State>('app.start')
    expect(again.session?.profile.id).toBe(work.id)
    const view = await second.call<{ profiles: { name: string }[] }>('profiles.list')
    expect(view.profiles.map((p) => p.name)).toEqual(['Personal', 'Work'])
  })

  it('keeps each profile’s to-dos in its own file when switching', async () => {
    const { call } = makeService(dirs.make())
    const a = await call<State>('app.start')
    const inboxA = a.session!.lists[0]!.id
    await call('todos.add', { listId: inboxA, title: 'Only in A' })
    const b = await call<{ id: string }>('profiles.create', { name: 'B' })
    const stateB = await call<State>('profiles.open', { id: b.id })
    const listed = await call<{ todos: unknown[]; total: number }>('todos.list', {
      ...page,
      listId: stateB.session!.lists[0]!.id,
    })
    expect(listed.total).toBe(0)
    const searched = await call<{ todos: unknown[] }>('todos.list', { ...page, listId: null, search: 'Only' })
    expect(searched.todos).toEqual([])
    await call('profiles.open', { id: a.session!.profile.id })
    const back = await call<{ todos: { title: string }[] }>('todos.list', { ...page, listId: null })
    expect(back.todos.map((t) => t.title)).toEqual(['Only in A'])
  })

  it('releases the previous profile when switching, so another process could open it', async () => {
    const dataDir = dirs.make()
    const { call } = makeService(dataDir)
    const a = await call<State>('app.start')
    const b = await call<{ id: string }>('profiles.create', { name: 'B' })
    await call('profiles.open', { id: b.id })
    // A second OS process opens the profile left behind for writing (it would get PROFILE_IN_USE if A were still held).
    const holder = new SupportChild('hold-profile.ts', [dataDir, a.session!.profile.id])
    try {
      expect(JSON.parse(await holder.nextLine())).toEqual({ ready: true })
    } finally {
      await holder.kill9()
    }
  })

  it('shows a too-new profile on its own screen and leaves its file byte-identical', async () => {
    const dataDir = dirs.make()
    const { call } = makeService(dataDir)
    await call('app.start')
    const future = await call<{ id: string }>('profiles.create', { name: 'Future' })
    const file = path.join(dataDir, 'profiles', `${future.id}.sqlite`)
    const db = new Database(file)
    db.pragma('user_version = 99')
    db.prepare("UPDATE meta SET value = '9.9.9' WHERE key = 'app_version'").run()
    db.close()
    const before = sha256File(file)
    const state = await call<State>('profiles.open', { id: future.id })
    expect(state.session).toBeNull()
    expect(state.failure?.error.code).toBe('SCHEMA_TOO_NEW')
    expect(state.failure?.error.message).toContain('9.9.9')
    expect(sha256File(file)).toBe(before)
    expect(fs.existsSync(`${file}-wal`)).toBe(false)
    const view = await call<{ profiles: { id: string; tooNew: boolean; todoCount: number | null }[] }>('profiles.list')
    expect(view.profiles.find((p) => p.id === future.id)).toMatchObject({ tooNew: true, todoCount: null })
    await expect(call('todos.list', { ...page, listId: null })).rejects.toMatchObject({ code: 'PROFILE_NOT_OPEN' })
  })

  it('deleting the open profile closes it and moves its file to the trash', async () => {
    const dataDir = dirs.make()
    const { call } = makeService(dataDir)
    const a = await call<State>('app.start')
    await call('profiles.delete', { id: a.session!.profile.id })
    const state = await call<State>('app.state')
    expect(state.session).toBeNull()
    expect(fs.readdirSync(path.join(dataDir, 'trash'))).toHaveLength(1)
    expect(fs.readdirSync(path.join(dataDir, 'profiles')).filter((f) => f.endsWith('.sqlite'))).toEqual([])
  })

  it('falls back to defaults when the settings file is damaged', async () => {
    const dataDir = dirs.make()
    fs.writeFileSync(path.join(dataDir, 'settings.json'), '{not json')
    const { call } = makeService(dataDir)
    const state = await call<State>('app.start')
    expect(state.session?.profile.name).toBe('Personal')
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).lastProfileId).toBe(
      state.session?.profile.id,
    )
  })

  it('backs up automatically when leaving a changed profile, and not when nothing changed', async () => {
    const dataDir = dirs.make()
    const { call } = makeService(dataDir)
    const a = await call<State>('app.start')
    const idA = a.session!.profile.id
    const b = await call<{ id: string }>('profiles.create', { name: 'B' })
    const autos = () => fs.readdirSync(path.join(dataDir, 'backups', idA)).filter((f) => f.startsWith('auto-'))
    await call('todos.add', { listId: a.session!.lists[0]!.id, title: 'Changed' })
    await call('profiles.open', { id: b.id })
    expect(autos()).toHaveLength(1)
    await call('profiles.open', { id: idA })
    await call('profiles.open', { id: b.id })
    expect(autos()).toHaveLength(1)
    const listed = await call<State>('profiles.open', { id: idA })
    const backups = await call<{ kind: string; todoCount: number }[]>('backups.list')
    expect(backups).toEqual([expect.objectContaining({ kind: 'auto', todoCount: 1 })])
    expect(listed.session?.profile.id).toBe(idA)
  })

  it('restores a backup from the list and undoes it', async () => {
    const { call } = makeService(dirs.make())
    const a = await call<State>('app.start')
    const inbox = a.session!.lists[0]!.id
    await call('todos.add', { listId: inbox, title: 'Before' })
    const backup = await call<{ name: string }>('backups.backupNow')
    await call('todos.add', { listId: inbox, title: 'After' })
    const restored = await call<{ state: State; undoName: string }>('backups.restore', { name: backup.name })
    expect(restored.state.session?.profile.id).toBe(a.session!.profile.id)
    const titles = async () =>
      (await call<{ todos: { title: string }[] }>('todos.list', { ...page, listId: null })).todos.map((t) => t.title)
    expect(await titles()).toEqual(['Before'])
    await call('backups.restore', { name: restored.undoName })
    expect(await titles()).toEqual(['Before', 'After'])
    await expect(call('backups.restore', { name: '../../etc/passwd' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('stops writing to a profile whose file was moved away under the app, and says so', async () => {
    const dataDir = dirs.make()
    const { call } = makeService(dataDir)
    const a = await call<State>('app.start')
    const file = path.join(dataDir, 'profiles', `${a.session!.profile.id}.sqlite`)
    const moved = path.join(dataDir, 'moved.sqlite')
    fs.renameSync(file, moved)
    await expect(call('todos.add', { listId: a.session!.lists[0]!.id, title: 'Lost?' })).rejects.toMatchObject({
      code: 'PROFILE_NOT_FOUND',
    })
    const state = await call<State>('app.state')
    expect(state.session).toBeNull()
    expect(state.failure).toMatchObject({ profileName: 'Personal', error: { code: 'PROFILE_NOT_FOUND' } })
    const count = new Database(moved, { readonly: true })
      .prepare("SELECT count(*) FROM todos WHERE title = 'Lost?'")
      .pluck()
      .get()
    expect(count).toBe(0)
  })

  it('opens profiles by id only, never by a name that looks like an argument', async () => {
    const { call } = makeService(dirs.make())
    await call('app.start')
    await call('profiles.create', { name: 'Work' })
    await expect(call('profiles.open', { id: 'Work' })).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND' })
    await expect(call('profiles.open', { id: '../../etc/passwd' })).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND' })
  })
})
