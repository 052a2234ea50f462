import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { Engine } from '../engine'
import { addTodo } from '../queries/todos'
import { snapshotTree, UUID_RE } from '../../../test/support/helpers'
import { replicaTestBed } from '../../../test/support/test-bed'
import { LEASE_FILE } from './lease'
import { Replication } from './replication'
import { failsIn, okIn, readTitles, replicaFiles, sleep, titlesOf, waitFor } from '../../../test/support/replication'

vi.setConfig({ testTimeout: 120_000 })

let dataDir: string
let rep: string
const temps = replicaTestBed('work replica', (f) => ({ dataDir, rep } = f))

const url = (folder: string): string => `file://${folder.split(path.sep).map(encodeURIComponent).join('/')}`

async function addTodos(dir: string, profile: string, titles: string[]): Promise<void> {
  for (const t of titles) await okIn(dir, 'todos', 'add', profile, t)
}

describe('replicas add / list / remove', () => {
  it('adds a folder replica (creating the folder), lists it, removes it and releases the lease', async () => {
    const p = await okIn(dataDir, 'profiles', 'create', 'Work')
    const u = url(rep)
    expect(await okIn(dataDir, 'replicas', 'add', 'Work', u)).toEqual({
      profile: p.id,
      url: u,
      type: 'file',
      encrypted: false,
    })
    expect(fs.statSync(rep).isDirectory()).toBe(true)
    const lease = JSON.parse(fs.readFileSync(path.join(rep, LEASE_FILE), 'utf8'))
    expect(lease).toMatchObject({
      profileId: p.id,
      machineId: fs.readFileSync(path.join(dataDir, 'machine-id'), 'utf8').trim(),
    })
    // Settings live outside the profile file, private.
    const settings = path.join(dataDir, 'replication', `${p.id}.json`)
    expect(fs.statSync(settings).mode & 0o777).toBe(0o600)
    expect(fs.statSync(path.join(dataDir, 'machine-id')).mode & 0o777).toBe(0o600)
    expect(await okIn(dataDir, 'replicas', 'list', 'Work')).toEqual({
      replicas: [{ url: u, type: 'file', encrypted: false, status: 'idle', lastSyncedAt: null, error: null }],
    })
    expect(await okIn(dataDir, 'replicas', 'remove', 'Work', u)).toEqual({ profile: p.id, url: u, removed: true })
    expect(fs.existsSync(path.join(rep, LEASE_FILE))).toBe(false)
    expect(await okIn(dataDir, 'replicas', 'list', 'Work')).toEqual({ replicas: [] })
  })

  it('an encrypted folder replica with --key-file keeps the key in a 0600 file; --no-encrypt wins', async () => {
    await okIn(dataDir, 'profiles', 'create', 'Work')
    const keyFile = path.join(temps.make(), 'key.txt')
    const { generateAgeKey } = await import('./age-key')
    const key = generateAgeKey()
    fs.writeFileSync(keyFile, `# my key\n${key.identity}\n`)
    expect((await okIn(dataDir, 'replicas', 'add', 'Work', url(rep), '--key-file', keyFile)).encrypted).toBe(true)
    const keys = path.join(dataDir, 'replication', 'keys.json')
    expect(fs.statSync(keys).mode & 0o777).toBe(0o600)
    expect(fs.readFileSync(keys, 'utf8')).toContain(key.identity)
    expect((await okIn(dataDir, 'replicas', 'add', 'Work', url(`${rep}2`), '--no-encrypt')).encrypted).toBe(false)
  })

  it.each([['not-a-url'], ['ftp://host/x'], ['file://host/x'], ['sftp://host/x'], ['s3://bucket']])(
    'refuses %s with INVALID_ARGUMENT and changes nothing',
    async (bad) => {
      await okIn(dataDir, 'profiles', 'create', 'Work')
      const before = snapshotTree(dataDir)
      await failsIn(dataDir, 'INVALID_ARGUMENT', 'replicas', 'add', 'Work', bad)
      expect(snapshotTree(dataDir)).toEqual(before)
    },
  )

  it('a key file that is neither an age nor an SSH key is INVALID_ARGUMENT, nothing changed', async () => {
    await okIn(dataDir, 'profiles', 'create', 'Work')
    const keyFile = path.join(temps.make(), 'junk')
    fs.writeFileSync(keyFile, 'hello')
    const before = snapshotTree(dataDir)
    await failsIn(dataDir, 'INVALID_ARGUMENT', 'replicas', 'add', 'Work', url(rep), '--key-file', keyFile)
    expect(snapshotTree(dataDir)).toEqual(before)
    expect(fs.existsSync(rep)).toBe(false)
  })

  it('a target leased by another profile or another data folder is REPLICA_IN_USE unless --take-over', async () => {
    const a = await okIn(dataDir, 'profiles', 'create', 'A')
    await okIn(dataDir, 'profiles', 'create', 'B')
    await okIn(dataDir, 'replicas', 'add', 'A', url(rep))
    const leaseBefore = fs.readFileSync(path.join(rep, LEASE_FILE))
    const before = snapshotTree(dataDir)
    await failsIn(dataDir, 'REPLICA_IN_USE', 'replicas', 'add', 'B', url(rep))
    expect(snapshotTree(dataDir)).toEqual(before)
    const other = temps.make()
    await okIn(other, 'profiles', 'create', 'A')
    await failsIn(other, 'REPLICA_IN_USE', 'replicas', 'add', 'A', url(rep))
    expect(fs.readFileSync(path.join(rep, LEASE_FILE))).toEqual(leaseBefore)
    // The same profile on the same machine may add it again.
    expect((await okIn(dataDir, 'replicas', 'add', a.id, url(rep))).profile).toBe(a.id)
    await okIn(other, 'replicas', 'add', 'A', url(rep), '--take-over')
    expect(JSON.parse(fs.readFileSync(path.join(rep, LEASE_FILE), 'utf8')).machineId).toBe(
      fs.readFileSync(path.join(other, 'machine-id'), 'utf8').trim(),
    )
    // The first data folder now sees it taken over; removing it there leaves the new holder's lease alone.
    expect((await okIn(dataDir, 'replicas', 'list', 'A')).replicas[0].status).toBe('taken-over')
    await okIn(dataDir, 'replicas', 'remove', 'A', url(rep))
    expect(fs.existsSync(path.join(rep, LEASE_FILE))).toBe(true)
  })

  it('REPLICATION_UNAVAILABLE where no Litestream build exists (Windows)', async () => {
    const engine = new Engine({ dataDir })
    try {
      const p = engine.createProfile('Work')
      const replication = new Replication(engine, { binary: { platform: 'win32', arch: 'x64' } })
      const before = snapshotTree(dataDir)
      await expect(replication.add(p.id, url(rep))).rejects.toMatchObject({ code: 'REPLICATION_UNAVAILABLE' })
      expect(snapshotTree(dataDir)).toEqual(before)
      await expect(replication.restoreAsNew(url(rep))).rejects.toMatchObject({ code: 'REPLICATION_UNAVAILABLE' })
      // Settings made elsewhere show as unavailable here.
      await new Replication(engine).add(p.id, url(rep))
      expect((await replication.list(p.id)).replicas[0]).toMatchObject({ status: 'unavailable' })
      expect(await replication.runOnce([p.id])).toEqual([expect.objectContaining({ status: 'unavailable' })])
    } finally {
      engine.close()
    }
  })
})

