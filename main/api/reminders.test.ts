import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { sha256File, snapshotTree } from '../../test/support/helpers'
import type { DoneTodo, DueReminder, Todo } from '../../common/contract'
import { appServices } from '../../test/support/app-service'

// The API's additions for repeating to-dos and reminders (issue 14).

const { dirs, makeService: withDialogs } = appServices({ teardown: 'close' })
const makeService = (dataDir: string, now?: () => Date) => withDialogs(dataDir, undefined, now)

describe('to-dos: repeat, repeatFrom, remindAt; setDone gives next', () => {
  it('add, update and list carry the fields; completing a repeating one returns the next', async () => {
    const { call, fails } = makeService(dirs.make())
    await call('app.start')
    const t = await call<Todo>('todos.add', {
      listId: 1,
      title: 'Rent',
      dueOn: '2999-01-31',
      repeat: 'monthly',
      remindAt: '2999-01-31T09:00Z',
    })
    expect(t).toMatchObject({
      repeat: 'RRULE:FREQ=MONTHLY;BYMONTHDAY=31',
      repeatFrom: 'due',
      remindAt: '2999-01-31T09:00:00.000Z',
    })
    const done = await call<DoneTodo>('todos.setDone', { id: t.id, done: true })
    expect(done).toMatchObject({ id: t.id, done: true, next: { dueOn: '2999-02-28', repeat: t.repeat, done: false } })
    const again = await call<DoneTodo>('todos.setDone', { id: t.id, done: true })
    expect(again.next).toBeNull()
    const page = await call<{ todos: Todo[] }>('todos.list', {
      listId: null,
      filter: 'all',
      search: 'rent',
      today: '2999-01-01',
      offset: 0,
      limit: 50,
    })
    expect(page.todos.map((x) => [x.id, x.done, x.repeat])).toEqual([
      [t.id, true, t.repeat],
      [done.next!.id, false, t.repeat],
    ])
    // Ending the series is one update.
    expect(await call<Todo>('todos.update', { id: done.next!.id, repeat: null })).toMatchObject({
      repeat: null,
      repeatFrom: null,
    })
    expect(await fails('todos.add', { listId: 1, title: 'x', repeat: 'now and then' })).toBe('INVALID_ARGUMENT')
    expect(await fails('todos.update', { id: t.id, remindAt: '31/12/2026' })).toBe('INVALID_ARGUMENT')
    // A plain to-do: next is null.
    const plain = await call<Todo>('todos.add', { listId: 1, title: 'Once' })
    expect((await call<DoneTodo>('todos.setDone', { id: plain.id, done: true })).next).toBeNull()
  })
})

describe('reminders', () => {
  it('due lists open to-dos across profiles, open or not, writing nothing; snooze writes in whichever profile', async () => {
    const dataDir = dirs.make()
    const { call, fails, engine } = makeService(dataDir)
    const state = await call<{ session: { profile: { id: string } } }>('app.start')
    const personal = state.session.profile.id
    const other = await call<{ id: string }>('profiles.create', { name: 'Other' })
    await engine.writeProfile(other.id, () => undefined) // not open in the window
    const a = await call<Todo>('todos.add', { listId: 1, title: 'Here', remindAt: '2020-01-01T00:00Z' })
    const { addTodo } = await import('../engine/queries/todos')
    const b = await engine.writeProfile(other.id, (db) =>
      addTodo(db, { listId: 1, title: 'There', remindAt: '2020-01-02T00:00Z', now: new Date() }),
    )

    const otherFile = engine.resolve(other.id).file
    const before = sha256File(otherFile)
    // Readers of a WAL file share its -shm index (read marks); the data, -wal included, stays as it was.
    const data = () => Object.entries(snapshotTree(path.join(dataDir, 'profiles'))).filter(([f]) => !f.endsWith('-shm'))
    const tree = data()
    const due = await call<DueReminder[]>('reminders.due', {})
    expect(due).toEqual([
      { profileId: personal, todoId: a.id, title: 'Here', remindAt: '2020-01-01T00:00:00.000Z' },
      { profileId: other.id, todoId: b.id, title: 'There', remindAt: '2020-01-02T00:00:00.000Z' },
    ])
    expect(await call<DueReminder[]>('reminders.due', { until: '2020-01-01T12:00Z' })).toHaveLength(1)
    expect(sha256File(otherFile)).toBe(before)
    expect(data()).toEqual(tree)

    const snoozed = await call<Todo>('reminders.snooze', {
      profileId: other.id,
      todoId: b.id,
      until: '2999-01-01T09:00Z',
    })
    expect(snoozed.remindAt).toBe('2999-01-01T09:00:00.000Z')
    await call('reminders.snooze', { profileId: personal, todoId: a.id, until: '2999-01-02T09:00Z' })
    expect(await call('reminders.due', {})).toEqual([])

    expect(await fails('reminders.snooze', { profileId: other.id, todoId: 999, until: '2999-01-01T09:00Z' })).toBe(
      'NOT_FOUND',
    )
    expect(
      await fails('reminders.snooze', { profileId: 'no-such-profile', todoId: 1, until: '2999-01-01T09:00Z' }),
    ).toBe('PROFILE_NOT_FOUND')
    const quiet = sha256File(otherFile)
    expect(await fails('reminders.snooze', { profileId: other.id, todoId: b.id, until: 'later' })).toBe(
      'INVALID_ARGUMENT',
    )
    expect(await fails('reminders.due', { until: 'soon' })).toBe('INVALID_ARGUMENT')
    expect(sha256File(otherFile)).toBe(quiet)
  })

  it('startReminders sends a reminderDue event: missed ones at start as one', async () => {
    const dataDir = dirs.make()
    const { call, service, events } = makeService(dataDir)
    await call('app.start')
    await call('todos.add', { listId: 1, title: 'One', remindAt: '2020-01-01T00:00Z' })
    await call('todos.add', { listId: 1, title: 'Two', remindAt: '2020-01-02T00:00Z' })
    const shown: unknown[] = []
    service.startReminders((n) => shown.push(n))
    const due = events
      .filter(([e]) => e === 'reminderDue')
      .map(([, p]) => p as { missed: boolean; reminders: DueReminder[] })
    expect(due).toHaveLength(1)
    expect(due[0]!.missed).toBe(true)
    expect(due[0]!.reminders.map((r) => r.title)).toEqual(['One', 'Two'])
    expect(shown).toEqual([due[0]])
  })
})

