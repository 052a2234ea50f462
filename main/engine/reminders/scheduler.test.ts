import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Engine } from '../engine'
import { setDoneRepeating } from '../queries/recurrence'
import { snoozeReminder } from '../queries/reminders'
import { addTodo, deleteTodo } from '../queries/todos'
import { sha256File, TempDirs } from '../../../test/support/helpers'
import { remindersDue } from './due'
import { ReminderScheduler, snoozeUntil, type ReminderNotice } from './scheduler'
import { fileShownState } from './shown'

const temps = new TempDirs()
let engine: Engine
let clock: Date
let timers: { fn: () => void; at: number }[]
let notices: ReminderNotice[]

beforeEach(() => {
  clock = new Date('2026-06-01T08:00:00.000Z')
  engine = new Engine({ dataDir: temps.make(), now: () => clock })
  timers = []
  notices = []
})
afterEach(() => {
  engine.close()
  temps.cleanup()
})

const EVERY = 20_000
function scheduler(): ReminderScheduler {
  return new ReminderScheduler({
    due: (until) => remindersDue(engine, until),
    shown: fileShownState(path.join(engine.layout.root, 'reminders-shown.json')),
    notify: (n) => notices.push(n),
    now: () => clock,
    everyMs: EVERY,
    setTimer: (fn, ms) => {
      const t = { fn, at: clock.getTime() + ms }
      timers.push(t)
      return t
    },
    clearTimer: (t) => void (timers = timers.filter((x) => x !== t)),
  })
}
/** Moves the fake clock on, running each timer as its time comes. */
function advance(ms: number): void {
  const end = clock.getTime() + ms
  for (;;) {
    const next = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0]
    if (!next) break
    timers = timers.filter((t) => t !== next)
    clock = new Date(next.at)
    next.fn()
  }
  clock = new Date(end)
}
const minutes = (n: number) => n * 60_000
const iso = (d: Date, plusMs = 0) => new Date(d.getTime() + plusMs).toISOString()

async function profileWith(name: string, todos: { title: string; remindAt: string }[]) {
  const p = engine.createProfile(name)
  const ids = await engine.writeProfile(p.id, (db) =>
    todos.map((t) => addTodo(db, { listId: 1, title: t.title, remindAt: t.remindAt, now: clock }).id),
  )
  return { id: p.id, file: p.file, ids }
}
const titles = (n: ReminderNotice) => n.reminders.map((r) => r.title)

