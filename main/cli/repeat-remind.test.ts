import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { snapshotTree, TempDirs } from '../../test/support/helpers'
import { runCli } from './main'

// The CLI's additions for repeating to-dos and reminders (issue 14).

const temps = new TempDirs()
let dataDir: string
beforeEach(() => {
  dataDir = temps.make()
})
afterEach(() => temps.cleanup())

async function cli(...args: string[]) {
  const r = await runCli(['--data-dir', dataDir, '--json', ...args], {})

  return { exitCode: r.exitCode, body: JSON.parse(r.stdout) as any }
}

async function ok(...args: string[]): Promise<any> {
  const r = await cli(...args)
  expect(r.exitCode, JSON.stringify(r.body)).toBe(0)
  return r.body
}
/** The exact error, exit code, and not a byte changed in the data folder. */
async function refused(exitCode: number, code: string, ...args: string[]) {
  const before = snapshotTree(dataDir)
  const r = await cli(...args)
  expect(r.exitCode, args.join(' ')).toBe(exitCode)
  expect(r.body).toEqual({ error: { code, message: expect.any(String) } })
  expect(snapshotTree(dataDir)).toEqual(before)
}

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

describe('todos add --repeat / --repeat-from / --remind', () => {
  beforeEach(async () => {
    await ok('profiles', 'create', 'P')
  })

  it.each([
    ['daily', [], 'RRULE:FREQ=DAILY'],
    ['weekdays', [], 'RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'],
    ['weekly', [], 'RRULE:FREQ=WEEKLY;BYDAY=FR'],
    ['monthly', [], 'RRULE:FREQ=MONTHLY;BYMONTHDAY=31'],
    ['yearly', [], 'RRULE:FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=31'],
    ['every 3 days', [], 'RRULE:FREQ=DAILY;INTERVAL=3'],
    ['every 2 weeks', ['--repeat-from', 'done'], 'RRULE:FREQ=WEEKLY;INTERVAL=2'],
    ['every 6 months', [], 'RRULE:FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=31'],
    ['RRULE:FREQ=MONTHLY;BYDAY=-1FR', [], 'RRULE:FREQ=MONTHLY;BYDAY=-1FR'],
  ])('--repeat %j → "repeat" is the stored RRULE', async (rule, extra, stored) => {
    const t = await ok('todos', 'add', 'P', 'Repeats', '--due', '2026-07-31', '--repeat', rule, ...extra)
    expect(Object.keys(t).sort()).toEqual(['done', 'dueOn', 'id', 'listId', 'remindAt', 'repeat', 'title'])
    expect(t).toMatchObject({ repeat: stored, remindAt: null, dueOn: '2026-07-31' })
    expect((await ok('todos', 'list', 'P')).todos[0]).toMatchObject({ repeat: stored, remindAt: null })
  })

  it('--remind: with Z or an offset that moment, without one local time; remindAt in UTC', async () => {
    expect((await ok('todos', 'add', 'P', 'A', '--remind', '2026-05-01T09:00Z')).remindAt).toBe(
      '2026-05-01T09:00:00.000Z',
    )
    expect((await ok('todos', 'add', 'P', 'B', '--remind', '2026-05-01T09:00+02:00')).remindAt).toBe(
      '2026-05-01T07:00:00.000Z',
    )
    const local = await ok('todos', 'add', 'P', 'C', '--remind', '2026-05-01T09:00')
    expect(local.remindAt).toMatch(ISO_Z)
    expect(local.remindAt).toBe(new Date(2026, 4, 1, 9, 0).toISOString())
    expect((await ok('todos', 'list', 'P')).todos.map((t: { remindAt: string }) => t.remindAt)).toEqual([
      '2026-05-01T09:00:00.000Z',
      '2026-05-01T07:00:00.000Z',
      local.remindAt,
    ])
  })

  it('a rule, a repeat-from or a reminder that cannot be read → INVALID_ARGUMENT, nothing written', async () => {
    for (const rule of [
      'sometimes',
      'every 0 days',
      'every 2 fortnights',
      'RRULE:FREQ=HOURLY',
      'RRULE:FREQ=DAILY;COUNT=2',
      'RRULE:',
      'FREQ=DAILY',
      '',
    ]) {
      if (rule === '') continue
      await refused(1, 'INVALID_ARGUMENT', 'todos', 'add', 'P', 'x', '--repeat', rule)
    }
    await refused(1, 'INVALID_ARGUMENT', 'todos', 'add', 'P', 'x', '--repeat', 'daily', '--repeat-from', 'whenever')
    for (const when of ['tomorrow', '2026-02-30T09:00', '2026-05-01', '2026-05-01T25:00', '2026-05-01T09:00+2']) {
      await refused(1, 'INVALID_ARGUMENT', 'todos', 'add', 'P', 'x', '--remind', when)
    }
    await refused(2, 'INVALID_ARGUMENT', 'todos', 'add', 'P', 'x', '--repeat-from', 'done')
    expect((await ok('todos', 'list', 'P')).todos).toEqual([])
  })
})