describe('a fired reminder is shown once', () => {
  it('undoing the delete of its to-do (added again: a new id, the same reminder) does not show it again', async () => {
    const { call, service, events } = makeService(dirs.make())
    await call('app.start')
    const t = await call<Todo>('todos.add', { listId: 1, title: 'Fired', notes: 'n', remindAt: '2020-01-01T09:00Z' })
    await call('todos.add', { listId: 1, title: 'Kept' }) // the last id stays taken: the one brought back gets a new one
    service.startReminders()
    const fired = () =>
      events
        .filter(([e]) => e === 'reminderDue')
        .flatMap(([, p]) => (p as { reminders: DueReminder[] }).reminders.map((r) => r.title))
    expect(fired()).toEqual(['Fired'])
    await call('todos.delete', { id: t.id })
    // What the window's undo sends (todo-copy.ts addAgain): the same content and reminder.
    const back = await call<Todo>('todos.add', { listId: 1, title: 'Fired', notes: 'n', remindAt: t.remindAt })
    expect(back.id).not.toBe(t.id)
    // One added with a past time after it, that does fire: once it has, the look that could have shown "Fired" is done.
    await call('todos.add', { listId: 1, title: 'Other', remindAt: '2020-01-02T09:00Z' })
    await expect.poll(fired, { timeout: 5_000, interval: 50 }).toContain('Other')
    expect(fired()).toEqual(['Fired', 'Other'])
  })
})

describe('reminders.locate (selecting a reminder’s to-do)', () => {
  it('gives its list and its row in list order; NOT_FOUND for a gone to-do or a profile not open, writing nothing', async () => {
    const dataDir = dirs.make()
    const { call, fails } = makeService(dataDir)
    const state = await call<{ session: { profile: { id: string } } }>('app.start')
    const personal = state.session.profile.id
    const errands = await call<{ id: number }>('lists.create', { name: 'Errands' })
    const inbox = await call<Todo>('todos.add', { listId: 1, title: 'Inbox one' })
    const added: Todo[] = []
    for (const title of ['B', 'C', 'D']) added.push(await call<Todo>('todos.add', { listId: errands.id, title }))
    await call('todos.move', { id: added[2]!.id, toIndex: 0 }) // D, B, C
    const locate = (todoId: number) => call('reminders.locate', { profileId: personal, todoId })
    expect(await locate(inbox.id)).toEqual({ listId: 1, index: 0 })
    expect(await locate(added[1]!.id)).toEqual({ listId: errands.id, index: 2 })
    expect(await locate(added[2]!.id)).toEqual({ listId: errands.id, index: 0 })
    await call('todos.delete', { id: added[0]!.id })
    expect(await locate(added[1]!.id)).toEqual({ listId: errands.id, index: 1 })

    const data = () => Object.entries(snapshotTree(dataDir)).filter(([f]) => !f.endsWith('-shm'))
    const tree = data()
    expect(await fails('reminders.locate', { profileId: personal, todoId: added[0]!.id })).toBe('NOT_FOUND')
    expect(await fails('reminders.locate', { profileId: 'another-profile', todoId: inbox.id })).toBe('NOT_FOUND')
    expect(data()).toEqual(tree)
  })
})

