// Another program (not Ownlist) holds a write transaction on a profile's file: every write says
// PROFILE_IN_USE within the busy timeout and changes nothing; listing, resolving and reading go on.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createDispatch } from '../api/dispatch'
import { AppService } from '../api/service'
import { SettingsStore } from '../api/settings'
import { Engine } from './engine'
import {
  cliJson,
  profileWithTodos,
  REPO_ROOT,
  snapshotTree,
  SupportChild,
  TempDirs,
  withDb,
} from '../../test/support/helpers'

const temps = new TempDirs()
const engines: Engine[] = []
const children: SupportChild[] = []
const services: AppService[] = []
afterEach(async () => {
  for (const c of children.splice(0)) await c.kill9()
  for (const s of services.splice(0)) s.close()
  for (const e of engines.splice(0)) e.close()
  temps.cleanup()
})

const IN_USE = {
  code: 'PROFILE_IN_USE',
  message: expect.stringMatching(/open in another program.*Nothing was changed/),
}
/** The busy timeout of a writing connection is 5 s; a refusal must come within it (plus start-up slack). */
const WITHIN_MS = 9_000

type Mode = 'wal' | 'rollback'

/**
 * Every byte of the data folder except -shm files (where any reader may set its read marks) and
 * Ownlist's own empty lock files (made by the first attempt to open a profile).
 */
function bytesOf(dataDir: string) {
  return Object.fromEntries(
    Object.entries(snapshotTree(dataDir)).filter(([f]) => !f.endsWith('-shm') && !f.startsWith('locks/')),
  )
}

async function hold(file: string, mode: Mode): Promise<SupportChild> {
  const child = new SupportChild('hold-transaction.ts', [file])
  children.push(child)
  expect(await child.nextLine()).toBe(`ready ${mode === 'wal' ? 'wal' : 'delete'}`)
  return child
}

/** A profile with four to-dos, its file in `mode`, and a backup of it outside the data folder. */
async function profileIn(mode: Mode) {
  const root = temps.make()
  const dataDir = path.join(root, 'data')
  const engine = new Engine({ dataDir })
  engines.push(engine)
  const p = await profileWithTodos(engine, 'Held', { n: 4 })
  const backup = path.join(root, 'backup.sqlite')
  await engine.backups.backupTo(p.id, backup)
  // A rollback journal: a profile made and never opened since, or one another program switched.
  if (mode === 'rollback') withDb(p.file, (db) => db.pragma('journal_mode = DELETE'))
  return { dataDir, engine, p, backup }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now()
  const value = await fn()
  return { value, ms: performance.now() - t0 }
}

async function refusal(fn: () => Promise<unknown>) {
  const { value, ms } = await timed(async () => {
    try {
      await fn()
    } catch (e) {
      return e as { code?: string; message?: string }
    }
    throw new Error('expected a refusal')
  })
  expect(ms).toBeLessThan(WITHIN_MS)
  return { code: value.code, message: value.message }
}

