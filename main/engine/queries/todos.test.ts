import { beforeEach, describe, expect, it } from 'vitest'
import type { WritableDb } from '../connection'
import { openProfileEachTest } from '../../../test/support/test-bed'
import { createList, deleteList } from './lists'
import {
  addTodo,
  countMatching,
  countTodos,
  deleteTodo,
  getTodo,
  listTodos,
  moveTodo,
  setDone,
  updateTodo,
} from './todos'

let db: WritableDb
let inbox: number
openProfileEachTest('Queries', (p) => ({ db, inbox } = p))

const code = (code: string) => expect.objectContaining({ code })
const T0 = new Date('2026-03-10T08:00:00.000Z')
const T1 = new Date('2026-03-10T09:30:00.000Z')
const T2 = new Date('2026-03-11T07:15:00.000Z')
const TODAY = '2026-03-10'
const count = () => db.prepare('SELECT count(*) FROM todos').pluck().get() as number
const titles = (args: Parameters<typeof listTodos>[1]) => listTodos(db, args).map((t) => t.title)
const ftsIntegrity = () => db.exec("INSERT INTO todos_fts(todos_fts) VALUES ('integrity-check')")

describe('addTodo', () => {
  it('adds at the end of its list with every field set', () => {
    const a = addTodo(db, {
      listId: inbox,
      title: '  Buy milk  ',
      notes: 'two litres\nsemi-skimmed',
      dueOn: '2026-03-12',
      now: T0,
    })
    expect(a).toEqual({
      id: a.id,
      listId: inbox,
      title: 'Buy milk',
      notes: 'two litres\nsemi-skimmed',
      done: false,
      dueOn: '2026-03-12',
      position: 0,
      createdAt: T0.toISOString(),
      updatedAt: T0.toISOString(),
      completedAt: null,
      repeat: null,
      repeatFrom: null,
      remindAt: null,
    })
    const b = addTodo(db, { listId: inbox, title: 'Second', now: T1 })
    expect(b).toMatchObject({ notes: '', dueOn: null, position: 1, done: false })
    expect(getTodo(db, b.id)).toEqual(b)
    // Positions are per list.
    const other = createList(db, { name: 'Other', now: T0 })
    expect(addTodo(db, { listId: other.id, title: 'Elsewhere', now: T0 }).position).toBe(0)
  })

  it.each([
    ['empty title', { title: '' }],
    ['whitespace-only title', { title: '   ' }],
    ['multi-line title', { title: 'line one\nline two' }],
    ['title with a carriage return', { title: 'a\rb' }],
    ['title with a control character', { title: 'a\u0000b' }],
    ['501-character title', { title: 'x'.repeat(501) }],
    ['notes with a control character', { title: 'ok', notes: 'a\u0007b' }],
    ['notes over 20000 characters', { title: 'ok', notes: 'n'.repeat(20_001) }],
    ['impossible date 2026-02-30', { title: 'ok', dueOn: '2026-02-30' }],
    ['unpadded date 2026-1-1', { title: 'ok', dueOn: '2026-1-1' }],
    ['month 13', { title: 'ok', dueOn: '2026-13-01' }],
    ['29 February of a common year', { title: 'ok', dueOn: '2027-02-29' }],
    ['a date with a time', { title: 'ok', dueOn: '2026-03-01T00:00:00Z' }],
    ['a word', { title: 'ok', dueOn: 'tomorrow' }],
  ])('rejects %s with INVALID_ARGUMENT and adds nothing', (_label, fields) => {
    expect(() => addTodo(db, { listId: inbox, now: T0, ...fields })).toThrow(code('INVALID_ARGUMENT'))
    expect(count()).toBe(0)
  })

  it('accepts a 500-character title and 29 February of a leap year', () => {
    expect(addTodo(db, { listId: inbox, title: 'y'.repeat(500), dueOn: '2028-02-29', now: T0 })).toMatchObject({
      title: 'y'.repeat(500),
      dueOn: '2028-02-29',
    })
  })

  it('reports NOT_FOUND for a list that does not exist', () => {
    expect(() => addTodo(db, { listId: 999, title: 'Lost', now: T0 })).toThrow(code('NOT_FOUND'))
    expect(count()).toBe(0)
  })
})

