// To-do queries on an open profile: adding one at a time, the first page of a big list,
// and full-text search, each against the same SQL as prepared better-sqlite3 statements.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { Engine } from '../../main/engine/engine'
import { localDate } from '../../main/engine/local-date'
import { addTodo, listTodos } from '../../main/engine/queries/todos'
import { ftsQuery } from '../../main/engine/queries/validate'
import { flush, NOUNS, NOW, tempRoot, VERBS } from '../lib/data'
import { bigProfile } from '../lib/fleet'
import { ratioRow, runsIn, type BenchContext, type Row, type ScenarioOutput } from '../lib/scenario'
import { alternate, now, perCall, since } from '../lib/stats'

export const TARGET = 1.3
const PAGE = 50
const COLUMNS = `t.id, t.list_id AS listId, t.title, t.notes, t.done, t.due_on AS dueOn, t.position,
  t.created_at AS createdAt, t.updated_at AS updatedAt, t.completed_at AS completedAt,
  t.repeat_rule AS repeat, t.repeat_from AS repeatFrom, t.remind_at AS remindAt`
/** What listTodos runs for { listId, limit } and for { search, limit }, written out once for the raw side. */
const RAW_LIST_SQL = `SELECT ${COLUMNS} FROM todos t WHERE t.list_id = ? ORDER BY t.list_id, t.position, t.id LIMIT ? OFFSET 0`
const RAW_SEARCH_SQL = `SELECT ${COLUMNS} FROM todos_fts JOIN todos t ON t.id = todos_fts.rowid
  WHERE todos_fts MATCH ? ORDER BY todos_fts.rank, t.id LIMIT ? OFFSET 0`
const RAW_INSERT_SQL = `INSERT INTO todos(list_id, title, notes, due_on, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`

const title = (i: number) => `Task ${i}: ${VERBS[i % VERBS.length]} the ${NOUNS[(i * 7) % NOUNS.length]}`
const notes = (i: number) => (i % 3 ? '' : 'some notes to index')

/** The raw side's connection: the same pragmas as the engine's writable connection. */
function rawOpen(file: string): Database.Database {
  const db = new Database(file, { fileMustExist: true })
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  return db
}