describe.each<Mode>(['wal', 'rollback'])('a profile another program holds (%s mode)', (mode) => {
  it('is still listed, resolved by name and read, at once', async () => {
    const { dataDir, engine, p } = await profileIn(mode)
    await hold(p.file, mode)
    const before = bytesOf(dataDir)

    const listed = await timed(async () => engine.listProfiles())
    expect(listed.value).toMatchObject({ profiles: [{ id: p.id, name: 'Held' }], ignored: [] })
    expect(listed.ms).toBeLessThan(1500)
    expect(engine.resolve('Held').id).toBe(p.id)
    expect(await engine.readProfile('Held', (db) => db.prepare('SELECT count(*) FROM todos').pluck().get())).toBe(4)
    const cli = await cliJson(dataDir, 'todos', 'list', 'Held')
    expect([cli.exitCode, cli.body.todos?.length]).toEqual([0, 4])
    const names = await cliJson(dataDir, 'profiles', 'list')
    expect(names.body.profiles.map((x: { name: string }) => x.name)).toEqual(['Held'])
    expect(bytesOf(dataDir)).toEqual(before)
  })

  it(
    'refuses every write with PROFILE_IN_USE within the busy timeout, and changes nothing',
    { timeout: 90_000 },
    async () => {
      const { dataDir, engine, p, backup } = await profileIn(mode)
      const child = await hold(p.file, mode)
      const before = bytesOf(dataDir)
      const backupBytes = fs.readFileSync(backup)

      const add = await cliJson(dataDir, 'todos', 'add', 'Held', 'Written while held')
      expect(add).toEqual({ exitCode: 1, body: { error: IN_USE } })
      expect(await refusal(() => engine.writeProfile('Held', (db) => db.prepare('DELETE FROM todos').run()))).toEqual(
        IN_USE,
      )
      expect(await refusal(() => engine.renameProfile('Held', 'Renamed'))).toEqual(IN_USE)
      expect(await refusal(() => engine.backups.restore('Held', backup))).toEqual(IN_USE)
      expect(await refusal(() => engine.backups.repair('Held'))).toEqual(IN_USE)
      const restore = await cliJson(dataDir, 'restore', 'Held', backup)
      expect(restore).toEqual({ exitCode: 1, body: { error: IN_USE } })

      expect(bytesOf(dataDir)).toEqual(before)
      expect(fs.existsSync(engine.layout.backupsDir(p.id))).toBe(false)
      expect(fs.readFileSync(backup).equals(backupBytes)).toBe(true)

      // The same write goes through once that program is gone: the refusals were about it alone.
      await child.kill9()
      const later = await cliJson(dataDir, 'todos', 'add', 'Held', 'Written after')
      expect(later.exitCode).toBe(0)
    },
  )

  it(
    'refuses to migrate an older profile it holds (PROFILE_IN_USE, no snapshot), and changes nothing',
    { timeout: 60_000 },
    async () => {
      const dataDir = temps.make()
      const engine = new Engine({ dataDir })
      engines.push(engine)
      fs.mkdirSync(engine.layout.profilesDir, { recursive: true })
      const id = crypto.randomUUID()
      const file = path.join(engine.layout.profilesDir, `${id}.sqlite`)
      fs.copyFileSync(path.join(REPO_ROOT, 'migrations', 'fixtures', 'v1.sqlite'), file)
      withDb(file, (db) => db.pragma(`journal_mode = ${mode === 'wal' ? 'WAL' : 'DELETE'}`))
      await hold(file, mode)
      const before = bytesOf(dataDir)

      expect(engine.listProfiles().profiles.map((x) => [x.id, x.schemaVersion])).toEqual([[id, 1]])
      const r = await timed(() => cliJson(dataDir, 'migrate', '--all'))
      expect(r.ms).toBeLessThan(WITHIN_MS)
      expect(r.value).toEqual({
        exitCode: expect.any(Number),
        body: { results: [expect.objectContaining({ id, status: 'in-use', error: IN_USE })] },
      })
      expect(await refusal(() => engine.openProfile(id))).toEqual(IN_USE)
      expect(bytesOf(dataDir)).toEqual(before)
      expect(fs.existsSync(engine.layout.backupsDir(id))).toBe(false)
    },
  )
})

describe('the app, while another program takes hold of its open profile', () => {
  it('answers a write with PROFILE_IN_USE and goes on showing the to-dos', { timeout: 60_000 }, async () => {
    const dataDir = temps.make()
    const engine = new Engine({ dataDir })
    const service = new AppService({
      engine,
      settings: new SettingsStore(path.join(dataDir, 'settings.json')),
      emit: () => {},
    })
    services.push(service)
    const dispatch = createDispatch(service.handlers)
    const state = (await dispatch('app.start', undefined)) as {
      ok: true
      value: { session: { profile: { id: string } } }
    }
    const id = state.value.session.profile.id
    expect(await dispatch('todos.add', { listId: 1, title: 'Before' })).toMatchObject({ ok: true })
    const file = path.join(engine.layout.profilesDir, `${id}.sqlite`)
    await hold(file, 'wal')
    const before = bytesOf(dataDir)

    const t0 = performance.now()
    expect(await dispatch('todos.add', { listId: 1, title: 'While held' })).toEqual({ ok: false, error: IN_USE })
    expect(performance.now() - t0).toBeLessThan(WITHIN_MS)
    const page = { listId: null, filter: 'all', search: '', today: '2026-11-26', offset: 0, limit: 100 }
    expect(await dispatch('todos.list', page)).toMatchObject({ ok: true, value: { todos: [{ title: 'Before' }] } })
    expect(bytesOf(dataDir)).toEqual(before)
  })
})