describe('reminders set from the window', () => {
  it('fire on time (the call tells the scheduler), not at its next 20 s look', async () => {
    const { call, service, events } = makeService(dirs.make())
    await call('app.start')
    service.startReminders()
    const at = new Date(Date.now() + 400).toISOString()
    const t = await call<Todo>('todos.add', { listId: 1, title: 'Soon', remindAt: at })
    const fired = () =>
      events.filter(([e]) => e === 'reminderDue').map(([, p]) => p as { missed: boolean; reminders: DueReminder[] })
    await expect.poll(fired, { timeout: 5_000, interval: 50 }).toHaveLength(1)
    expect(fired()[0]).toMatchObject({ missed: false, reminders: [{ todoId: t.id, title: 'Soon', remindAt: at }] })
    // Snoozed 1 s ahead from the window: it comes back then.
    const until = new Date(Date.now() + 1_000).toISOString()
    const profileId = fired()[0]!.reminders[0]!.profileId
    const snoozed = await call<Todo>('reminders.snooze', { profileId, todoId: t.id, until })
    // The window is told, so the row on screen shows the new time (the OS notification's snooze is in main).
    expect(events.filter(([e]) => e === 'reminderSnoozed')).toEqual([['reminderSnoozed', { profileId, todo: snoozed }]])
    expect(snoozed).toMatchObject({ id: t.id, remindAt: until })
    await expect.poll(fired, { timeout: 5_000, interval: 50 }).toHaveLength(2)
    expect(fired()[1]!.reminders[0]!.remindAt).toBe(until)
  })
})

describe('reminders the window writes by completing, reopening or editing a to-do', () => {
  /** `at` local time one day earlier: a repeating to-do's next occurrence (daily, due the day of `at`) reminds at `at`. */
  const dayBefore = (at: Date) =>
    new Date(
      at.getFullYear(),
      at.getMonth(),
      at.getDate() - 1,
      at.getHours(),
      at.getMinutes(),
      at.getSeconds(),
      at.getMilliseconds(),
    )
  const localDay = (at: Date) =>
    `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`

  it('fire on time, not at the scheduler’s next 20 s look: the next occurrence’s, a reopened one’s, an edited one’s', async () => {
    const { call, service, events } = makeService(dirs.make())
    await call('app.start')
    const soon = () => new Date(Date.now() + 600)
    const at = soon()
    const daily = await call<Todo>('todos.add', {
      listId: 1,
      title: 'Daily',
      dueOn: localDay(at),
      repeat: 'daily',
      remindAt: dayBefore(at).toISOString(),
    })
    const reopened = await call<Todo>('todos.add', { listId: 1, title: 'Reopened' })
    await call('todos.setDone', { id: reopened.id, done: true })
    const edited = await call<Todo>('todos.add', { listId: 1, title: 'Edited' })
    service.startReminders() // "Daily" fires at once (missed); then nothing is known within 20 s
    const fired = () =>
      events
        .filter(([e]) => e === 'reminderDue')
        .flatMap(([, p]) => (p as { reminders: DueReminder[] }).reminders.map((r) => [r.todoId, r.remindAt]))
    expect(fired()).toEqual([[daily.id, daily.remindAt]])

    // Completing it makes the next occurrence, with its own reminder at `at`.
    const { next } = await call<DoneTodo>('todos.setDone', { id: daily.id, done: true })
    expect(next!.remindAt).toBe(at.toISOString())
    await expect.poll(fired, { timeout: 5_000, interval: 50 }).toContainEqual([next!.id, next!.remindAt])

    // A done to-do's reminder, set while done, fires once it is reopened.
    const later = soon().toISOString()
    await call('todos.update', { id: reopened.id, remindAt: later })
    await call('todos.setDone', { id: reopened.id, done: false })
    await expect.poll(fired, { timeout: 5_000, interval: 50 }).toContainEqual([reopened.id, later])

    const last = soon().toISOString()
    await call('todos.update', { id: edited.id, remindAt: last })
    await expect.poll(fired, { timeout: 5_000, interval: 50 }).toContainEqual([edited.id, last])
    expect(fired()).toEqual([
      [daily.id, daily.remindAt],
      [next!.id, next!.remindAt],
      [reopened.id, later],
      [edited.id, last],
    ])
  })
})