describe('todos done on a repeating to-do', () => {
  // Due in the future: completing before the due date keeps the schedule (completing late skips past dates).
  it('→ {id, done:true, next:{id, dueOn}}; again → next null, no second occurrence', async () => {
    await ok('profiles', 'create', 'P')
    await ok('todos', 'add', 'P', 'Rent', '--due', '2999-01-31', '--repeat', 'monthly', '--remind', '2999-01-31T09:00Z')
    const done = await ok('todos', 'done', 'P', '1')
    expect(Object.keys(done).sort()).toEqual(['done', 'id', 'next'])
    expect(done).toEqual({ id: 1, done: true, next: { id: 2, dueOn: '2999-02-28' } })
    expect(await ok('todos', 'done', 'P', '1')).toEqual({ id: 1, done: true, next: null })
    const todos = (await ok('todos', 'list', 'P')).todos
    expect(todos.map((t: { id: number; done: boolean; dueOn: string }) => [t.id, t.done, t.dueOn])).toEqual([
      [1, true, '2999-01-31'],
      [2, false, '2999-02-28'],
    ])
    expect(todos[1]).toMatchObject({ repeat: 'RRULE:FREQ=MONTHLY;BYMONTHDAY=31' })
    expect(todos[1].remindAt).toMatch(/^2999-02-2[78]T/)
  })
})

describe('reminders due', () => {
  it('→ {reminders:[{profileId,todoId,title,remindAt}]} across profiles, open to-dos only, up to --until; writes nothing', async () => {
    const a = await ok('profiles', 'create', 'A')
    const b = await ok('profiles', 'create', 'B')
    await ok('todos', 'add', 'A', 'Past', '--remind', '2020-01-01T09:00Z')
    await ok('todos', 'add', 'A', 'Later', '--remind', '2999-01-01T09:00Z')
    await ok('todos', 'add', 'A', 'Done already', '--remind', '2020-01-01T08:00Z')
    await ok('todos', 'done', 'A', '3')
    await ok('todos', 'add', 'B', 'No reminder')
    await ok('todos', 'add', 'B', 'Earlier', '--remind', '2019-06-01T00:00Z')

    const before = snapshotTree(dataDir)
    const now = await ok('reminders', 'due')
    expect(Object.keys(now)).toEqual(['reminders'])
    expect(now.reminders).toEqual([
      { profileId: b.id, todoId: 2, title: 'Earlier', remindAt: '2019-06-01T00:00:00.000Z' },
      { profileId: a.id, todoId: 1, title: 'Past', remindAt: '2020-01-01T09:00:00.000Z' },
    ])
    expect(
      (await ok('reminders', 'due', '--until', '2019-12-31T00:00Z')).reminders.map((r: { title: string }) => r.title),
    ).toEqual(['Earlier'])
    expect(
      (await ok('reminders', 'due', '--until', '3000-01-01T00:00Z')).reminders.map((r: { title: string }) => r.title),
    ).toEqual(['Earlier', 'Past', 'Later'])
    expect(snapshotTree(dataDir)).toEqual(before)

    await refused(1, 'INVALID_ARGUMENT', 'reminders', 'due', '--until', 'soon')
    await refused(2, 'INVALID_ARGUMENT', 'reminders', 'due', 'A')
  })

  it('with no profiles → {reminders:[]}', async () => {
    expect(await ok('reminders', 'due')).toEqual({ reminders: [] })
  })
})