describe('updateTodo', () => {
  it('changes only what is given and stamps updatedAt', () => {
    const t = addTodo(db, { listId: inbox, title: 'Old title', notes: 'old notes', dueOn: '2026-03-12', now: T0 })
    const u = updateTodo(db, { id: t.id, title: ' New title ', now: T1 })
    expect(u).toEqual({ ...t, title: 'New title', updatedAt: T1.toISOString() })
    const v = updateTodo(db, { id: t.id, notes: 'new notes', dueOn: null, now: T2 })
    expect(v).toEqual({ ...u, notes: 'new notes', dueOn: null, updatedAt: T2.toISOString() })
    expect(v.createdAt).toBe(T0.toISOString())
  })

  it('rejects bad input with INVALID_ARGUMENT and leaves the row as it was', () => {
    const t = addTodo(db, { listId: inbox, title: 'Keep me', dueOn: '2026-03-12', now: T0 })
    expect(() => updateTodo(db, { id: t.id, title: '', now: T1 })).toThrow(code('INVALID_ARGUMENT'))
    expect(() => updateTodo(db, { id: t.id, title: 'a\nb', now: T1 })).toThrow(code('INVALID_ARGUMENT'))
    expect(() => updateTodo(db, { id: t.id, title: 'z'.repeat(501), now: T1 })).toThrow(code('INVALID_ARGUMENT'))
    expect(() => updateTodo(db, { id: t.id, dueOn: '2026-02-30', now: T1 })).toThrow(code('INVALID_ARGUMENT'))
    expect(() => updateTodo(db, { id: t.id, dueOn: '2026-1-1', now: T1 })).toThrow(code('INVALID_ARGUMENT'))
    expect(getTodo(db, t.id)).toEqual(t)
  })

  it('reports NOT_FOUND for a to-do that does not exist', () => {
    expect(() => updateTodo(db, { id: 42, title: 'x', now: T1 })).toThrow(code('NOT_FOUND'))
  })
})

describe('setDone', () => {
  it('sets completedAt when done, keeps the first completion time, and clears it when reopened', () => {
    const t = addTodo(db, { listId: inbox, title: 'Finish me', now: T0 })
    const done = setDone(db, { id: t.id, done: true, now: T1 })
    expect(done).toMatchObject({ done: true, completedAt: T1.toISOString(), updatedAt: T1.toISOString() })
    expect(setDone(db, { id: t.id, done: true, now: T2 }).completedAt).toBe(T1.toISOString())
    const reopened = setDone(db, { id: t.id, done: false, now: T2 })
    expect(reopened).toMatchObject({ done: false, completedAt: null, updatedAt: T2.toISOString() })
    expect(db.prepare('SELECT done, completed_at FROM todos WHERE id = ?').get(t.id)).toEqual({
      done: 0,
      completed_at: null,
    })
  })

  it('reports NOT_FOUND for a to-do that does not exist', () => {
    expect(() => setDone(db, { id: 7, done: true, now: T1 })).toThrow(code('NOT_FOUND'))
  })
})

describe('deleteTodo', () => {
  it('removes the to-do; a second delete is NOT_FOUND', () => {
    const a = addTodo(db, { listId: inbox, title: 'Goner', now: T0 })
    const b = addTodo(db, { listId: inbox, title: 'Stayer', now: T0 })
    deleteTodo(db, { id: a.id })
    expect(() => getTodo(db, a.id)).toThrow(code('NOT_FOUND'))
    expect(() => deleteTodo(db, { id: a.id })).toThrow(code('NOT_FOUND'))
    expect(listTodos(db, { today: TODAY }).map((t) => t.id)).toEqual([b.id])
  })
})