describe('replicate and restore a folder replica', () => {
  it('restores the latest state and the state as of a moment in between, exactly', async () => {
    const p = await okIn(dataDir, 'profiles', 'create', 'Work')
    const u = url(rep)
    await okIn(dataDir, 'replicas', 'add', 'Work', u)
    await addTodos(dataDir, 'Work', ['a1', 'a2', 'a3'])
    const once = await okIn(dataDir, 'replicate', 'Work', '--once')
    expect(once).toEqual({
      results: [{ id: p.id, url: u, status: 'synced', syncedAt: expect.any(String), error: null }],
    })
    await sleep(1100)
    const between = new Date()
    await sleep(1100)
    await addTodos(dataDir, 'Work', ['b1', 'b2'])
    await okIn(dataDir, 'replicate', '--all', '--once')
    expect((await okIn(dataDir, 'replicas', 'list', 'Work')).replicas[0]).toMatchObject({
      status: 'idle',
      lastSyncedAt: expect.any(String),
    })

    const latest = await okIn(dataDir, 'replicas', 'restore', u, '--name', 'Latest')
    expect(latest).toEqual({
      id: expect.stringMatching(UUID_RE),
      name: 'Latest',
      schemaVersion: expect.any(Number),
      asOf: expect.any(String),
    })
    expect(await titlesOf(dataDir, 'Latest')).toEqual(['a1', 'a2', 'a3', 'b1', 'b2'])
    const past = await okIn(dataDir, 'replicas', 'restore', u, '--name', 'Past', '--at', between.toISOString())
    expect(await titlesOf(dataDir, 'Past')).toEqual(['a1', 'a2', 'a3'])
    expect(new Date(past.asOf).getTime()).toBeLessThanOrEqual(between.getTime())
    // A time after the last change gives the latest state.
    await okIn(dataDir, 'replicas', 'restore', u, '--name', 'Future', '--at', '2999-01-01T00:00:00Z')
    expect(await titlesOf(dataDir, 'Future')).toEqual(['a1', 'a2', 'a3', 'b1', 'b2'])
    for (const name of ['Latest', 'Past', 'Future'])
      expect(await okIn(dataDir, 'check', name)).toEqual({ ok: true, problems: [] })
    // Restored profiles never inherit a replica: their settings are the data folder's, per profile.
    expect(await okIn(dataDir, 'replicas', 'list', 'Latest')).toEqual({ replicas: [] })

    // Nothing at or before T; nothing there at all.
    const before = snapshotTree(dataDir)
    await failsIn(dataDir, 'REPLICA_NOT_FOUND', 'replicas', 'restore', u, '--at', '2000-01-01T00:00:00Z')
    await failsIn(dataDir, 'REPLICA_NOT_FOUND', 'replicas', 'restore', url(path.join(rep, 'nothing-here')))
    await failsIn(dataDir, 'INVALID_ARGUMENT', 'replicas', 'restore', u, '--at', 'yesterday')
    expect(snapshotTree(dataDir)).toEqual(before)

    // In place: as a restore from a file, with its pre-restore undo.
    const r = await okIn(dataDir, 'restore', 'Work', '--replica', u, '--at', between.toISOString())
    expect(r).toEqual({ id: p.id, restoredFrom: u, undoSnapshot: expect.stringContaining('pre-restore-') })
    expect(await titlesOf(dataDir, 'Work')).toEqual(['a1', 'a2', 'a3'])
    expect(readTitles(r.undoSnapshot).titles).toEqual(['a1', 'a2', 'a3', 'b1', 'b2'])
    // Litestream's working files never land in profiles/.
    expect(
      fs.readdirSync(path.join(dataDir, 'profiles')).filter((n) => n.includes('litestream') || n.includes('tmp')),
    ).toEqual([])
    expect(new Engine({ dataDir }).listProfiles().ignored).toEqual([])
  })

  it('finds the last change before T in an older generation (each session is a new generation)', async () => {
    await okIn(dataDir, 'profiles', 'create', 'Work')
    const u = url(rep)
    await okIn(dataDir, 'replicas', 'add', 'Work', u)
    await addTodos(dataDir, 'Work', ['g1'])
    await okIn(dataDir, 'replicate', 'Work', '--once')
    await sleep(1100)
    const gap = new Date()
    await sleep(1100)
    // The engine's close checkpoints and removes the WAL: the next session starts a new generation.
    await addTodos(dataDir, 'Work', ['g2'])
    await okIn(dataDir, 'replicate', 'Work', '--once')
    expect(fs.readdirSync(path.join(rep, 'generations')).length).toBeGreaterThanOrEqual(2)
    await okIn(dataDir, 'replicas', 'restore', u, '--name', 'Gap', '--at', gap.toISOString())
    expect(await titlesOf(dataDir, 'Gap')).toEqual(['g1'])
  })

  it('a dot-named .<file>-litestream folder in profiles/ is neither listed nor ignored', async () => {
    const p = await okIn(dataDir, 'profiles', 'create', 'Work')
    fs.mkdirSync(path.join(dataDir, 'profiles', `.${p.id}.sqlite-litestream`, 'generations'), { recursive: true })
    const listing = await okIn(dataDir, 'profiles', 'list')
    expect(listing.ignored).toEqual([])
    expect(listing.profiles.map((x: { id: string }) => x.id)).toEqual([p.id])
  })
})

