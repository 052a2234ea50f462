import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { Engine } from '../engine/engine'
import { snapshotTree, TempDirs } from '../../test/support/helpers'
import type { CallInput, CallName } from '../../common/contract'
import { createDispatch, type Dispatch } from './dispatch'
import { badInput, rng } from '../../test/fuzz/schema-mutations'
import { INPUT_SCHEMAS } from './schemas'
import { AppService } from './service'
import { SettingsStore } from './settings'

/** One valid input per call: the base the bad inputs are mutated from. */
const VALID: { [K in CallName]: CallInput<K> } = {
  'app.start': undefined,
  'app.state': undefined,
  'app.quit': undefined,
  'profiles.list': undefined,
  'profiles.create': { name: 'Work' },
  'profiles.rename': { id: 'x', name: 'Home' },
  'profiles.delete': { id: 'x' },
  'profiles.open': { id: 'x' },
  'lists.list': undefined,
  'lists.create': { name: 'Errands' },
  'lists.rename': { id: 1, name: 'Errands' },
  'lists.delete': { id: 1 },
  'lists.bringBack': { undoToken: 'x' },
  'lists.move': { id: 1, toIndex: 0 },
  'todos.list': { listId: 1, filter: 'all', search: '', today: '2026-11-26', offset: 0, limit: 50 },
  'todos.add': { listId: 1, title: 'Milk', notes: '', dueOn: null },
  'todos.update': { id: 1, title: 'Milk' },
  'todos.setDone': { id: 1, done: true },
  'todos.delete': { id: 1 },
  'todos.move': { id: 1, toIndex: 0 },
  'backups.list': undefined,
  'backups.backupNow': undefined,
  'backups.exportToFile': undefined,
  'backups.restore': { name: 'auto-2026-11-26T10-00-00.000Z.sqlite' },
  'backups.restoreFromFile': undefined,
  'backups.importFile': undefined,
  'backups.folder': undefined,
  'backups.setFolder': { folder: null },
  'backups.chooseFolder': undefined,
  'health.check': undefined,
  'health.repair': undefined,
  'health.figures': undefined,
  'health.showInFolder': undefined,
  'report.overview': undefined,
  'reminders.due': { until: '2026-11-26T10:00Z' },
  'reminders.snooze': { profileId: 'x', todoId: 1, until: '2026-11-26T10:10Z' },
  'reminders.locate': { profileId: 'x', todoId: 1 },
  'replication.list': undefined,
  'replication.add': { url: 'file:///tmp/x', encrypt: false, takeOver: false },
  'replication.addFolder': undefined,
  'replication.remove': { url: 'file:///tmp/x' },
  'replication.restore': { url: 'file:///tmp/x', at: '2026-11-26T10:00Z', asNew: true },
}

const PER_CALL = 1000
const dirs = new TempDirs()
let dataDir: string
let service: AppService
let dispatch: Dispatch
const logged: unknown[] = []

beforeAll(async () => {
  dataDir = dirs.make()
  const engine = new Engine({ dataDir })
  service = new AppService({ engine, settings: new SettingsStore(path.join(dataDir, 'settings.json')), emit: () => {} })
  dispatch = createDispatch(service.handlers, (e) => logged.push(e))
  expect((await dispatch('app.start', undefined)).ok).toBe(true)
  expect((await dispatch('todos.add', VALID['todos.add'])).ok).toBe(true)
})

it('todos.list takes the upcoming filter (every list, the 7 days after today) and refuses a paging cursor with it', async () => {
  const upcoming = { ...VALID['todos.list'], listId: null, filter: 'upcoming' }
  expect(await dispatch('todos.list', upcoming)).toMatchObject({ ok: true })
  const before = snapshotTree(dataDir)
  const paged = await dispatch('todos.list', { ...upcoming, after: { listId: 1, position: 0, id: 1 } })
  expect(paged).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  expect(snapshotTree(dataDir)).toEqual(before)
})

afterAll(() => {
  service.close()
  dirs.cleanup()
})