describe('moveTodo', () => {
  const order = (listId: number) =>
    db.prepare('SELECT title, position FROM todos WHERE list_id = ? ORDER BY position, id').all(listId) as {
      title: string
      position: number
    }[]

  it('reorders within a list, clamping the index', () => {
    const [a, , c] = ['A', 'B', 'C'].map((title) => addTodo(db, { listId: inbox, title, now: T0 }))
    moveTodo(db, { id: c!.id, toIndex: 0, now: T1 })
    expect(order(inbox)).toEqual([
      { title: 'C', position: 0 },
      { title: 'A', position: 1 },
      { title: 'B', position: 2 },
    ])
    expect(getTodo(db, c!.id).updatedAt).toBe(T1.toISOString())
    moveTodo(db, { id: c!.id, toIndex: 99, now: T1 })
    expect(order(inbox).map((r) => r.title)).toEqual(['A', 'B', 'C'])
    moveTodo(db, { id: a!.id, toIndex: -5, now: T1 })
    expect(order(inbox).map((r) => r.title)).toEqual(['A', 'B', 'C'])
    moveTodo(db, { id: a!.id, toIndex: 1, now: T1 })
    expect(order(inbox)).toEqual([
      { title: 'B', position: 0 },
      { title: 'A', position: 1 },
      { title: 'C', position: 2 },
    ])
  })

  it('moves to another list at an index', () => {
    const other = createList(db, { name: 'Other', now: T0 })
    const a = addTodo(db, { listId: inbox, title: 'A', now: T0 })
    addTodo(db, { listId: inbox, title: 'B', now: T0 })
    ;['X', 'Y'].forEach((title) => addTodo(db, { listId: other.id, title, now: T0 }))
    const moved = moveTodo(db, { id: a.id, listId: other.id, toIndex: 1, now: T2 })
    expect(moved).toMatchObject({ listId: other.id, position: 1, updatedAt: T2.toISOString() })
    expect(order(other.id).map((r) => r.title)).toEqual(['X', 'A', 'Y'])
    expect(order(other.id).map((r) => r.position)).toEqual([0, 1, 2])
    expect(order(inbox).map((r) => r.title)).toEqual(['B'])
  })

  it('reports NOT_FOUND for a missing to-do or list and changes nothing', () => {
    const a = addTodo(db, { listId: inbox, title: 'A', now: T0 })
    expect(() => moveTodo(db, { id: 999, toIndex: 0, now: T1 })).toThrow(code('NOT_FOUND'))
    expect(() => moveTodo(db, { id: a.id, listId: 999, toIndex: 0, now: T1 })).toThrow(code('NOT_FOUND'))
    expect(getTodo(db, a.id)).toEqual(a)
  })
})

