import type { ReadableDb, WritableDb } from '../connection'
import { prepare, preparePluck } from './statements'
import type { List } from '../../../common/model'
import { OwnlistError } from '../errors'
import { nameKey, normalizeName } from '../names'

export type { List }

const SELECT = `SELECT l.id, l.name, l.position, l.created_at AS createdAt,
  (SELECT count(*) FROM todos t WHERE t.list_id = l.id AND t.done = 0) AS openCount
  FROM lists l`

export function listLists(db: ReadableDb): List[] {
  return prepare(db, `${SELECT} ORDER BY l.position, l.id`).all() as List[]
}

export function getList(db: ReadableDb, id: number): List {
  const row = prepare(db, `${SELECT} WHERE l.id = ?`).get(id) as List | undefined
  if (!row) throw new OwnlistError('NOT_FOUND', 'That list no longer exists.')
  return row
}

export function findListByName(db: ReadableDb, name: string): List {
  const row = prepare(db, `${SELECT} WHERE l.name = ? ORDER BY l.position LIMIT 1`).get(name) as List | undefined
  if (!row) throw new OwnlistError('NOT_FOUND', `There is no list named "${name}".`)
  return row
}

/**
 * List names are unique in a profile ignoring case, like profile names: a dialog can then
 * always say which list it means. Profiles that already hold duplicates still open; only a
 * new name is checked.
 */
function assertNameFree(db: ReadableDb, name: string, exceptId: number | null): void {
  const key = nameKey(name)
  const rows = prepare(db, 'SELECT id, name FROM lists').all() as { id: number; name: string }[]
  const clash = rows.find((l) => l.id !== exceptId && nameKey(l.name) === key)
  if (clash) throw new OwnlistError('NAME_TAKEN', `A list named "${clash.name}" already exists.`)
}

export function createList(db: WritableDb, args: { name: string; now: Date }): List {
  const name = normalizeName(args.name, 'A list name')
  const id = db.transaction(() => {
    assertNameFree(db, name, null)
    const row = prepare(
      db,
      `INSERT INTO lists(name, position, created_at)
         VALUES (?, (SELECT coalesce(max(position), -1) + 1 FROM lists), ?) RETURNING id`,
    ).get(name, args.now.toISOString()) as { id: number }
    return row.id
  })()
  return getList(db, id)
}

export function renameList(db: WritableDb, args: { id: number; name: string }): List {
  const name = normalizeName(args.name, 'A list name')
  db.transaction(() => {
    getList(db, args.id)
    assertNameFree(db, name, args.id)
    prepare(db, 'UPDATE lists SET name = ? WHERE id = ?').run(name, args.id)
  })()
  return getList(db, args.id)
}

/** A deleted list and its to-dos, every column as stored: what bringBackList puts back. */
export interface DeletedList {
  list: Record<string, unknown>
  todos: Record<string, unknown>[]
  /** Where it stood among the lists (0-based) when deleted: where it comes back. */
  index: number
}

/** Deletes a list and its to-dos; the last list stays, a profile always has one. Returns what went, for an undo. */
export function deleteList(db: WritableDb, args: { id: number }): DeletedList {
  return db.transaction(() => {
    getList(db, args.id)
    const { n } = prepare(db, 'SELECT count(*) AS n FROM lists').get() as { n: number }
    if (n <= 1) throw new OwnlistError('INVALID_ARGUMENT', 'A profile keeps at least one list.')
    // SELECT *: whatever columns later schema versions add come back too.
    const list = prepare(db, 'SELECT * FROM lists WHERE id = ?').get(args.id) as Record<string, unknown>
    const index = (preparePluck(db, 'SELECT id FROM lists ORDER BY position, id').all() as number[]).indexOf(args.id)
    const todos = prepare(db, 'SELECT * FROM todos WHERE list_id = ? ORDER BY position, id').all(args.id) as Record<
      string,
      unknown
    >[]
    prepare(db, 'DELETE FROM lists WHERE id = ?').run(args.id)
    return { list, todos, index }
  })()
}

/**
 * Puts a deleted list back at the place it had in the sidebar (its index then, not its old
 * position number: lists moved since renumber positions), with its to-dos and every column, in
 * one transaction. Ids are kept where still free; one taken since (SQLite reuses the highest
 * rowid) gets a new one.
 */
export function bringBackList(db: WritableDb, deleted: DeletedList): List {
  return db.transaction(() => {
    assertNameFree(db, String(deleted.list.name), null)
    const listTaken = prepare(db, 'SELECT 1 FROM lists WHERE id = ?').get(deleted.list.id)
    const listId = insertRow(db, 'lists', listTaken ? { ...deleted.list, id: null } : deleted.list)
    const todoTaken = prepare(db, 'SELECT 1 FROM todos WHERE id = ?')
    for (const todo of deleted.todos)
      insertRow(db, 'todos', { ...todo, id: todoTaken.get(todo.id) ? null : todo.id, list_id: listId })
    placeList(db, listId, deleted.index)
    return getList(db, listId)
  })()
}

/** Inserts a row read with SELECT * (column names from the file itself); returns its id. */
function insertRow(db: WritableDb, table: 'lists' | 'todos', row: Record<string, unknown>): number {
  const columns = Object.keys(row)
  const sql = `INSERT INTO ${table}(${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) RETURNING id`
  return (prepare(db, sql).get(...columns.map((c) => row[c])) as { id: number }).id
}

/** Moves a list to `toIndex` (0-based) among all lists. */
export function moveList(db: WritableDb, args: { id: number; toIndex: number }): List[] {
  db.transaction(() => placeList(db, args.id, args.toIndex))()
  return listLists(db)
}

/** Puts list `id` at `toIndex` (clamped) among all lists, numbering positions 0…n-1. */
function placeList(db: WritableDb, id: number, toIndex: number): void {
  const ids = (preparePluck(db, 'SELECT id FROM lists ORDER BY position, id').all() as number[]).filter((x) => x !== id)
  if (ids.length === (preparePluck(db, 'SELECT count(*) FROM lists').get() as number)) {
    throw new OwnlistError('NOT_FOUND', 'That list no longer exists.')
  }
  ids.splice(Math.max(0, Math.min(toIndex, ids.length)), 0, id)
  const set = prepare(db, 'UPDATE lists SET position = ? WHERE id = ?')
  ids.forEach((i, n) => set.run(n, i))
}
