import path from 'node:path'
import { openDatabase, type Db } from '../connection'
import { copyFilePrivate, fsyncDir, fsyncFile } from '../fsutil'
import { writeMeta } from '../meta'

export interface Salvage {
  lists: number
  todos: number
  /** Rows that could not be read from the damaged file. */
  lost: number
}

const CHUNK = 200

/**
 * Reads every row SQLite can still read from `table`, chunk by chunk, and row by row
 * inside a chunk that fails: a damaged page costs the rows on it, not the whole table.
 */
export function readableRows(db: Db, table: 'lists' | 'todos'): { rows: Record<string, unknown>[]; lost: number } {
  const rows: Record<string, unknown>[] = []
  let lost = 0
  let max: number
  try {
    max = (db.prepare(`SELECT max(rowid) FROM ${table}`).pluck().get() as number | null) ?? 0
  } catch {
    max = 1_000_000
  }
  const chunk = db.prepare(`SELECT * FROM ${table} WHERE rowid BETWEEN ? AND ? ORDER BY rowid`)
  const one = db.prepare(`SELECT * FROM ${table} WHERE rowid = ?`)
  for (let lo = 1; lo <= max; lo += CHUNK) {
    try {
      rows.push(...(chunk.all(lo, lo + CHUNK - 1) as Record<string, unknown>[]))
    } catch {
      for (let id = lo; id < lo + CHUNK && id <= max; id++) {
        try {
          const row = one.get(id) as Record<string, unknown> | undefined
          if (row) rows.push(row)
        } catch {
          lost++
        }
      }
    }
  }
  return { rows, lost }
}

/**
 * Builds a new profile file at `target` from the template and whatever can be read from
 * `damaged`: metadata, lists, to-dos (a to-do whose list is lost goes to a "Recovered"
 * list), with the full-text index rebuilt. The damaged file itself is only read.
 */
export function rebuildInto(
  damagedFile: string,
  templateFile: string,
  target: string,
  meta: Record<string, string>,
): Salvage {
  copyFilePrivate(templateFile, target)
  const src = openDatabase(damagedFile, { readonly: true, fileMustExist: true })
  const dst = openDatabase(target, { fileMustExist: true })
  try {
    const lists = readableRows(src, 'lists')
    const todos = readableRows(src, 'todos')
    const listCols = ['id', 'name', 'position', 'created_at']
    const todoCols = [
      'id',
      'list_id',
      'title',
      'notes',
      'done',
      'due_on',
      'position',
      'created_at',
      'updated_at',
      'completed_at',
      'repeat_rule',
      'repeat_from',
      'remind_at',
    ]
    const insert = (table: string, cols: string[]) =>
      dst.prepare(`INSERT OR REPLACE INTO ${table}(${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`)
    dst.transaction(() => {
      writeMeta(dst, meta)
      const now = new Date().toISOString()
      const putList = insert('lists', listCols)
      // The template's own list only stands in when no list could be read: a profile whose
      // "Inbox" (id 1) was deleted must not get it back from a repair.
      if (lists.rows.length) dst.prepare('DELETE FROM lists').run()
      for (const row of lists.rows) {
        const l = pick(row, listCols)
        putList.run({
          ...l,
          name: l.name ?? 'Recovered list',
          position: l.position ?? l.id,
          created_at: l.created_at ?? now,
        })
      }
      const known = new Set(dst.prepare('SELECT id FROM lists').pluck().all() as number[])
      let orphanList: number | null = null
      const putTodo = insert('todos', todoCols)
      for (const row of todos.rows) {
        const t = pick(row, todoCols)
        // Columns a damaged row may have lost get neutral values rather than losing the row.
        t.title ??= '(untitled)'
        t.notes ??= ''
        t.done = t.done === 1 ? 1 : 0
        t.position ??= t.id
        t.created_at ??= now
        t.updated_at ??= t.created_at
        // A repeat counts from 'due' or 'done' (a CHECK); the link to an earlier occurrence is not kept.
        if (t.repeat_from !== 'due' && t.repeat_from !== 'done') t.repeat_from = t.repeat_rule === null ? null : 'due'
        if (t.repeat_rule === null) t.repeat_from = null
        if (!known.has(t.list_id as number)) {
          orphanList ??= dst
            .prepare(
              "INSERT INTO lists(name, position, created_at) VALUES ('Recovered', (SELECT coalesce(max(position), -1) + 1 FROM lists), ?) RETURNING id",
            )
            .pluck()
            .get(now) as number
          t.list_id = orphanList
        }
        putTodo.run(t)
      }
      dst.prepare("INSERT INTO todos_fts(todos_fts) VALUES ('rebuild')").run()
    })()
    dst.pragma('journal_mode = DELETE')
    return { lists: lists.rows.length, todos: todos.rows.length, lost: lists.lost + todos.lost }
  } finally {
    src.close()
    dst.close()
    fsyncFile(target)
    fsyncDir(path.dirname(target))
  }
}

function pick(row: Record<string, unknown>, cols: string[]): Record<string, unknown> {
  return Object.fromEntries(cols.map((c) => [c, row[c] ?? null]))
}
