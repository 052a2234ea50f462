import { afterEach, describe, expect, it } from 'vitest'
import type { WritableDb } from '../connection'
import { openProfileEachTest } from '../../../test/support/test-bed'
import { setDoneRepeating } from './recurrence'
import { addTodo, countTodos, deleteTodo, getTodo, listTodos, updateTodo, type AddTodo } from './todos'

let db: WritableDb
let inbox: number
const savedTz = process.env.TZ

openProfileEachTest('Repeat', (p) => ({ db, inbox } = p))
afterEach(() => {
  process.env.TZ = savedTz
})

const at = (iso: string) => new Date(iso)
const count = () => db.prepare('SELECT count(*) FROM todos').pluck().get() as number
const seq = () => db.prepare("SELECT value FROM meta WHERE key = 'change_seq'").pluck().get()
/** A repeating to-do in the Inbox: 'Daily', due 2026-01-05, made that morning, unless `over` says otherwise. */
const addRepeating = (over: Partial<AddTodo> = {}) =>
  addTodo(db, {
    listId: inbox,
    title: 'Daily',
    dueOn: '2026-01-05',
    repeat: 'daily',
    now: at('2026-01-05T08:00:00Z'),
    ...over,
  })
const complete = (id: number, iso: string) => setDoneRepeating(db, { id, done: true, now: at(iso) })
const reopen = (id: number, iso: string) => setDoneRepeating(db, { id, done: false, now: at(iso) })

describe('completing a repeating to-do', () => {
  it('marks it done (kept in history) and creates the next occurrence with the rule, in one step', () => {
    const t = addTodo(db, {
      listId: inbox,
      title: 'Water plants',
      notes: 'the ferns',
      dueOn: '2026-01-31',
      repeat: 'monthly',
      now: at('2026-01-01T10:00:00Z'),
    })
    expect(t).toMatchObject({ repeat: 'RRULE:FREQ=MONTHLY;BYMONTHDAY=31', repeatFrom: 'due', remindAt: null })
    const { todo, next } = complete(t.id, '2026-01-31T12:00:00Z')
    expect(todo).toMatchObject({ id: t.id, done: true, repeat: t.repeat })
    expect(next).toMatchObject({
      title: 'Water plants',
      notes: 'the ferns',
      dueOn: '2026-02-28',
      done: false,
      repeat: t.repeat,
      repeatFrom: 'due',
      listId: inbox,
    })
    // Search, filters and counts see both: the done one in history, the next one open.
    expect(listTodos(db, { search: 'water', today: '2026-02-01' }).map((x) => x.id)).toEqual([t.id, next!.id])
    expect(listTodos(db, { filter: 'open', today: '2026-02-01' }).map((x) => x.id)).toEqual([next!.id])
    expect(countTodos(db, { today: '2026-02-28' })).toMatchObject({ total: 2, open: 1, done: 1, today: 1 })
  })

  it('completing twice gives one next occurrence, never two', () => {
    const t = addRepeating()
    const first = complete(t.id, '2026-01-05T09:00:00Z')
    const before = seq()
    const second = complete(t.id, '2026-01-05T09:00:00.001Z')
    expect(first.next).not.toBeNull()
    expect(second.next).toBeNull()
    expect(count()).toBe(2)
    expect(seq()).toBe(before)
  })

  it('a to-do that does not repeat: next is null', () => {
    const t = addTodo(db, { listId: inbox, title: 'Once', now: at('2026-01-05T08:00:00Z') })
    expect(complete(t.id, '2026-01-05T09:00:00Z').next).toBeNull()
    expect(count()).toBe(1)
  })

  it('completing early and late', () => {
    const t = addTodo(db, {
      listId: inbox,
      title: 'Bins',
      dueOn: '2026-01-09',
      repeat: 'weekly',
      now: at('2026-01-01T08:00:00Z'),
    })
    const early = complete(t.id, '2026-01-06T12:00:00Z').next!
    expect(early.dueOn).toBe('2026-01-16')
    const late = complete(early.id, '2026-01-28T12:00:00Z').next!
    expect(late.dueOn).toBe('2026-01-30')
  })

  it('a repeating to-do without a due date counts from its creation date, and the next one has a due date', () => {
    const t = addTodo(db, { listId: inbox, title: 'Stretch', repeat: 'every 2 days', now: at('2026-01-05T12:00:00Z') })
    expect(complete(t.id, '2026-01-05T13:00:00Z').next!.dueOn).toBe('2026-01-07')
  })

  it('a series ended by UNTIL creates no more', () => {
    const t = addTodo(db, {
      listId: inbox,
      title: 'Course',
      dueOn: '2026-01-02',
      repeat: 'RRULE:FREQ=DAILY;UNTIL=20260102T000000Z',
      now: at('2026-01-01T12:00:00Z'),
    })
    expect(complete(t.id, '2026-01-02T12:00:00Z').next).toBeNull()
  })
})

