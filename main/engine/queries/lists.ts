import type { Db } from '../connection'
import type { List } from '../model'
import { OwnlistError } from '../errors'
import { nameKey, normalizeName } from '../names'

export type { List }

const SELECT = `SELECT l.id, l.name, l.position, l.created_at AS createdAt,
  (SELECT count(*) FROM todos t WHERE t.list_id = l.id AND t.done = 0) AS openCount
  FROM lists l`

export function listLists(db: Db): List[] {
  return db.prepare(`${SELECT} ORDER BY l.position, l.id`).all() as List[]
}

export function getList(db: Db, id: number): List {
  const row = db.prepare(`${SELECT} WHERE l.id = ?`).get(id) as List | undefined
  if (!row) throw new OwnlistError('NOT_FOUND', 'That list no longer exists.')
  return row
}

export function findListByName(db: Db, name: string): List {
  const row = db.prepare(`${SELECT} WHERE l.name = ? ORDER BY l.position LIMIT 1`).get(name) as List | undefined
  if (!row) throw new OwnlistError('NOT_FOUND', `There is no list named "${name}".`)
  return row
}

/**
 * List names are unique in a profile ignoring case, like profile names: a dialog can then
 * always say which list it means. Profiles that already hold duplicates still open; only a
 * new name is checked.
 */
function assertNameFree(db: Db, name: string, exceptId: number | null): void {
  const key = nameKey(name)
  const rows = db.prepare('SELECT id, name FROM lists').all() as { id: number; name: string }[]
  const clash = rows.find((l) => l.id !== exceptId && nameKey(l.name) === key)
  if (clash) throw new OwnlistError('NAME_TAKEN', `A list named "${clash.name}" already exists.`)
}

export function createList(db: Db, args: { name: string; now: Date }): List {
  const name = normalizeName(args.name, 'A list name')
  const id = db.transaction(() => {
    assertNameFree(db, name, null)
    const row = db
      .prepare(
        `INSERT INTO lists(name, position, created_at)
         VALUES (?, (SELECT coalesce(max(position), -1) + 1 FROM lists), ?) RETURNING id`,
      )
      .get(name, args.now.toISOString()) as { id: number }
    return row.id
  })()
  return getList(db, id)
}

export function renameList(db: Db, args: { id: number; name: string }): List {
  const name = normalizeName(args.name, 'A list name')
  db.transaction(() => {
    getList(db, args.id)
    assertNameFree(db, name, args.id)
    db.prepare('UPDATE lists SET name = ? WHERE id = ?').run(name, args.id)
  })()
  return getList(db, args.id)
}

/** Deletes a list and its to-dos; the last list stays, a profile always has one. */
export function deleteList(db: Db, args: { id: number }): void {
  db.transaction(() => {
    getList(db, args.id)
    const { n } = db.prepare('SELECT count(*) AS n FROM lists').get() as { n: number }
    if (n <= 1) throw new OwnlistError('INVALID_ARGUMENT', 'A profile keeps at least one list.')
    db.prepare('DELETE FROM lists WHERE id = ?').run(args.id)
  })()
}

/** Moves a list to `toIndex` (0-based) among all lists. */
export function moveList(db: Db, args: { id: number; toIndex: number }): List[] {
  db.transaction(() => {
    const ids = (db.prepare('SELECT id FROM lists ORDER BY position, id').pluck().all() as number[]).filter((x) => x !== args.id)
    if (ids.length === (db.prepare('SELECT count(*) FROM lists').pluck().get() as number)) {
      throw new OwnlistError('NOT_FOUND', 'That list no longer exists.')
    }
    ids.splice(Math.max(0, Math.min(args.toIndex, ids.length)), 0, args.id)
    const set = db.prepare('UPDATE lists SET position = ? WHERE id = ?')
    ids.forEach((id, i) => set.run(i, id))
  })()
  return listLists(db)
}
