import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import { snapshotTree } from '../../test/support/helpers'
import { waitFor } from '../../test/support/replication'
import type {
  AppState,
  ProfilesView,
  ReplicaRestoreResult,
  ReplicationView,
  Todo,
  TodoPage,
} from '../../common/contract'
import { NO_DIALOGS, type Dialogs } from './ports'
import { appServices } from '../../test/support/app-service'

// The in-app part of replication (issue 13): the `replication` calls and the open profile's Litestream.

vi.setConfig({ testTimeout: 120_000 })

const { dirs, makeService } = appServices()

const today = '2026-11-30'
const page = { filter: 'all', search: '', today, offset: 0, limit: 50 }

describe('replication calls refuse bad input with INVALID_ARGUMENT and change nothing on disk', () => {
  const bad: [string, unknown][] = [
    ['replication.add', { url: 'not-a-url' }],
    ['replication.add', { url: 'ftp://host/x' }],
    ['replication.add', { url: 'file://host/x' }],
    ['replication.add', { url: '' }],
    ['replication.add', { url: 'file:///tmp/x', encrypt: 'yes' }],
    ['replication.add', { url: 'file:///tmp/x', extra: 1 }],
    ['replication.add', { url: `file:///${'x'.repeat(5000)}` }],
    ['replication.remove', { url: 42 }],
    ['replication.remove', {}],
    ['replication.restore', { url: 'file:///tmp/x' }],
    ['replication.restore', { url: 'file:///tmp/x', asNew: true, at: 'yesterday' }],
    ['replication.restore', { url: 'file:///tmp/x', asNew: true, at: '2026-13-45T99:00' }],
    ['replication.restore', { url: 'nope', asNew: false }],
    ['replication.list', { please: true }],
    ['replication.addFolder', { folder: '/etc' }],
  ]
  it.each(bad)('%s %j', async (name, input) => {
    const dataDir = dirs.make()
    const { call, fails } = makeService(dataDir)
    await call('app.start')
    const before = snapshotTree(dataDir)
    expect(await fails(name, input)).toBe('INVALID_ARGUMENT')
    expect(snapshotTree(dataDir)).toEqual(before)
  })

  it('removing a replica the profile does not have is NOT_FOUND, nothing changed', async () => {
    const dataDir = dirs.make()
    const { call, fails } = makeService(dataDir)
    await call('app.start')
    const before = snapshotTree(dataDir)
    expect(await fails('replication.remove', { url: 'file:///nowhere/at/all' })).toBe('NOT_FOUND')
    expect(snapshotTree(dataDir)).toEqual(before)
  })

  it('without a folder dialog (dev:web, tests) addFolder answers null and adds nothing', async () => {
    const dataDir = dirs.make()
    const { call } = makeService(dataDir)
    await call('app.start')
    expect(await call('replication.addFolder')).toBeNull()
    expect(await call<ReplicationView>('replication.list')).toEqual({ available: true, replicas: [] })
  })
})