describe('ReminderScheduler (fake clock)', () => {
  it('fires a reminder once, when it comes due, and never again', async () => {
    await profileWith('A', [{ title: 'Call back', remindAt: iso(clock, minutes(5)) }])
    const s = scheduler()
    s.start()
    expect(notices).toEqual([])
    advance(minutes(4))
    expect(notices).toEqual([])
    advance(minutes(2))
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatchObject({
      missed: false,
      reminders: [{ title: 'Call back', remindAt: iso(new Date('2026-06-01T08:05:00Z')) }],
    })
    advance(minutes(30))
    expect(notices).toHaveLength(1)
    s.stop()
    // A restart does not show it again: the shown-state is kept in the data folder.
    const again = scheduler()
    again.start()
    advance(minutes(5))
    again.stop()
    expect(notices).toHaveLength(1)
  })

  it('fires on time, not at the next look, and looks early when told of a reminder set between looks', async () => {
    const a = await profileWith('A', [{ title: 'Soon', remindAt: iso(clock, 5_000) }])
    const s = scheduler()
    s.start()
    advance(4_999)
    expect(notices).toEqual([])
    advance(1)
    expect(notices.map(titles)).toEqual([['Soon']])
    // Set 3 s ahead between two looks: without being told it would wait for the next look (~15 s on).
    const later = iso(clock, 3_000)
    await engine.writeProfile(a.id, (db) => addTodo(db, { listId: 1, title: 'Later', remindAt: later, now: clock }))
    advance(3_000)
    expect(notices).toHaveLength(1)
    const pastLater = iso(clock, 3_000)
    await engine.writeProfile(a.id, (db) => addTodo(db, { listId: 1, title: 'Told', remindAt: pastLater, now: clock }))
    s.expect(new Date(pastLater))
    // A later one, or the same time again, keeps the earlier look: one timer at a time.
    s.expect(new Date(iso(clock, 10_000)))
    s.expect(new Date(pastLater))
    expect(timers).toHaveLength(1)
    advance(2_999)
    expect(notices).toHaveLength(1)
    advance(1)
    // The look also finds the one set without telling (its time has passed: it comes now).
    expect(notices.map(titles)).toEqual([['Soon'], ['Later'], ['Told']])
    s.stop()
    expect(timers).toHaveLength(0)
  })

  it('collapses reminders missed while the app was closed into one notice at start, across profiles', async () => {
    const a = await profileWith('A', [
      { title: 'Old 1', remindAt: iso(clock, -minutes(600)) },
      { title: 'Old 2', remindAt: iso(clock, -minutes(60)) },
    ])
    const b = await profileWith('B', [{ title: 'Old 3', remindAt: iso(clock, -minutes(1)) }])
    const hashes = [sha256File(a.file), sha256File(b.file)]
    const s = scheduler()
    s.start()
    expect(notices).toHaveLength(1)
    expect(notices[0]!.missed).toBe(true)
    expect(titles(notices[0]!)).toEqual(['Old 1', 'Old 2', 'Old 3'])
    advance(minutes(10))
    s.stop()
    expect(notices).toHaveLength(1)
    // Checking reminders wrote nothing to any profile.
    expect([sha256File(a.file), sha256File(b.file)]).toEqual(hashes)
  })

  it('a snoozed reminder fires again at its new time', async () => {
    const a = await profileWith('A', [{ title: 'Stand up', remindAt: iso(clock, minutes(1)) }])
    const s = scheduler()
    s.start()
    advance(minutes(2))
    expect(notices).toHaveLength(1)
    const until = snoozeUntil('10m', clock)
    await engine.writeProfile(a.id, (db) =>
      snoozeReminder(db, { id: a.ids[0]!, until: until.toISOString(), now: clock }),
    )
    advance(minutes(9))
    expect(notices).toHaveLength(1)
    advance(minutes(2))
    s.stop()
    expect(notices).toHaveLength(2)
    expect(notices[1]).toMatchObject({
      missed: false,
      reminders: [{ title: 'Stand up', remindAt: until.toISOString() }],
    })
  })

  it('never fires for a deleted or a done to-do', async () => {
    const a = await profileWith('A', [
      { title: 'Deleted', remindAt: iso(clock, minutes(5)) },
      { title: 'Done', remindAt: iso(clock, minutes(5)) },
      { title: 'Kept', remindAt: iso(clock, minutes(5)) },
    ])
    const s = scheduler()
    s.start()
    await engine.writeProfile(a.id, (db) => {
      deleteTodo(db, { id: a.ids[0]! })
      setDoneRepeating(db, { id: a.ids[1]!, done: true, now: clock })
    })
    advance(minutes(10))
    s.stop()
    expect(notices.map(titles)).toEqual([['Kept']])
  })

  it('a fired reminder of a deleted to-do brought back (a new id) is not shown again; one still to come is', async () => {
    const a = await profileWith('A', [
      { title: 'Fired', remindAt: iso(clock, minutes(1)) },
      { title: 'Later', remindAt: iso(clock, minutes(30)) },
      { title: 'Kept', remindAt: iso(clock, minutes(600)) }, // the last id stays taken: those brought back get new ones
    ])
    const s = scheduler()
    s.start()
    advance(minutes(2))
    expect(notices.map(titles)).toEqual([['Fired']])
    const deleted = (id: number, title: string, remindAt: string) => {
      s.deleted({ profileId: a.id, todoId: id, title, remindAt })
      return engine.writeProfile(a.id, (db) => deleteTodo(db, { id }))
    }
    const addedAgain = async (title: string, remindAt: string) => {
      const t = await engine.writeProfile(a.id, (db) => addTodo(db, { listId: 1, title, remindAt, now: clock }))
      s.added({ profileId: a.id, todoId: t.id, title, remindAt: t.remindAt! })
      s.expect(new Date(t.remindAt!))
      return t
    }
    await deleted(a.ids[0]!, 'Fired', iso(new Date('2026-06-01T08:01:00Z')))
    await deleted(a.ids[1]!, 'Later', iso(new Date('2026-06-01T08:30:00Z')))
    // A look between the delete and its undo forgets the deleted one's key: the undo must not depend on it.
    advance(EVERY)
    const back = await addedAgain('Fired', iso(new Date('2026-06-01T08:01:00Z')))
    await addedAgain('Later', iso(new Date('2026-06-01T08:30:00Z')))
    expect(back.id).not.toBe(a.ids[0])
    advance(minutes(40))
    // Another to-do added with a time already past (not a deleted one brought back) fires.
    await addedAgain('New, past', iso(clock, -minutes(5)))
    advance(minutes(1))
    s.stop()
    expect(notices.map(titles)).toEqual([['Fired'], ['Later'], ['New, past']])
  })

  it('the same, when the one brought back gets its old id again (it was the last) after a look forgot its key', async () => {
    const at = iso(clock, minutes(1))
    const a = await profileWith('A', [{ title: 'Only', remindAt: at }])
    const s = scheduler()
    s.start()
    advance(minutes(2))
    s.deleted({ profileId: a.id, todoId: a.ids[0]!, title: 'Only', remindAt: at })
    await engine.writeProfile(a.id, (db) => deleteTodo(db, { id: a.ids[0]! }))
    advance(EVERY)
    const back = await engine.writeProfile(a.id, (db) =>
      addTodo(db, { listId: 1, title: 'Only', remindAt: at, now: clock }),
    )
    expect(back.id).toBe(a.ids[0]) // SQLite hands out the highest id again
    s.added({ profileId: a.id, todoId: back.id, title: 'Only', remindAt: at })
    advance(EVERY * 2)
    s.stop()
    expect(notices.map(titles)).toEqual([['Only']])
  })

  it('snooze choices: 10 minutes, an hour, tomorrow at 9:00 local', () => {
    const now = new Date(2026, 5, 1, 22, 30)
    expect(snoozeUntil('10m', now)).toEqual(new Date(2026, 5, 1, 22, 40))
    expect(snoozeUntil('1h', now)).toEqual(new Date(2026, 5, 1, 23, 30))
    expect(snoozeUntil('tomorrow', now)).toEqual(new Date(2026, 5, 2, 9, 0))
  })
})
