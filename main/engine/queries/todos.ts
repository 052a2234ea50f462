import type { ReadableDb, WritableDb } from '../connection'
import { prepare, preparePluck } from './statements'
import type { Todo, TodoCounts, TodoCursor, TodoFilter } from '../../../common/model'
import { OwnlistError } from '../errors'
import { getList } from './lists'
import { checkRepeat } from '../recurrence/check'
import type { RepeatFrom } from '../recurrence/rule'
import { parseRemindAt } from '../recurrence/remind'
import { checkDate, checkNotes, checkTitle, ftsQuery } from './validate'

export type { Todo, TodoCounts, TodoCursor, TodoFilter }

interface TodoRow extends Omit<Todo, 'done'> {
  done: number
}

const COLUMNS = `t.id, t.list_id AS listId, t.title, t.notes, t.done, t.due_on AS dueOn, t.position,
  t.created_at AS createdAt, t.updated_at AS updatedAt, t.completed_at AS completedAt,
  t.repeat_rule AS repeat, t.repeat_from AS repeatFrom, t.remind_at AS remindAt`

/** The same columns, as an INSERT … RETURNING names them (no table alias there). */
const RETURNING = `id, list_id AS listId, title, notes, done, due_on AS dueOn, position,
  created_at AS createdAt, updated_at AS updatedAt, completed_at AS completedAt,
  repeat_rule AS repeat, repeat_from AS repeatFrom, remind_at AS remindAt`

/**
 * Turns a row into a to-do in place: every row is a new object better-sqlite3 made for this call,
 * and copying it (a spread per row) was most of what listing a page cost over the query itself.
 * Once per row: a second call would read `done` as a boolean and make it false.
 */
const toTodo = (r: TodoRow): Todo => {
  const todo = r as unknown as Todo
  todo.done = r.done === 1
  return todo
}

export function getTodo(db: ReadableDb, id: number): Todo {
  const row = prepare(db, `SELECT ${COLUMNS} FROM todos t WHERE t.id = ?`).get(id) as TodoRow | undefined
  if (!row) throw new OwnlistError('NOT_FOUND', 'That to-do no longer exists.')
  return toTodo(row)
}

/** What adding and editing a to-do both take besides its list or id and its title. */
interface TodoFields {
  notes?: string
  dueOn?: string | null
  /** A repeat rule as a person writes it (see recurrence/rule.ts), or null (editing: ends the series). */
  repeat?: string | null
  repeatFrom?: RepeatFrom
  /** ISO-8601; local time without a zone. */
  remindAt?: string | null
  now: Date
}

export interface AddTodo extends TodoFields {
  listId: number
  title: string
}

/** Adds a to-do at the end of its list. */
export function addTodo(db: WritableDb, args: AddTodo): Todo {
  const title = checkTitle(args.title)
  const notes = checkNotes(args.notes ?? '')
  const dueOn = checkDate(args.dueOn)
  const repeat = checkRepeat(args.repeat, args.repeatFrom, dueOn, args.now)
  const remindAt = args.remindAt ? parseRemindAt(args.remindAt) : null
  // Only whether the list exists: getList would also count its open to-dos, a scan of the
  // whole list on every add (adding 10,000 one at a time took 7x a plain INSERT).
  if (!prepare(db, 'SELECT 1 FROM lists WHERE id = ?').get(args.listId)) {
    throw new OwnlistError('NOT_FOUND', 'That list no longer exists.')
  }
  const at = args.now.toISOString()
  // The new row as stored (the triggers only touch other tables), without reading it back.
  // all(), not get(): get() stops at the row and the commit then happens in the statement's
  // reset, where SQLite skips the WAL auto-checkpoint, so a run of adds grew the WAL without
  // bound (36 KB per to-do) until the profile was closed.
  const [row] = prepare(
    db,
    `INSERT INTO todos(list_id, title, notes, due_on, position, created_at, updated_at, repeat_rule, repeat_from, remind_at)
     VALUES (@listId, @title, @notes, @dueOn,
       (SELECT coalesce(max(position), -1) + 1 FROM todos WHERE list_id = @listId), @at, @at, @rule, @from, @remindAt)
     RETURNING ${RETURNING}`,
  ).all({ listId: args.listId, title, notes, dueOn, at, rule: repeat.rule, from: repeat.from, remindAt }) as TodoRow[]
  return toTodo(row!)
}