describe('every call refuses malformed input with INVALID_ARGUMENT', () => {
  for (const name of Object.keys(VALID) as CallName[]) {
    it(`${name}: ${PER_CALL} generated bad inputs`, async () => {
      const before = snapshotTree(dataDir)
      const r = rng(name.length * 7919 + name.charCodeAt(0))
      const schema = INPUT_SCHEMAS[name] as z.ZodType
      for (let i = 0; i < PER_CALL; i++) {
        const input = badInput(r, schema, VALID[name])
        const result = await dispatch(name, input)
        if (result.ok || result.error.code !== 'INVALID_ARGUMENT') {
          throw new Error(
            `accepted or misreported bad input #${i}: ${String(JSON.stringify(input))?.slice(0, 200)} -> ${JSON.stringify(result).slice(0, 200)}`,
          )
        }
        expect(result.error.message).not.toMatch(/\/tmp|\\|at .*\(/)
      }
      expect(snapshotTree(dataDir)).toEqual(before)
      expect(logged).toEqual([])
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    })
  }
})

describe('the kinds of bad input named in the issue, independent of the schemas', () => {
  const cases: [CallName, unknown][] = [
    ['todos.add', { listId: 1 }], // missing field
    ['todos.add', { listId: '1', title: 'x' }], // wrong type
    ['todos.add', { listId: 1, title: 'x', userId: 7 }], // extra field
    ['todos.add', { listId: Number.NaN, title: 'x' }], // NaN
    ['todos.add', { listId: 1, title: 'x'.repeat(200_000) }], // huge string
    ['todos.add', { listId: 1, title: { nested: ['junk'] } }], // nested junk
    ['todos.list', { listId: 1, filter: 'everything', search: '', today: '2026-01-01', offset: 0, limit: 10 }],
    ['todos.list', { listId: 1, filter: 'all', search: '', today: '2026-01-01', offset: -1, limit: 10 }],
    ['todos.list', { listId: 1, filter: 'all', search: '', today: '2026-01-01', offset: 0, limit: 1_000_000 }],
    // Keyset cursors (issue 12): malformed, or with a search (ranked, not in list order), or both ways at once.
    ['todos.list', { ...VALID['todos.list'], after: { listId: 1, position: '0', id: 1 } }],
    ['todos.list', { ...VALID['todos.list'], before: { listId: 1, position: 0 } }],
    ['todos.list', { ...VALID['todos.list'], after: { listId: 1, position: 0, id: 1, rank: 2 } }],
    ['todos.list', { ...VALID['todos.list'], after: { listId: 1, position: Number.NaN, id: 1 } }],
    ['todos.list', { ...VALID['todos.list'], counts: 'no' }],
    ['todos.list', { ...VALID['todos.list'], search: 'milk', after: { listId: 1, position: 0, id: 1 } }],
    [
      'todos.list',
      { ...VALID['todos.list'], after: { listId: 1, position: 0, id: 1 }, before: { listId: 1, position: 9, id: 9 } },
    ],
    ['profiles.create', 'Work'],
    ['profiles.create', { name: 'x'.repeat(5000) }],
    ['profiles.open', { id: '' }],
    ['app.start', { please: true }],
    ['lists.move', { id: 1, toIndex: Number.POSITIVE_INFINITY }],
    ['todos.setDone', { id: 1, done: 'yes' }],
    ['todos.add', { listId: 1, title: 'x', repeat: 42 }],
    ['todos.add', { listId: 1, title: 'x', repeat: 'daily', repeatFrom: 'whenever' }],
    ['todos.add', { listId: 1, title: 'x', remindAt: 'x'.repeat(100) }],
    ['todos.update', { id: 1, repeat: 'x'.repeat(2000) }],
    ['reminders.due', { until: 5 }],
    ['reminders.due', { until: '2026-01-01T00:00Z', extra: 1 }],
    ['reminders.snooze', { profileId: 'x', todoId: 0, until: '2026-01-01T00:00Z' }],
    ['reminders.snooze', { profileId: 'x', todoId: 1 }],
    ['reminders.locate', { profileId: 'x', todoId: -1 }],
    ['reminders.locate', { todoId: 1 }],
  ]
  it.each(cases)('%s, case %#', async (name, input) => {
    const before = snapshotTree(dataDir)
    expect(await dispatch(name, input)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(snapshotTree(dataDir)).toEqual(before)
  })
})

describe('routing', () => {
  it('refuses unknown call names and names that are not strings', async () => {
    for (const name of [
      'nope',
      'profiles.drop',
      '__proto__',
      'constructor',
      'toString',
      42,
      null,
      undefined,
      {},
      ['app.start'],
    ]) {
      expect(await dispatch(name, undefined)).toEqual({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: 'Unknown call.' },
      })
    }
  })

  it('passes valid input to the engine, whose own rules answer with their codes', async () => {
    const empty = await dispatch('profiles.create', { name: '   ' })
    expect(empty).toMatchObject({ ok: false, error: { code: 'INVALID_NAME' } })
    const dup = await dispatch('profiles.create', { name: 'personal' })
    expect(dup).toMatchObject({ ok: false, error: { code: 'NAME_TAKEN' } })
    const date = await dispatch('todos.add', { listId: 1, title: 'x', dueOn: '2026-02-30' })
    expect(date).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    const missing = await dispatch('todos.delete', { id: 999 })
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('refuses a list name taken in the profile, ignoring case, with NAME_TAKEN, and changes nothing on disk', async () => {
    const other = await dispatch('lists.create', { name: 'Names test' })
    if (!other.ok) throw new Error('could not create a list')
    const id = (other.value as { id: number }).id
    const before = snapshotTree(dataDir)
    expect(await dispatch('lists.create', { name: 'inbox' })).toMatchObject({
      ok: false,
      error: { code: 'NAME_TAKEN' },
    })
    expect(await dispatch('lists.create', { name: ' NAMES TEST ' })).toMatchObject({
      ok: false,
      error: { code: 'NAME_TAKEN' },
    })
    expect(await dispatch('lists.rename', { id, name: 'INBOX' })).toMatchObject({
      ok: false,
      error: { code: 'NAME_TAKEN' },
    })
    expect(snapshotTree(dataDir)).toEqual(before)
    expect((await dispatch('lists.delete', { id })).ok).toBe(true)
  })

  it('lists.delete says how many to-dos went and gives a token; lists.bringBack puts list and to-dos back, once', async () => {
    const made = await dispatch('lists.create', { name: 'Undo test' })
    if (!made.ok) throw new Error('could not create a list')
    const listId = (made.value as { id: number }).id
    expect((await dispatch('todos.add', { listId, title: 'Pack' })).ok).toBe(true)
    expect((await dispatch('todos.add', { listId, title: 'Go' })).ok).toBe(true)
    const gone = await dispatch('lists.delete', { id: listId })
    if (!gone.ok) throw new Error('could not delete')
    const { todoCount, undoToken } = gone.value as { todoCount: number; undoToken: string }
    expect(todoCount).toBe(2)
    const before = snapshotTree(dataDir)
    for (const bad of [
      {},
      { undoToken: '' },
      { undoToken: 'x'.repeat(101) },
      { undoToken: 7 },
      { undoToken, extra: 1 },
      undoToken,
    ]) {
      expect(await dispatch('lists.bringBack', bad)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    }
    expect(await dispatch('lists.bringBack', { undoToken: 'no-such-token' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(snapshotTree(dataDir)).toEqual(before)
    expect(await dispatch('lists.bringBack', { undoToken })).toMatchObject({
      ok: true,
      value: { id: listId, name: 'Undo test', openCount: 2 },
    })
    expect(await dispatch('lists.bringBack', { undoToken })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect((await dispatch('lists.delete', { id: listId })).ok).toBe(true)
  })

  it('todos.list counts the total and the filter counts unless told not to (the first page and pages read while scrolling)', async () => {
    const full = await dispatch('todos.list', VALID['todos.list'])
    expect(full).toMatchObject({ ok: true, value: { total: 1, counts: { total: 1 } } })
    const rows = await dispatch('todos.list', { ...VALID['todos.list'], total: false, counts: false })
    expect(rows).toEqual({
      ok: true,
      value: { todos: (full as { value: { todos: unknown } }).value.todos, total: null, counts: null },
    })
  })

  it('turns an unexpected exception into INTERNAL without its stack, and logs it', async () => {
    const seen: unknown[] = []
    const handlers = {
      ...service.handlers,
      'app.state': () => {
        throw new Error('boom at /secret/path')
      },
    }
    const result = await createDispatch(handlers, (e) => seen.push(e))('app.state', undefined)
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside Ownlist.' } })
    expect(seen).toHaveLength(1)
  })
})