describe('listTodos filters and countTodos', () => {
  beforeEach(() => {
    const add = (title: string, dueOn: string | null, done = false) => {
      const t = addTodo(db, { listId: inbox, title, dueOn, now: T0 })
      if (done) setDone(db, { id: t.id, done: true, now: T1 })
    }
    add('yesterday open', '2026-03-09')
    add('today open', TODAY)
    add('tomorrow open', '2026-03-11')
    add('no date open', null)
    add('last week done', '2026-03-01', true)
    add('today done', TODAY, true)
  })

  it('all / open / done / today / overdue with a fixed today', () => {
    expect(titles({ today: TODAY })).toEqual([
      'yesterday open',
      'today open',
      'tomorrow open',
      'no date open',
      'last week done',
      'today done',
    ])
    expect(titles({ filter: 'all', today: TODAY })).toHaveLength(6)
    expect(titles({ filter: 'open', today: TODAY })).toEqual([
      'yesterday open',
      'today open',
      'tomorrow open',
      'no date open',
    ])
    expect(titles({ filter: 'done', today: TODAY })).toEqual(['last week done', 'today done'])
    expect(titles({ filter: 'today', today: TODAY })).toEqual(['today open', 'today done'])
    // Overdue: open and due before today; a done to-do is never overdue.
    expect(titles({ filter: 'overdue', today: TODAY })).toEqual(['yesterday open'])
    // "Today" follows the date given, not the clock.
    expect(titles({ filter: 'overdue', today: '2026-03-12' })).toEqual([
      'yesterday open',
      'today open',
      'tomorrow open',
    ])
    expect(titles({ filter: 'today', today: '2026-03-11' })).toEqual(['tomorrow open'])
  })

  it('upcoming: open to-dos of every list due in the 7 days after today, by due date', () => {
    const other = createList(db, { name: 'Other', now: T0 })
    addTodo(db, { listId: other.id, title: 'in a week, other list', dueOn: '2026-03-17', now: T0 })
    addTodo(db, { listId: inbox, title: 'in 8 days', dueOn: '2026-03-18', now: T0 })
    addTodo(db, { listId: other.id, title: 'day after, other list', dueOn: '2026-03-12', now: T0 })
    const done = addTodo(db, { listId: inbox, title: 'in 2 days, done', dueOn: '2026-03-12', now: T0 })
    setDone(db, { id: done.id, done: true, now: T1 })
    expect(titles({ filter: 'upcoming', today: TODAY })).toEqual([
      'tomorrow open',
      'day after, other list',
      'in a week, other list',
    ])
    expect(countMatching(db, { filter: 'upcoming', today: TODAY })).toBe(3)
    // By the date given, not the clock.
    expect(titles({ filter: 'upcoming', today: '2026-03-11' })).toEqual([
      'day after, other list',
      'in a week, other list',
      'in 8 days',
    ])
    expect(titles({ filter: 'upcoming', listId: other.id, today: TODAY })).toEqual([
      'day after, other list',
      'in a week, other list',
    ])
    expect(titles({ filter: 'upcoming', today: TODAY, limit: 1, offset: 1 })).toEqual(['day after, other list'])
    const after = { listId: inbox, position: 0, id: 1 }
    expect(() => listTodos(db, { filter: 'upcoming', today: TODAY, after })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(() => listTodos(db, { filter: 'upcoming', today: '2026-3-1' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })

  it('counts the same way', () => {
    expect(countTodos(db, { today: TODAY })).toEqual({ total: 6, open: 4, done: 2, overdue: 1, today: 2 })
    expect(countTodos(db, { today: '2026-03-12' })).toEqual({ total: 6, open: 4, done: 2, overdue: 3, today: 0 })
  })

  it('counts only what a search matches, and nothing for a search with no hits', () => {
    expect(countTodos(db, { today: TODAY, search: 'today' })).toEqual({
      total: 2,
      open: 1,
      done: 1,
      overdue: 0,
      today: 2,
    })
    expect(countTodos(db, { today: TODAY, search: 'yesterday', listId: inbox })).toEqual({
      total: 1,
      open: 1,
      done: 0,
      overdue: 1,
      today: 0,
    })
    expect(countTodos(db, { today: TODAY, search: 'nothingmatches' })).toEqual({
      total: 0,
      open: 0,
      done: 0,
      overdue: 0,
      today: 0,
    })
    expect(countTodos(db, { today: TODAY, search: '"()' })).toEqual({
      total: 0,
      open: 0,
      done: 0,
      overdue: 0,
      today: 0,
    })
    expect(countTodos(db, { today: TODAY, search: '  ' }).total).toBe(6)
  })

  it('filters by list, and pages with limit/offset', () => {
    const other = createList(db, { name: 'Other', now: T0 })
    addTodo(db, { listId: other.id, title: 'other list', dueOn: TODAY, now: T0 })
    expect(titles({ listId: other.id, today: TODAY })).toEqual(['other list'])
    expect(titles({ listId: inbox, filter: 'today', today: TODAY })).toEqual(['today open', 'today done'])
    expect(countTodos(db, { today: TODAY, listId: other.id })).toEqual({
      total: 1,
      open: 1,
      done: 0,
      overdue: 0,
      today: 1,
    })
    expect(titles({ listId: inbox, today: TODAY, limit: 2, offset: 1 })).toEqual(['today open', 'tomorrow open'])
  })

  it('rejects a bad "today" with INVALID_ARGUMENT where it is used', () => {
    expect(() => listTodos(db, { filter: 'overdue', today: '2026-02-30' })).toThrow(code('INVALID_ARGUMENT'))
    expect(() => listTodos(db, { filter: 'today', today: '2026-3-10' })).toThrow(code('INVALID_ARGUMENT'))
    expect(() => countTodos(db, { today: 'today' })).toThrow(code('INVALID_ARGUMENT'))
  })
})

describe('full-text search', () => {
  beforeEach(() => {
    addTodo(db, { listId: inbox, title: 'Buy groceries', notes: 'oat milk and eggs', now: T0 })
    addTodo(db, { listId: inbox, title: 'Call the plumber', notes: 'leaking kitchen tap', now: T0 })
    addTodo(db, { listId: inbox, title: 'Groceries for the party', notes: 'crisps', now: T0 })
    addTodo(db, { listId: inbox, title: 'Réserver le café', now: T0 })
  })

  it('matches word prefixes in titles and notes, ignoring case and accents', () => {
    expect(titles({ search: 'groc', today: TODAY }).sort()).toEqual(['Buy groceries', 'Groceries for the party'])
    expect(titles({ search: 'GROCERIES', today: TODAY }).sort()).toEqual(['Buy groceries', 'Groceries for the party'])
    expect(titles({ search: 'milk', today: TODAY })).toEqual(['Buy groceries'])
    expect(titles({ search: 'leak', today: TODAY })).toEqual(['Call the plumber'])
    expect(titles({ search: 'cafe', today: TODAY })).toEqual(['Réserver le café'])
    expect(titles({ search: 'nothing-like-this', today: TODAY })).toEqual([])
  })

  it('needs every word of a multi-word query', () => {
    expect(titles({ search: 'buy groc', today: TODAY })).toEqual(['Buy groceries'])
    expect(titles({ search: 'groceries party', today: TODAY })).toEqual(['Groceries for the party'])
    expect(titles({ search: 'plumber milk', today: TODAY })).toEqual([])
  })

  it('returns [] for a query of punctuation only, and treats FTS syntax as plain words', () => {
    for (const q of ['!!!', '"', '*', '()', '-', '^', ':', '"*"'])
      expect(titles({ search: q, today: TODAY }), q).toEqual([])
    expect(titles({ search: 'title:buy', today: TODAY })).toEqual([])
    // OR is a word here, not an operator: no to-do has "groceries", "or…" and "plumber" together.
    expect(titles({ search: 'groceries OR plumber', today: TODAY })).toEqual([])
    expect(titles({ search: 'NOT plumber', today: TODAY })).toEqual([])
    expect(titles({ search: 'groceries)', today: TODAY }).sort()).toEqual(['Buy groceries', 'Groceries for the party'])
  })

  it('combines with filters and lists', () => {
    const party = listTodos(db, { search: 'party', today: TODAY })[0]!
    setDone(db, { id: party.id, done: true, now: T1 })
    expect(titles({ search: 'groceries', filter: 'open', today: TODAY })).toEqual(['Buy groceries'])
    expect(titles({ search: 'groceries', filter: 'done', today: TODAY })).toEqual(['Groceries for the party'])
    const other = createList(db, { name: 'Other', now: T0 })
    moveTodo(db, { id: party.id, listId: other.id, toIndex: 0, now: T1 })
    expect(titles({ search: 'groceries', listId: other.id, today: TODAY })).toEqual(['Groceries for the party'])
  })

  it('stays in sync after update, delete and a list delete', () => {
    const [buy] = listTodos(db, { search: 'buy', today: TODAY })
    updateTodo(db, { id: buy!.id, title: 'Pick up shopping', notes: 'bread', now: T1 })
    expect(titles({ search: 'buy', today: TODAY })).toEqual([])
    expect(titles({ search: 'milk', today: TODAY })).toEqual([])
    expect(titles({ search: 'shopping', today: TODAY })).toEqual(['Pick up shopping'])
    expect(titles({ search: 'bread', today: TODAY })).toEqual(['Pick up shopping'])
    ftsIntegrity()

    const [plumber] = listTodos(db, { search: 'plumber', today: TODAY })
    deleteTodo(db, { id: plumber!.id })
    expect(titles({ search: 'plumber', today: TODAY })).toEqual([])
    expect(titles({ search: 'leaking', today: TODAY })).toEqual([])
    ftsIntegrity()

    // setDone and moves do not disturb the index either.
    setDone(db, { id: buy!.id, done: true, now: T2 })
    expect(titles({ search: 'shopping', today: TODAY })).toEqual(['Pick up shopping'])

    // Deleting a list deletes its to-dos through the foreign key, and the index follows.
    const other = createList(db, { name: 'Other', now: T0 })
    const party = listTodos(db, { search: 'party', today: TODAY })[0]!
    moveTodo(db, { id: party.id, listId: other.id, toIndex: 0, now: T1 })
    deleteList(db, { id: other.id })
    expect(titles({ search: 'party', today: TODAY })).toEqual([])
    ftsIntegrity()
    expect(db.prepare('SELECT count(*) FROM todos_fts').pluck().get()).toBe(count())
  })
})
