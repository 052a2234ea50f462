import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../cli/main'
import { Engine } from '../engine'
import { createList } from '../queries/lists'
import { addTodo } from '../queries/todos'
import { sha256File, sideFiles, snapshotTree, SupportChild, withDb } from '../../../test/support/helpers'
import { engineTestBed } from '../../../test/support/test-bed'

const { temps, engines, children } = engineTestBed()

function newEngine(dataDir = path.join(temps.make(), 'data')): Engine {
  const e = new Engine({ dataDir })
  engines.push(e)
  return e
}

async function check(dataDir: string, ref: string) {
  const r = await runCli(['--data-dir', dataDir, '--json', 'check', ref], {})
  return { exitCode: r.exitCode, body: JSON.parse(r.stdout) as Record<string, any> }
}

/** A closed, checkpointed profile with two lists and 20 to-dos. */
async function profile(engine: Engine, name: string) {
  const p = engine.createProfile(name)
  await engine.writeProfile(p.id, (db) => {
    const errands = createList(db, { name: 'Errands', now: new Date() })
    for (let i = 1; i <= 20; i++)
      addTodo(db, { listId: i % 2 ? 1 : errands.id, title: `Buy item ${i}`, notes: `note ${i}`, now: new Date() })
  })
  expect(sideFiles(p.file)).toEqual([])
  return p
}

/**
 * Runs `check` on a closed profile and asserts it changed nothing: the file's bytes, no
 * side files left, and nothing else in the data folder.
 */
async function checkUnchanged(engine: Engine, id: string) {
  const file = engine.resolve(id).file
  const sum = sha256File(file)
  const tree = snapshotTree(engine.layout.root)
  const r = await check(engine.layout.root, id)
  expect(sha256File(file)).toBe(sum)
  expect(sideFiles(file)).toEqual([])
  expect(snapshotTree(engine.layout.root)).toEqual(tree)
  return r
}

/** Changes a title behind the full-text index's back: drop its trigger, update, put the trigger back. */
function retitleBehindIndex(file: string) {
  withDb(file, (db) => {
    const trigger = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'todos_fts_update'").pluck().get() as string
    db.exec('DROP TRIGGER todos_fts_update')
    db.prepare("UPDATE todos SET title = 'Something else entirely' WHERE id = 3").run()
    db.exec(trigger)
  })
}

describe('check', () => {
  it('reports a healthy profile as {"ok":true,"problems":[]} and changes nothing', async () => {
    const engine = newEngine()
    const p = await profile(engine, 'Healthy')
    const r = await checkUnchanged(engine, p.id)
    expect(r.exitCode).toBe(0)
    expect(Object.keys(r.body)).toEqual(['ok', 'problems'])
    expect(r.body).toEqual({ ok: true, problems: [] })
    // By name too, and the same through the engine.
    expect((await check(engine.layout.root, 'Healthy')).body).toEqual({ ok: true, problems: [] })
    expect(await engine.checkProfile(p.id)).toEqual({ ok: true, problems: [] })
  })

  it('reports a to-do whose list is missing as a foreign-key problem', async () => {
    const engine = newEngine()
    const p = await profile(engine, 'Orphans')
    const orphan = withDb(p.file, (db) => {
      db.pragma('foreign_keys = OFF')
      return db
        .prepare(
          "INSERT INTO todos(list_id, title, position, created_at, updated_at) VALUES (999, 'Orphan', 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
        )
        .run().lastInsertRowid
    })
    const r = await checkUnchanged(engine, p.id)
    expect(r.exitCode).toBe(0)
    expect(r.body).toEqual({
      ok: false,
      problems: [`foreign key: todos row ${orphan} refers to a missing row of lists`],
    })
  })

  it('reports a full-text index out of step with the to-dos, which the integrity check alone misses', async () => {
    const engine = newEngine()
    const p = await profile(engine, 'Search')
    retitleBehindIndex(p.file)
    expect(withDb(p.file, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok')
    const r = await checkUnchanged(engine, p.id)
    expect(r.body).toEqual({ ok: false, problems: [expect.stringMatching(/^full-text index: /)] })
  })

  it('reports damaged full-text index data', async () => {
    const engine = newEngine()
    const p = await profile(engine, 'Shadow')
    withDb(p.file, (db) => {
      db.unsafeMode(true)
      db.prepare('DELETE FROM todos_fts_data WHERE id > 10').run()
    })
    const r = await checkUnchanged(engine, p.id)
    expect(r.body.ok).toBe(false)
    expect(r.body.problems).toContainEqual(expect.stringMatching(/^full-text index: /))
  })

  it('runs the full-text check on a copy when another process holds the profile', async () => {
    const engine = newEngine()
    const p = await profile(engine, 'Held search')
    retitleBehindIndex(p.file)
    const child = new SupportChild('hold-profile.ts', [engine.layout.root, p.id, 'Held'])
    children.push(child)
    expect(JSON.parse(await child.nextLine())).toMatchObject({ ready: true })
    const r = await check(engine.layout.root, p.id)
    expect(r.body).toEqual({ ok: false, problems: [expect.stringMatching(/^full-text index: /)] })
  })

  it('reports integrity failures (an index that no longer matches its table)', async () => {
    const engine = newEngine()
    const p = await profile(engine, 'Broken')
    withDb(p.file, (db) => {
      db.unsafeMode(true)
      db.pragma('writable_schema = ON')
      db.prepare(
        "UPDATE sqlite_schema SET sql = 'CREATE INDEX todos_by_list ON todos(title, position)' WHERE name = 'todos_by_list'",
      ).run()
    })
    const r = await checkUnchanged(engine, p.id)
    expect(r.body.ok).toBe(false)
    expect(r.body.problems.length).toBeGreaterThan(0)
    for (const problem of r.body.problems as string[]) expect(problem).toMatch(/^integrity: .*todos_by_list/)
  })

  it('checks a profile open in this process through its session, and one another process holds, read-only', async () => {
    const engine = newEngine()
    const p = await profile(engine, 'Busy')
    withDb(p.file, (db) => {
      db.pragma('foreign_keys = OFF')
      db.prepare(
        "INSERT INTO todos(list_id, title, position, created_at, updated_at) VALUES (42, 'Orphan', 0, 'x', 'x')",
      ).run()
    })
    const problems = ['foreign key: todos row 21 refers to a missing row of lists']

    const session = await engine.openProfile(p.id)
    expect(await engine.checkProfile(p.id)).toEqual({ ok: false, problems })
    expect(session.isOpen).toBe(true)
    session.close()

    const child = new SupportChild('hold-profile.ts', [engine.layout.root, p.id, 'Held elsewhere'])
    children.push(child)
    expect(JSON.parse(await child.nextLine())).toMatchObject({ ready: true })
    const r = await check(engine.layout.root, p.id)
    expect(r).toEqual({ exitCode: 0, body: { ok: false, problems } })
  })
})