export interface ListTodos {
  listId?: number | null
  filter?: TodoFilter
  search?: string | null
  /** The user's local date, YYYY-MM-DD: "today" is a local notion, not a UTC one. */
  today: string
  limit?: number
  offset?: number
  /**
   * Keyset paging (not with a search): only rows after (or before) this one, still in list
   * order. A page next to one already read costs the same at row 90,000 as at row 0, where
   * OFFSET walks every row it skips.
   */
  after?: TodoCursor | null
  before?: TodoCursor | null
}

/** To-dos of one list (or all lists) in their order; with `search`, by relevance. */
export function listTodos(db: ReadableDb, args: ListTodos): Todo[] {
  const q = listQuery(args)
  if (!q) return []
  const rows = (prepare(db, q.sql).all(q.params) as TodoRow[]).map(toTodo)
  return q.backwards ? rows.reverse() : rows
}

/** The statement listTodos runs (exported so a test can read its query plan); null: nothing can match. */
export function listQuery(
  args: ListTodos,
): { sql: string; params: Record<string, unknown>; backwards: boolean } | null {
  const q = todoQuery(args)
  if (!q) return null
  const cursor = args.after ?? args.before
  if (args.after && args.before)
    throw new OwnlistError('INVALID_ARGUMENT', 'Page after a to-do or before one, not both.')
  if (cursor && q.ranked)
    throw new OwnlistError('INVALID_ARGUMENT', 'Search results are paged by offset, not by a to-do.')
  if (cursor && q.byDue)
    throw new OwnlistError('INVALID_ARGUMENT', 'Upcoming to-dos are paged by offset, not by a to-do.')
  const backwards = Boolean(args.before)
  let where = q.where
  const params: Record<string, unknown> = { ...q.params, limit: args.limit ?? -1, offset: args.offset ?? 0 }
  if (cursor) {
    // The order of the index todos_by_list(list_id, position), whose last column is the rowid.
    const op = backwards ? '<' : '>'
    where +=
      args.listId != null
        ? ` AND (t.position, t.id) ${op} (@atPosition, @atId)`
        : ` AND (t.list_id, t.position, t.id) ${op} (@atList, @atPosition, @atId)`
    if (args.listId == null) params.atList = cursor.listId
    params.atPosition = cursor.position
    params.atId = cursor.id
  }
  const order = q.ranked
    ? 'todos_fts.rank, t.id'
    : q.byDue
      ? 't.due_on, t.list_id, t.position, t.id'
      : backwards
        ? 't.list_id DESC, t.position DESC, t.id DESC'
        : 't.list_id, t.position, t.id'
  const sql = `SELECT ${COLUMNS} FROM ${q.from} WHERE ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`
  return { sql, params, backwards }
}

/** How many to-dos `listTodos` would return without a limit (for windowed lists). */
export function countMatching(db: ReadableDb, args: ListTodos): number {
  const q = todoQuery(args)
  if (!q) return 0
  return preparePluck(db, `SELECT count(*) FROM ${q.from} WHERE ${q.where}`).get(q.params) as number
}

function todoQuery(
  args: ListTodos,
): { from: string; where: string; params: Record<string, unknown>; ranked: boolean; byDue: boolean } | null {
  const where: string[] = []
  const params: Record<string, unknown> = {}
  if (args.listId != null) {
    where.push('t.list_id = @listId')
    params.listId = args.listId
  }
  const filter = args.filter ?? 'all'
  if (filter === 'today' || filter === 'overdue' || filter === 'upcoming') params.today = checkDate(args.today, 'Today')
  if (filter === 'upcoming') params.weekEnd = addDays(params.today as string, UPCOMING_DAYS)
  where.push(FILTERS[filter])
  const match = args.search ? ftsQuery(args.search) : null
  if (args.search?.trim() && !match) return null
  if (match) {
    where.push('todos_fts MATCH @match')
    params.match = match
  }
  const from = match ? 'todos_fts JOIN todos t ON t.id = todos_fts.rowid' : 'todos t'
  return {
    from,
    where: where.join(' AND '),
    params,
    ranked: match !== null,
    byDue: filter === 'upcoming' && match === null,
  }
}

/** Upcoming: the days after today it covers. */
export const UPCOMING_DAYS = 7

/** A calendar date `days` later (dates are checked YYYY-MM-DD; UTC arithmetic has no DST). */
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

const FILTERS: Record<TodoFilter, string> = {
  all: '1',
  open: 't.done = 0',
  done: 't.done = 1',
  today: 't.due_on = @today',
  overdue: 't.done = 0 AND t.due_on < @today',
  upcoming: 't.done = 0 AND t.due_on > @today AND t.due_on <= @weekEnd',
}

/** A new `repeat` rule edits the series from this occurrence on. */
export interface UpdateTodo extends TodoFields {
  id: number
  title?: string
}