describe('a folder replica in the app', () => {
  it('replicates the open profile while it is open, reports ok, restores as a new profile and in place, stops on close', async () => {
    const dataDir = dirs.make()
    const folder = path.join(dirs.make('ownlist-rep-'), 'my replica')
    const dialogs: Dialogs = { ...NO_DIALOGS, openFolder: async () => folder }
    const { call, events } = makeService(dataDir, dialogs)
    const state = await call<AppState>('app.start')
    const listId = state.session!.lists[0]!.id
    await call<Todo>('todos.add', { listId, title: 'Before the replica' })

    const added = await call<ReplicationView>('replication.addFolder')
    const url = pathToFileURL(folder).href
    expect(added.replicas).toMatchObject([{ url, type: 'file', encrypted: false }])
    await waitFor(
      'the replica to be ok',
      async () => (await call<ReplicationView>('replication.list')).replicas[0]?.status === 'ok',
    )
    expect(
      events.some(
        ([e, p]) => e === 'replicationStatus' && (p as { replicas: { status: string }[] }).replicas[0]?.status === 'ok',
      ),
    ).toBe(true)
    const synced = (await call<ReplicationView>('replication.list')).replicas[0]!
    expect(synced.lastSyncedAt).not.toBeNull()
    expect(fs.readdirSync(folder).length).toBeGreaterThan(0)

    await call<Todo>('todos.add', { listId, title: 'Shipped' })
    const lastSync = synced.lastSyncedAt!
    await waitFor(
      'the new to-do to ship',
      async () => ((await call<ReplicationView>('replication.list')).replicas[0]?.lastSyncedAt ?? '') > lastSync,
    )

    const asNew = await call<ReplicaRestoreResult>('replication.restore', { url, asNew: true })
    expect(asNew.created).not.toBeNull()
    expect(asNew.undoName).toBeNull()
    const profiles = await call<ProfilesView>('profiles.list')
    expect(profiles.profiles.map((p) => p.id)).toContain(asNew.created!.id)
    // The open profile stayed open; the new one holds both to-dos.
    expect(profiles.currentId).toBe(state.session!.profile.id)
    await call('profiles.open', { id: asNew.created!.id })
    const restoredLists = (await call<AppState>('app.state')).session!.lists
    const titles = (await call<TodoPage>('todos.list', { ...page, listId: restoredLists[0]!.id })).todos.map(
      (t) => t.title,
    )
    expect(titles.sort()).toEqual(['Before the replica', 'Shipped'])

    // Back to the replicated profile; a restore in place keeps an undo snapshot.
    await call('profiles.open', { id: state.session!.profile.id })
    await call<Todo>('todos.add', { listId, title: 'Not in the replica yet' })
    const inPlace = await call<ReplicaRestoreResult>('replication.restore', {
      url,
      asNew: false,
      at: new Date(Date.now() + 1000).toISOString(),
    })
    expect(inPlace.undoName).toMatch(/pre-restore/)
    expect(inPlace.state.session?.profile.id).toBe(state.session!.profile.id)

    await call('replication.remove', { url })
    expect(await call<ReplicationView>('replication.list')).toEqual({ available: true, replicas: [] })
  })

  it('starts Litestream when a profile with replicas opens and stops it when another opens or the app quits', async () => {
    const dataDir = dirs.make()
    const folder = path.join(dirs.make('ownlist-rep-'), 'r')
    const { service, call } = makeService(dataDir)
    const first = (await call<AppState>('app.start')).session!.profile.id
    const pidFile = path.join(dataDir, 'replication', 'run', `${first}.pid`)
    await call('replication.add', { url: pathToFileURL(folder).href })
    await waitFor('Litestream to run', () => fs.existsSync(pidFile))
    const other = await call<{ id: string }>('profiles.create', { name: 'Other' })
    await call('profiles.open', { id: other.id })
    expect(fs.existsSync(pidFile)).toBe(false)
    expect(fs.readdirSync(path.dirname(pidFile)).filter((f) => f.endsWith('.pid'))).toEqual([])
    await call('profiles.open', { id: first })
    await waitFor('Litestream to run again', () => fs.existsSync(pidFile))
    await waitFor(
      'ok again',
      async () => (await call<ReplicationView>('replication.list')).replicas[0]?.status === 'ok',
    )
    await service.shutdown()
    expect(fs.existsSync(pidFile)).toBe(false)
  })

  it('deleting the replicated profile stops its Litestream first', async () => {
    const dataDir = dirs.make()
    const folder = path.join(dirs.make('ownlist-rep-'), 'r')
    const { call } = makeService(dataDir)
    const first = await call<AppState>('app.start')
    await call('replication.add', { url: pathToFileURL(folder).href })
    await waitFor('ok', async () => (await call<ReplicationView>('replication.list')).replicas[0]?.status === 'ok')
    const other = await call<{ id: string }>('profiles.create', { name: 'Other' })
    await call('profiles.open', { id: other.id })
    await call('profiles.open', { id: first.session!.profile.id })
    expect(await call('profiles.delete', { id: first.session!.profile.id })).toEqual({ id: first.session!.profile.id })
    // No Litestream holds a pid file in the run folder any more.
    const run = path.join(dataDir, 'replication', 'run')
    expect(fs.existsSync(run) ? fs.readdirSync(run).filter((f) => f.endsWith('.pid')) : []).toEqual([])
  })
})
