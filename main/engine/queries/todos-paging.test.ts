import { beforeEach, describe, expect, it } from 'vitest'
import type { WritableDb } from '../connection'
import type { TodoCursor, TodoFilter } from '../../../common/model'
import { openProfileEachTest } from '../../../test/support/test-bed'
import { createList } from './lists'
import { listQuery, listTodos, moveTodo, type ListTodos, type Todo } from './todos'

// Keyset paging (issue 12): pages read after / before a to-do are exactly the rows of one
// full ordered read, for every filter, one list or all; and the first page reads the list
// index in order, never sorting the list.

let db: WritableDb
let inbox: number
let lists: number[]

const TODAY = '2026-03-10'
const FILTERS: TodoFilter[] = ['all', 'open', 'done', 'today', 'overdue']
const DUE = [null, '2026-03-01', TODAY, '2026-04-01']

openProfileEachTest('Paging', (p) => ({ db, inbox } = p))
beforeEach(() => {
  lists = [inbox, createList(db, { name: 'Work', now: new Date() }).id]
  // Rows inserted out of order, with ties on position (a file from elsewhere, a half-finished
  // move): the order is (list, position, id), so the id decides between equal positions.
  const insert = db.prepare(
    `INSERT INTO todos(list_id, title, notes, done, due_on, position, created_at, updated_at)
     VALUES (?, ?, '', ?, ?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
  )
  db.transaction(() => {
    for (let i = 0; i < 600; i++) {
      const list = lists[i % 3 === 0 ? 1 : 0]!
      insert.run(
        list,
        `Row ${i} ${i % 5 === 0 ? 'invoice' : 'errand'}`,
        i % 4 === 0 ? 1 : 0,
        DUE[i % DUE.length],
        (i * 7919) % 251,
      )
    }
  })()
  moveTodo(db, { id: 10, toIndex: 0, now: new Date() })
})

const ids = (todos: Todo[]) => todos.map((t) => t.id)
const cursorOf = (t: Todo): TodoCursor => ({ listId: t.listId, position: t.position, id: t.id })

/** Every page read after the last row of the one before. */
function forward(args: ListTodos, size: number): Todo[] {
  const out: Todo[] = []
  for (let page = listTodos(db, { ...args, limit: size }); page.length;) {
    out.push(...page)
    page = listTodos(db, { ...args, limit: size, after: cursorOf(page.at(-1)!) })
  }
  return out
}

/** From the end back to the start, each page read before the first row of the one after. */
function backward(args: ListTodos, size: number, last: Todo): Todo[] {
  const out: Todo[] = [last]
  for (let page = listTodos(db, { ...args, limit: size, before: cursorOf(last) }); page.length;) {
    out.unshift(...page)
    page = listTodos(db, { ...args, limit: size, before: cursorOf(page[0]!) })
  }
  return out
}

describe('keyset paging', () => {
  const scopes = [0, 1, null] as const
  for (const filter of FILTERS) {
    it.each(scopes)(`filter ${filter}, list %s: pages after and before a to-do are the full ordered read`, (scope) => {
      const args: ListTodos = { listId: scope === null ? null : lists[scope]!, filter, today: TODAY }
      const all = listTodos(db, args)
      expect(all.length).toBeGreaterThan(scope === null ? 25 : 10)
      // The ties are really there, and the full read is in (list, position, id) order.
      const keys = all.map((t) => [t.listId, t.position, t.id] as const)
      const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2])
      expect(keys).toEqual(sorted)
      for (const size of [1, 7, 50, 1000]) {
        expect(ids(forward(args, size))).toEqual(ids(all))
        expect(ids(backward(args, size, all.at(-1)!))).toEqual(ids(all))
      }
      // A jump by offset, then pages from the rows it brought: the same rows as the full read.
      const jump = listTodos(db, { ...args, offset: 20, limit: 5 })
      expect(ids(jump)).toEqual(ids(all.slice(20, 25)))
      expect(ids(listTodos(db, { ...args, after: cursorOf(jump.at(-1)!), limit: 6 }))).toEqual(ids(all.slice(25, 31)))
      expect(ids(listTodos(db, { ...args, before: cursorOf(jump[0]!), limit: 6 }))).toEqual(ids(all.slice(14, 20)))
      // OFFSET counts from the cursor.
      expect(ids(listTodos(db, { ...args, after: cursorOf(jump[0]!), offset: 3, limit: 4 }))).toEqual(
        ids(all.slice(24, 28)),
      )
    })
  }

  it('pages after a to-do that has since been deleted go on from its place', () => {
    const all = listTodos(db, { listId: lists[0], today: TODAY })
    const gone = all[40]!
    db.prepare('DELETE FROM todos WHERE id = ?').run(gone.id)
    expect(ids(listTodos(db, { listId: lists[0], today: TODAY, after: cursorOf(gone), limit: 3 }))).toEqual(
      ids(all.slice(41, 44)),
    )
  })

  it('refuses a cursor with a search, and both cursors at once', () => {
    const at = cursorOf(listTodos(db, { listId: lists[0], today: TODAY, limit: 1 })[0]!)
    const bad = expect.objectContaining({ code: 'INVALID_ARGUMENT' })
    expect(() => listTodos(db, { search: 'invoice', today: TODAY, after: at })).toThrow(bad)
    expect(() => listTodos(db, { search: 'invoice', today: TODAY, before: at })).toThrow(bad)
    expect(() => listTodos(db, { listId: lists[0], today: TODAY, after: at, before: at })).toThrow(bad)
  })
})

describe('query plans', () => {
  const plan = (args: ListTodos) => {
    const q = listQuery(args)!
    return (db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(q.params) as { detail: string }[])
      .map((r) => r.detail)
      .join('; ')
  }
  const at: TodoCursor = { listId: 1, position: 100, id: 300 }

  it('reads the first page, and pages on either side of a to-do, in the order of todos_by_list without sorting', () => {
    for (const filter of FILTERS) {
      for (const listId of [1, null]) {
        for (const cursor of [{}, { after: at }, { before: at }]) {
          const p = plan({ listId, filter, today: TODAY, limit: 100, ...cursor })
          // Across all lists, "today" reads the rows due that day by todos_by_due and sorts
          // those few instead (the app only reads across lists to search, by relevance).
          if (listId === null && filter === 'today') {
            expect(p).toMatch(/todos_by_due/)
            continue
          }
          expect(p, `${filter} ${listId} ${JSON.stringify(cursor)}`).toMatch(/todos_by_list/)
          expect(p).not.toMatch(/TEMP B-TREE/)
        }
      }
    }
    // The first page of a list seeks the list, it does not scan the table.
    expect(plan({ listId: 1, today: TODAY, limit: 100 })).toMatch(/SEARCH t USING INDEX todos_by_list \(list_id=\?\)/)
    expect(plan({ listId: 1, today: TODAY, limit: 100, after: at })).toMatch(
      /SEARCH t USING INDEX todos_by_list \(list_id=\? AND position>\?\)/,
    )
  })
})