describe('a running replicator and the profile connections', () => {
  it('writes through an open session are never slowed or disturbed by Litestream’s checkpoints; the replica follows', async () => {
    const engine = new Engine({ dataDir })
    const replication = new Replication(engine)
    const p = engine.createProfile('Busy')
    await replication.add(p.id, url(rep))
    const sup = replication.supervisor([p.id])
    sup.start()
    const session = await engine.openProfile(p.id)
    try {
      await waitFor('first sync', () => sup.states().get(p.id)?.[0]?.status === 'ok')
      const titles: string[] = []
      const burst = async (from: number): Promise<number> => {
        const started = performance.now()
        // Enough rows for SQLite's automatic checkpoint (1,000 pages) to come round several times.
        for (let i = from; i < from + 2000; i++) {
          const title = `todo ${i} ${'x'.repeat(200)}`
          titles.push(title)
          session.write((db) => addTodo(db, { listId: 1, title, now: new Date() }))
          if (i % 500 === 0) await sleep(20)
        }
        return performance.now() - started
      }
      await burst(0)
      await sleep(3000)
      const walAfterFirst = fs.statSync(`${p.file}-wal`).size
      await burst(2000)
      await sleep(3000)
      expect(session.isOpen).toBe(true)
      // Litestream checkpoints the WAL and it is reused from its start: a second burst of the same size
      // does not double it (without reuse it would; a loaded machine lets it lag a little behind).
      expect(fs.statSync(`${p.file}-wal`).size).toBeLessThanOrEqual(walAfterFirst * 1.6)
      await sleep(2500)
      session.read((db) => db.prepare('SELECT 1').get())
      expect(await replication.list(p.id)).toMatchObject({
        replicas: [{ status: 'ok', lastSyncedAt: expect.any(String) }],
      })
      const code = await sup.stop()
      expect(code).toBe(0)
      session.close()
      const restored = await replication.restoreAsNew(url(rep), { name: 'Copy' })
      const r = readTitles(engine.resolve(restored.id).file)
      expect(r.integrity).toBe('ok')
      expect(r.titles).toEqual(titles)
      expect((await engine.checkProfile(p.id)).ok).toBe(true)
    } finally {
      await sup.stop()
      session.close()
      engine.close()
    }
  })

  it('a restore over a replicated profile makes the replicator start a new generation; replicas of both stay restorable', async () => {
    const engine = new Engine({ dataDir })
    const replication = new Replication(engine)
    const p = engine.createProfile('Swap')
    await replication.add(p.id, url(rep))
    await engine.writeProfile(p.id, (db) => addTodo(db, { listId: 1, title: 'before', now: new Date() }))
    const sup = replication.supervisor([p.id])
    sup.start()
    try {
      await waitFor('first sync', () => sup.states().get(p.id)?.[0]?.status === 'ok')
      const gens = fs.readdirSync(path.join(rep, 'generations')).length
      const other = engine.createProfile('Other')
      await engine.writeProfile(other.id, (db) => addTodo(db, { listId: 1, title: 'from other', now: new Date() }))
      const backup = path.join(temps.make(), 'b.sqlite')
      await engine.backups.backupTo(other.id, backup)
      await engine.backups.restore(p.id, backup)
      await waitFor('a new generation', () => fs.readdirSync(path.join(rep, 'generations')).length > gens)
      await waitFor('synced again', () => sup.states().get(p.id)?.[0]?.status === 'ok')
      await sup.stop()
      const latest = await replication.restoreAsNew(url(rep), { name: 'Latest' })
      expect(readTitles(engine.resolve(latest.id).file)).toEqual({ titles: ['from other'], integrity: 'ok' })
    } finally {
      await sup.stop()
      engine.close()
    }
  })
})