describe('undoing a completion', () => {
  it('removes the next occurrence it created while that one is untouched', () => {
    const t = addRepeating()
    complete(t.id, '2026-01-05T09:00:00Z')
    const undone = reopen(t.id, '2026-01-05T09:00:05Z')
    expect(undone.todo).toMatchObject({ done: false, completedAt: null, repeat: 'RRULE:FREQ=DAILY' })
    expect(count()).toBe(1)
    // And completing again creates it again, once.
    expect(complete(t.id, '2026-01-05T09:00:10Z').next!.dueOn).toBe('2026-01-06')
    expect(count()).toBe(2)
  })

  it('keeps a next occurrence someone changed; the series goes on there and the reopened one stops repeating', () => {
    const t = addRepeating()
    const next = complete(t.id, '2026-01-05T09:00:00Z').next!
    updateTodo(db, { id: next.id, title: 'Daily (edited)', now: at('2026-01-05T09:30:00Z') })
    const undone = reopen(t.id, '2026-01-05T10:00:00Z')
    expect(undone.todo).toMatchObject({ done: false, repeat: null, repeatFrom: null })
    expect(getTodo(db, next.id)).toMatchObject({ title: 'Daily (edited)', repeat: 'RRULE:FREQ=DAILY' })
  })

  it('after the next occurrence was deleted, the reopened one carries the series', () => {
    const t = addRepeating()
    const next = complete(t.id, '2026-01-05T09:00:00Z').next!
    deleteTodo(db, { id: next.id })
    expect(reopen(t.id, '2026-01-05T10:00:00Z').todo.repeat).toBe('RRULE:FREQ=DAILY')
  })
})

describe('editing and ending a series', () => {
  it('one update changes the rule, another ends it', () => {
    const t = addRepeating({ title: 'Gym' })
    expect(updateTodo(db, { id: t.id, repeat: 'weekdays', now: at('2026-01-05T08:01:00Z') }).repeat).toBe(
      'RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
    )
    expect(updateTodo(db, { id: t.id, repeat: null, now: at('2026-01-05T08:02:00Z') })).toMatchObject({
      repeat: null,
      repeatFrom: null,
    })
    expect(complete(t.id, '2026-01-05T09:00:00Z').next).toBeNull()
  })

  it('a rule that cannot be parsed is refused, nothing written', () => {
    const before = seq()
    expect(() =>
      addTodo(db, { listId: inbox, title: 'x', repeat: 'sometimes', now: at('2026-01-05T08:00:00Z') }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    const t = addTodo(db, { listId: inbox, title: 'y', now: at('2026-01-05T08:00:00Z') })
    const after = seq()
    expect(() => updateTodo(db, { id: t.id, repeat: 'RRULE:FREQ=SECONDLY', now: at('2026-01-05T08:00:00Z') })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(() => updateTodo(db, { id: t.id, remindAt: 'tomorrow', now: at('2026-01-05T08:00:00Z') })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(Number(after)).toBe(Number(before) + 1)
    expect(seq()).toBe(after)
  })
})

// Time zones: Node reads process.env.TZ again whenever it is set.
describe.each([
  ['America/New_York', '2026-03-07', '2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z'],
  ['Europe/Berlin', '2026-03-28', '2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z'],
  ['Australia/Sydney', '2026-04-04', '2026-04-03T22:00:00.000Z', '2026-04-04T23:00:00.000Z'],
])('across a daylight-saving change in %s', (zone, due, remindUtc, nextRemindUtc) => {
  it('a daily to-do stays daily and its 9:00 reminder stays at 9:00 local time', () => {
    process.env.TZ = zone
    const t = addTodo(db, {
      listId: inbox,
      title: 'Pills',
      dueOn: due,
      repeat: 'daily',
      remindAt: `${due}T09:00`,
      now: at(`${due}T00:30:00Z`),
    })
    expect(t.remindAt).toBe(remindUtc)
    let cur = t
    const dues: string[] = []
    const hours: number[] = []
    for (let i = 0; i < 3; i++) {
      cur = setDoneRepeating(db, {
        id: cur.id,
        done: true,
        now: new Date(new Date(cur.remindAt!).getTime() + 60_000),
      }).next!
      dues.push(cur.dueOn!)
      hours.push(new Date(cur.remindAt!).getHours())
      if (i === 0) expect(cur.remindAt).toBe(nextRemindUtc)
    }
    const d0 = new Date(`${due}T00:00:00Z`)
    expect(dues).toEqual([1, 2, 3].map((k) => new Date(d0.getTime() + k * 86_400_000).toISOString().slice(0, 10)))
    expect(hours).toEqual([9, 9, 9])
  })
})