export async function todosScenario(ctx: BenchContext): Promise<ScenarioOutput> {
  const rows: Row[] = []
  const detail: Record<string, unknown> = {}
  const tmp = tempRoot('todos')
  try {
    // -------------------------------------------------------------------------------------
    // Add N to-dos one at a time, each in its own transaction, into a new profile.
    {
      const adds = ctx.quick ? 2000 : 10_000
      // 5, not 3: one run slowed by the disk's writeback moved a median of 3 by 0.4x.
      const runs = ctx.runs ?? 5
      const engine = new Engine({ dataDir: path.join(tmp.root, 'add'), now: () => NOW })
      const rawDir = path.join(tmp.root, 'add-raw')
      fs.mkdirSync(rawDir)
      let k = 0
      // The WAL left after the adds: equal on both sides when both let SQLite auto-checkpoint.
      const walBytes = { raw: 0, engine: 0 }
      const wal = (file: string) => fs.statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0
      const rawRun = (n: number) => () => {
        const file = path.join(rawDir, `p${k++}.sqlite`)
        fs.copyFileSync(engine.templateFile, file)
        const db = rawOpen(file)
        const insert = db.prepare(RAW_INSERT_SQL)
        const t0 = now()
        for (let i = 0; i < n; i++) {
          const at = new Date().toISOString()
          insert.run(1, title(i), notes(i), null, i, at, at)
        }
        const ms = since(t0)
        if ((db.prepare('SELECT count(*) FROM todos').pluck().get() as number) !== n)
          throw new Error('raw add: wrong count')
        walBytes.raw = Math.max(walBytes.raw, wal(file))
        db.close()
        fs.rmSync(file)
        return ms / n
      }
      const engineRun = (n: number) => async () => {
        const entry = engine.createProfile(`Add ${k++}`)
        const session = await engine.openProfile(entry.id)
        const t0 = now()
        for (let i = 0; i < n; i++)
          addTodo(session.db, { listId: 1, title: title(i), notes: notes(i), now: new Date() })
        const ms = since(t0)
        if ((session.db.prepare('SELECT count(*) FROM todos').pluck().get() as number) !== n)
          throw new Error('engine add: wrong count')
        walBytes.engine = Math.max(walBytes.engine, wal(entry.file))
        session.close()
        fs.rmSync(entry.file)
        return ms / n
      }
      ctx.log(`add: ${runs} runs of ${adds} to-dos added one at a time (each its own transaction) to a new profile`)
      // Warm-up on a smaller batch: the measured runs start from a new profile anyway.
      rawRun(500)()
      await engineRun(500)()
      const result = await alternate({ warmup: 0, runs, raw: rawRun(adds), engine: engineRun(adds) })
      rows.push(ratioRow('add', `add ${adds / 1000}k to-dos one at a time (per to-do)`, result, TARGET, 'µs'))
      detail.add = {
        setup: { todos: adds, runs },
        raw: `a prepared ${RAW_INSERT_SQL} (position counted in JS), autocommit, same schema and triggers, WAL + synchronous NORMAL + foreign_keys`,
        engine:
          'queries/todos addTodo(db, { listId, title, notes, now }) on a session from Engine.openProfile: validation, list check, INSERT … RETURNING the row with the next position from a subquery (statements prepared once per connection)',
        perTodoUs: runsIn(result, 'µs'),
        walBytesAfterAdds: walBytes,
      }
      engine.close()
    }

    // -------------------------------------------------------------------------------------
    // The first page of a big list, and a full-text search, on an open profile.
    {
      const todos = ctx.quick ? 20_000 : 100_000
      const big = await bigProfile(todos, ctx.log)
      const engine = new Engine({ dataDir: path.join(tmp.root, 'big'), now: () => NOW })
      const id = '00000000-0000-4000-8000-000000000200'
      fs.mkdirSync(engine.layout.profilesDir, { recursive: true })
      fs.copyFileSync(big.file, engine.layout.profileFile(id))
      flush([engine.layout.profileFile(id)])
      const session = await engine.openProfile(id)
      // The raw side reads the same file through its own connection.
      const raw = rawOpen(engine.layout.profileFile(id))
      const today = localDate(NOW)
      const listId = 1
      const word = NOUNS[0]
      const match = ftsQuery(word)!
      const rawList = raw.prepare(RAW_LIST_SQL)
      const rawSearch = raw.prepare(RAW_SEARCH_SQL)
      const hits = raw.prepare('SELECT count(*) FROM todos_fts WHERE todos_fts MATCH ?').pluck().get(match) as number

      // Both sides must return the same rows.
      const e1 = listTodos(session.db, { listId, limit: PAGE, today })
      const r1 = rawList.all(listId, PAGE) as { id: number }[]
      const e2 = listTodos(session.db, { search: word, limit: PAGE, today })
      const r2 = rawSearch.all(match, PAGE) as { id: number }[]
      // The same rows with the same columns: a raw side reading fewer columns than the app needs
      // (as it did once a migration added three) is not the same work.
      const same = (a: { id: number }[], b: { id: number }[]) =>
        a.length === PAGE &&
        a.map((x) => x.id).join() === b.map((x) => x.id).join() &&
        Object.keys(a[0]!).join() === Object.keys(b[0]!).join()
      if (!same(e1, r1) || !same(e2, r2)) throw new Error('list/search: engine and raw disagree')

      const listCalls = ctx.quick ? 200 : 500
      const listRuns = ctx.runs ?? (ctx.quick ? 5 : 9)
      ctx.log(`list: ${listRuns} runs of ${listCalls} first pages of ${PAGE} from ${todos} to-dos`)
      const list = await alternate({
        warmup: 1,
        runs: listRuns,
        raw: () => perCall(listCalls, () => void rawList.all(listId, PAGE)),
        engine: () => perCall(listCalls, () => void listTodos(session.db, { listId, limit: PAGE, today })),
      })
      rows.push(ratioRow('list', `list 50 of ${todos / 1000}k to-dos`, list, TARGET, 'µs'))
      detail.list = {
        setup: { todos, calls: listCalls, runs: listRuns },
        raw: `a prepared ${RAW_LIST_SQL.replace(/\s+/g, ' ')}, .all()`,
        engine:
          'queries/todos listTodos(db, { listId, limit: 50, today }) (builds the query, its statement prepared once per connection, maps rows to to-dos)',
        perCallUs: runsIn(list, 'µs'),
      }

      const searchCalls = ctx.quick ? 20 : 50
      const searchRuns = ctx.runs ?? (ctx.quick ? 5 : 9)
      ctx.log(
        `search: ${searchRuns} runs of ${searchCalls} searches for "${word}" (${hits} hits) among ${todos} to-dos`,
      )
      const search = await alternate({
        warmup: 1,
        runs: searchRuns,
        raw: () => perCall(searchCalls, () => void rawSearch.all(match, PAGE)),
        engine: () => perCall(searchCalls, () => void listTodos(session.db, { search: word, limit: PAGE, today })),
      })
      rows.push(ratioRow('search', `search ${todos / 1000}k to-dos (${hits} hits, top 50)`, search, TARGET, 'ms'))
      detail.search = {
        setup: { todos, word, match, hits, calls: searchCalls, runs: searchRuns },
        raw: `a prepared ${RAW_SEARCH_SQL.replace(/\s+/g, ' ')} with the same MATCH expression, .all()`,
        engine: `queries/todos listTodos(db, { search: '${word}', limit: 50, today })`,
        perCallMs: runsIn(search, 'ms'),
      }
      raw.close()
      session.close()
      engine.close()
    }
    return { name: 'todos', rows, detail }
  } finally {
    tmp.done()
  }
}