export function updateTodo(db: WritableDb, args: UpdateTodo): Todo {
  const current = getTodo(db, args.id)
  const next = {
    id: args.id,
    title: args.title === undefined ? current.title : checkTitle(args.title),
    notes: args.notes === undefined ? current.notes : checkNotes(args.notes),
    dueOn: args.dueOn === undefined ? current.dueOn : checkDate(args.dueOn),
    at: args.now.toISOString(),
    remindAt: args.remindAt === undefined ? current.remindAt : args.remindAt ? parseRemindAt(args.remindAt) : null,
  }
  const repeat =
    args.repeat !== undefined
      ? checkRepeat(args.repeat, args.repeatFrom, next.dueOn, args.now)
      : current.repeat && args.repeatFrom
        ? { rule: current.repeat, from: args.repeatFrom }
        : { rule: current.repeat, from: current.repeatFrom }
  prepare(
    db,
    `UPDATE todos SET title = @title, notes = @notes, due_on = @dueOn, updated_at = @at,
       repeat_rule = @rule, repeat_from = @from, remind_at = @remindAt WHERE id = @id`,
  ).run({ ...next, rule: repeat.rule, from: repeat.from })
  return getTodo(db, args.id)
}

export function setDone(db: WritableDb, args: { id: number; done: boolean; now: Date }): Todo {
  const at = args.now.toISOString()
  // The row as updated, without reading it back; all(), not get(), for the WAL auto-checkpoint of
  // an autocommit call (see addTodo): the app's own calls run inside setDoneRepeating's transaction.
  const [row] = prepare(
    db,
    `UPDATE todos SET done = @done, updated_at = @at,
       completed_at = CASE WHEN @done = 1 THEN coalesce(completed_at, @at) ELSE NULL END
     WHERE id = @id
     RETURNING ${RETURNING}`,
  ).all({ id: args.id, done: args.done ? 1 : 0, at }) as TodoRow[]
  if (!row) throw new OwnlistError('NOT_FOUND', 'That to-do no longer exists.')
  return toTodo(row)
}

export function deleteTodo(db: WritableDb, args: { id: number }): void {
  const { changes } = prepare(db, 'DELETE FROM todos WHERE id = ?').run(args.id)
  if (changes === 0) throw new OwnlistError('NOT_FOUND', 'That to-do no longer exists.')
}

/** Moves a to-do to `toIndex` (0-based) in `listId` (its own list when omitted). */
export function moveTodo(db: WritableDb, args: { id: number; toIndex: number; listId?: number; now: Date }): Todo {
  db.transaction(() => {
    const todo = getTodo(db, args.id)
    const listId = args.listId ?? todo.listId
    getList(db, listId)
    const ids = (
      preparePluck(db, 'SELECT id FROM todos WHERE list_id = ? ORDER BY position, id').all(listId) as number[]
    ).filter((x) => x !== args.id)
    ids.splice(Math.max(0, Math.min(args.toIndex, ids.length)), 0, args.id)
    prepare(db, 'UPDATE todos SET list_id = ?, updated_at = ? WHERE id = ?').run(
      listId,
      args.now.toISOString(),
      args.id,
    )
    const set = prepare(db, 'UPDATE todos SET position = ? WHERE id = ? AND position IS NOT ?')
    ids.forEach((id, i) => set.run(i, id, i))
  })()
  return getTodo(db, args.id)
}

/** The filter bar's counts; with `search`, of the matching to-dos only (they describe what the view shows). */
export function countTodos(
  db: ReadableDb,
  args: { today: string; listId?: number | null; search?: string | null },
): TodoCounts {
  const today = checkDate(args.today, 'Today')
  const match = args.search ? ftsQuery(args.search) : null
  if (args.search?.trim() && !match) return { total: 0, open: 0, done: 0, overdue: 0, today: 0 }
  const from = match ? 'todos_fts JOIN todos t ON t.id = todos_fts.rowid' : 'todos t'
  const where = match
    ? '(@listId IS NULL OR t.list_id = @listId) AND todos_fts MATCH @match'
    : '@listId IS NULL OR t.list_id = @listId'
  const params: Record<string, unknown> = { today, listId: args.listId ?? null }
  if (match) params.match = match
  return prepare(
    db,
    `SELECT count(*) AS total, coalesce(sum(t.done = 0), 0) AS open, coalesce(sum(t.done = 1), 0) AS done,
       coalesce(sum(t.done = 0 AND t.due_on < @today), 0) AS overdue, coalesce(sum(t.due_on = @today), 0) AS today
     FROM ${from} WHERE ${where}`,
  ).get(params) as TodoCounts
}