describe('take-over between two data folders', () => {
  it('the old holder sees it taken over and stops writing; exactly one writes', async () => {
    const a = temps.make()
    const b = temps.make()
    const ea = new Engine({ dataDir: a })
    const eb = new Engine({ dataDir: b })
    const ra = new Replication(ea)
    const rb = new Replication(eb)
    const pa = ea.createProfile('Shared')
    const pb = eb.createProfile('Shared')
    await ra.add(pa.id, url(rep))
    const supA = ra.supervisor([pa.id])
    supA.start()
    let supB: ReturnType<Replication['supervisor']> | null = null
    try {
      await waitFor('A synced', () => supA.states().get(pa.id)?.[0]?.status === 'ok')
      await expect(rb.add(pb.id, url(rep))).rejects.toMatchObject({ code: 'REPLICA_IN_USE' })
      await rb.add(pb.id, url(rep), { takeOver: true })
      await waitFor('A taken over', () => supA.states().get(pa.id)?.[0]?.status === 'taken-over', 5000)
      const aGenerations = fs.readdirSync(path.join(rep, 'generations'))
      const aFiles = replicaFiles(rep)
      // A keeps writing to its profile; nothing of it reaches the replica any more.
      for (let i = 0; i < 5; i++)
        await ea.writeProfile(pa.id, (db) => addTodo(db, { listId: 1, title: `a${i}`, now: new Date() }))
      supB = rb.supervisor([pb.id])
      supB.start()
      await eb.writeProfile(pb.id, (db) => addTodo(db, { listId: 1, title: 'b', now: new Date() }))
      await waitFor('B synced', () => supB!.states().get(pb.id)?.[0]?.status === 'ok')
      await sleep(1500)
      const added = replicaFiles(rep).filter((f) => !aFiles.includes(f))
      // Everything new is in generations A never wrote.
      expect(added.length).toBeGreaterThan(0)
      for (const f of added) expect(aGenerations, f).not.toContain(f.split(path.sep)[1])
      expect(await supA.stop()).not.toBeUndefined()
      expect(replicaFiles(rep).filter((f) => aGenerations.includes(f.split(path.sep)[1]!))).toEqual(aFiles)
      const once = await ra.runOnce([pa.id])
      expect(once).toEqual([
        expect.objectContaining({ status: 'taken-over', error: expect.objectContaining({ code: 'REPLICA_IN_USE' }) }),
      ])
    } finally {
      await supA.stop()
      await supB?.stop()
      ea.close()
      eb.close()
    }
  })
})
