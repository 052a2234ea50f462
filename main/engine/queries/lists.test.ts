import { describe, expect, it } from 'vitest'
import type { WritableDb } from '../connection'
import { openProfileEachTest } from '../../../test/support/test-bed'
import {
  bringBackList,
  createList,
  deleteList,
  findListByName,
  getList,
  listLists,
  moveList,
  renameList,
} from './lists'
import { addTodo, countTodos, setDone } from './todos'

let db: WritableDb
openProfileEachTest('Lists', (p) => ({ db } = p))

const code = (code: string) => expect.objectContaining({ code })
const T0 = new Date('2026-03-10T08:00:00.000Z')
const T1 = new Date('2026-03-10T09:00:00.000Z')
const names = () => listLists(db).map((l) => l.name)
const todosIn = (listId: number) =>
  db.prepare('SELECT count(*) FROM todos WHERE list_id = ?').pluck().get(listId) as number

describe('lists', () => {
  it('a new profile has exactly one list, Inbox', () => {
    const [inbox, ...rest] = listLists(db)
    expect(rest).toEqual([])
    expect(inbox).toMatchObject({ name: 'Inbox', position: 0, openCount: 0 })
  })

  it('creates lists at the end, trimmed, stamped with now', () => {
    const work = createList(db, { name: '  Work  ', now: T0 })
    expect(work).toEqual({ id: work.id, name: 'Work', position: 1, createdAt: T0.toISOString(), openCount: 0 })
    const home = createList(db, { name: 'Home', now: T1 })
    expect(home.position).toBe(2)
    expect(names()).toEqual(['Inbox', 'Work', 'Home'])
    expect(getList(db, work.id)).toEqual(work)
    expect(findListByName(db, 'Home').id).toBe(home.id)
  })

  it.each([
    ['empty', ''],
    ['whitespace only', '   '],
    ['81 characters', 'l'.repeat(81)],
    ['a line break', 'a\nb'],
  ])('refuses a name that is %s with INVALID_NAME', (_label, name) => {
    expect(() => createList(db, { name, now: T0 })).toThrow(code('INVALID_NAME'))
    expect(names()).toEqual(['Inbox'])
  })

  it('counts open to-dos per list', () => {
    const work = createList(db, { name: 'Work', now: T0 })
    const a = addTodo(db, { listId: work.id, title: 'a', now: T0 })
    addTodo(db, { listId: work.id, title: 'b', now: T0 })
    setDone(db, { id: a.id, done: true, now: T1 })
    expect(listLists(db).map((l) => [l.name, l.openCount])).toEqual([
      ['Inbox', 0],
      ['Work', 1],
    ])
  })

  it('renames; a bad name is INVALID_NAME, a missing list NOT_FOUND', () => {
    const work = createList(db, { name: 'Work', now: T0 })
    expect(renameList(db, { id: work.id, name: ' Job ' })).toMatchObject({ id: work.id, name: 'Job', position: 1 })
    expect(() => renameList(db, { id: work.id, name: '\t' })).toThrow(code('INVALID_NAME'))
    expect(() => renameList(db, { id: 999, name: 'Ghost' })).toThrow(code('NOT_FOUND'))
    expect(names()).toEqual(['Inbox', 'Job'])
  })

  it('refuses a list name already taken, ignoring case, with NAME_TAKEN and changes nothing', () => {
    const work = createList(db, { name: 'Work', now: T0 })
    const before = listLists(db)
    expect(() => createList(db, { name: 'inbox', now: T1 })).toThrow(code('NAME_TAKEN'))
    expect(() => createList(db, { name: ' INBOX ', now: T1 })).toThrow(code('NAME_TAKEN'))
    expect(() => renameList(db, { id: work.id, name: 'Inbox' })).toThrow(code('NAME_TAKEN'))
    expect(listLists(db)).toEqual(before)
    // A list may change the case of its own name.
    expect(renameList(db, { id: work.id, name: 'WORK' }).name).toBe('WORK')
  })

  it('a profile that already holds duplicate names still lists them and renames one away', () => {
    db.prepare("INSERT INTO lists(name, position, created_at) VALUES ('inbox', 1, ?), ('Inbox', 2, ?)").run(
      T0.toISOString(),
      T0.toISOString(),
    )
    expect(names()).toEqual(['Inbox', 'inbox', 'Inbox'])
    const [, second] = listLists(db)
    expect(renameList(db, { id: second!.id, name: 'Errands' }).name).toBe('Errands')
    expect(names()).toEqual(['Inbox', 'Errands', 'Inbox'])
  })

  it('deleting a list deletes its to-dos and nothing else', () => {
    const inbox = findListByName(db, 'Inbox')
    const work = createList(db, { name: 'Work', now: T0 })
    addTodo(db, { listId: inbox.id, title: 'keep', now: T0 })
    addTodo(db, { listId: work.id, title: 'drop 1', now: T0 })
    addTodo(db, { listId: work.id, title: 'drop 2', now: T0 })
    deleteList(db, { id: work.id })
    expect(names()).toEqual(['Inbox'])
    expect(todosIn(work.id)).toBe(0)
    expect(todosIn(inbox.id)).toBe(1)
    expect(countTodos(db, { today: '2026-03-10' }).total).toBe(1)
    expect(() => getList(db, work.id)).toThrow(code('NOT_FOUND'))
    expect(() => deleteList(db, { id: work.id })).toThrow(code('NOT_FOUND'))
  })

  it('brings a deleted list back where it was, with its to-dos, their ids and every column', () => {
    const work = createList(db, { name: 'Work', now: T0 })
    createList(db, { name: 'Home', now: T0 })
    const a = addTodo(db, { listId: work.id, title: 'report', notes: 'by Friday', dueOn: '2026-03-12', now: T0 })
    const b = addTodo(db, { listId: work.id, title: 'call', now: T0 })
    setDone(db, { id: b.id, done: true, now: T1 })
    const rows = () => db.prepare('SELECT * FROM todos ORDER BY id').all()
    const before = { lists: listLists(db), todos: rows() }
    const deleted = deleteList(db, { id: work.id })
    expect(deleted.todos).toHaveLength(2)
    expect(names()).toEqual(['Inbox', 'Home'])
    expect(bringBackList(db, deleted)).toEqual({ ...work, openCount: 1 })
    expect({ lists: listLists(db), todos: rows() }).toEqual(before)
    // Found again by a search: the full-text index follows the rows.
    expect(countTodos(db, { today: '2026-03-10', search: 'friday' }).total).toBe(1)
    expect(a.id).toBeLessThan(b.id)
  })

  it('brings a list back under new ids when its own were taken since, and refuses a name taken since (NAME_TAKEN, nothing changes)', () => {
    const work = createList(db, { name: 'Work', now: T0 })
    const t = addTodo(db, { listId: work.id, title: 'report', now: T0 })
    const deleted = deleteList(db, { id: work.id })
    const newer = createList(db, { name: 'Later', now: T1 })
    const reused = addTodo(db, { listId: newer.id, title: 'reused id', now: T1 })
    expect([newer.id, reused.id]).toEqual([work.id, t.id]) // SQLite reused both ids
    const back = bringBackList(db, deleted)
    expect(back).toMatchObject({ name: 'Work', position: 1, openCount: 1 })
    expect(back.id).not.toBe(work.id)
    expect(names()).toEqual(['Inbox', 'Work', 'Later'])
    deleteList(db, { id: back.id })
    createList(db, { name: 'WORK', now: T1 })
    const lists = listLists(db)
    expect(() => bringBackList(db, deleted)).toThrow(code('NAME_TAKEN'))
    expect(listLists(db)).toEqual(lists)
  })

  it('brings a list back at the index it had, not its old position number, after the others moved', () => {
    const a = createList(db, { name: 'A', now: T0 })
    createList(db, { name: 'Work', now: T0 })
    const home = createList(db, { name: 'Home', now: T0 })
    deleteList(db, { id: a.id })
    // Work is second of three, its position number 2; the move renumbers the others 0 and 1.
    const deleted = deleteList(db, { id: findListByName(db, 'Work').id })
    moveList(db, { id: home.id, toIndex: 0 })
    expect(names()).toEqual(['Home', 'Inbox'])
    bringBackList(db, deleted)
    expect(names()).toEqual(['Home', 'Work', 'Inbox'])
    expect(listLists(db).map((l) => l.position)).toEqual([0, 1, 2])
  })

  it('never deletes the last list (INVALID_ARGUMENT), keeping its to-dos', () => {
    const inbox = findListByName(db, 'Inbox')
    addTodo(db, { listId: inbox.id, title: 'precious', now: T0 })
    expect(() => deleteList(db, { id: inbox.id })).toThrow(code('INVALID_ARGUMENT'))
    expect(names()).toEqual(['Inbox'])
    expect(todosIn(inbox.id)).toBe(1)
    // With a second list, the Inbox may go; then the other one is the last.
    const other = createList(db, { name: 'Other', now: T0 })
    deleteList(db, { id: inbox.id })
    expect(() => deleteList(db, { id: other.id })).toThrow(code('INVALID_ARGUMENT'))
    expect(names()).toEqual(['Other'])
  })

  it('moves lists, clamping the index; a missing list is NOT_FOUND', () => {
    const a = createList(db, { name: 'A', now: T0 })
    createList(db, { name: 'B', now: T0 })
    expect(moveList(db, { id: a.id, toIndex: 0 }).map((l) => [l.name, l.position])).toEqual([
      ['A', 0],
      ['Inbox', 1],
      ['B', 2],
    ])
    expect(moveList(db, { id: a.id, toIndex: 50 }).map((l) => l.name)).toEqual(['Inbox', 'B', 'A'])
    expect(() => moveList(db, { id: 999, toIndex: 0 })).toThrow(code('NOT_FOUND'))
    expect(names()).toEqual(['Inbox', 'B', 'A'])
  })

  it('findListByName is exact and reports NOT_FOUND', () => {
    createList(db, { name: 'Work', now: T0 })
    expect(() => findListByName(db, 'work')).toThrow(code('NOT_FOUND'))
    expect(() => findListByName(db, 'Nope')).toThrow(code('NOT_FOUND'))
  })
})
