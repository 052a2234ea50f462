// Files from outside are data, never code: a file whose schema has objects its schema version
// does not (a trigger, a view, an index, a table) or a known trigger with another body is refused
// by import, restore, listing and opening, by name and with its bytes unchanged.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { Engine } from './engine'
import { dumpDatabase, profileWithTodos, REPO_ROOT, sha256File, snapshotTree, withDb } from '../../test/support/helpers'
import { engineTestBed } from '../../test/support/test-bed'

const { temps, engines } = engineTestBed()

function setUp() {
  const root = temps.make()
  const outside = path.join(root, 'outside')
  fs.mkdirSync(outside)
  const engine = new Engine({ dataDir: path.join(root, 'data') })
  engines.push(engine)
  return { root, outside, engine }
}

/** A clean, closed copy of a real profile with to-dos, outside the data folder, changed by `change`. */
async function crafted(
  engine: Engine,
  outside: string,
  name: string,
  change: (db: Database.Database) => void,
): Promise<string> {
  const source = await profileWithTodos(engine, `Source ${name}`, { n: 6 })
  const file = path.join(outside, `${name}.sqlite`)
  await engine.backups.backupTo(source.id, file)
  engine.deleteProfile(source.id)
  fs.rmSync(engine.layout.trashDir, { recursive: true, force: true })
  withDb(file, change)
  return file
}

/** Every to-do of a profile and whether its full-text index agrees with them. */
function contents(file: string) {
  return withDb(file, (db) => {
    let fts = 'ok'
    try {
      db.exec("INSERT INTO todos_fts(todos_fts, rank) VALUES ('integrity-check', 1)")
    } catch (e) {
      fts = (e as Error).message
    }
    return { todos: dumpDatabase(file).tables.todos, fts }
  })
}

const FOREIGN: { name: string; shows: RegExp; change: (db: Database.Database) => void }[] = [
  {
    // The exploit: the moment Ownlist stamps its name into the file, the trigger wipes the to-dos.
    name: 'an extra trigger on meta',
    shows: /trigger "wipe_on_stamp"/,
    change: (db) =>
      db.exec('CREATE TRIGGER wipe_on_stamp AFTER UPDATE ON meta BEGIN DELETE FROM todos; DELETE FROM todos_fts; END'),
  },
  {
    name: 'an extra view',
    shows: /view "everything"/,
    change: (db) => db.exec('CREATE VIEW everything AS SELECT * FROM todos'),
  },
  {
    name: 'an extra index',
    shows: /index "by_title"/,
    change: (db) => db.exec('CREATE INDEX by_title ON todos(title)'),
  },
  {
    name: 'an extra table',
    shows: /table "payload"/,
    change: (db) => db.exec("CREATE TABLE payload(x); INSERT INTO payload VALUES ('x')"),
  },
  {
    name: 'a known trigger with another body',
    shows: /trigger "todos_fts_insert" \(changed\)/,
    change: (db) =>
      db.exec(`DROP TRIGGER todos_fts_insert;
        CREATE TRIGGER todos_fts_insert AFTER INSERT ON todos BEGIN
          INSERT INTO todos_fts(rowid, title, notes) VALUES (new.id, new.title, new.notes);
          DELETE FROM todos WHERE id < new.id;
        END`),
  },
]

describe.each(FOREIGN)('a file with $name', ({ shows, change }) => {
  it('is refused by restore with NOT_A_PROFILE naming the object; the profile keeps its to-dos and a consistent index', async () => {
    const { outside, engine } = setUp()
    const target = await profileWithTodos(engine, 'Target', { n: 5 })
    const file = await crafted(engine, outside, 'bad', change)
    const sourceSum = sha256File(file)
    const before = { data: snapshotTree(engine.layout.root), target: contents(target.file) }
    expect(before.target).toMatchObject({ fts: 'ok' })
    expect(before.target.todos).toHaveLength(5)

    await expect(engine.backups.restore('Target', file)).rejects.toMatchObject({
      code: 'NOT_A_PROFILE',
      message: expect.stringMatching(shows),
    })
    expect(snapshotTree(engine.layout.root)).toEqual(before.data)
    expect(contents(target.file)).toEqual(before.target)
    expect(sha256File(file)).toBe(sourceSum)
  })

  it('is refused by import, not listed from the profiles folder (with the reason), and not opened', async () => {
    const { outside, engine } = setUp()
    const file = await crafted(engine, outside, 'bad', change)
    const sourceSum = sha256File(file)
    fs.mkdirSync(engine.layout.profilesDir, { recursive: true })
    const before = snapshotTree(engine.layout.root)

    await expect(engine.backups.importFile(file)).rejects.toMatchObject({
      code: 'NOT_A_PROFILE',
      message: expect.stringMatching(shows),
    })
    expect(snapshotTree(engine.layout.root)).toEqual(before)

    const id = crypto.randomUUID()
    const placed = path.join(engine.layout.profilesDir, `${id}.sqlite`)
    fs.copyFileSync(file, placed)
    const placedBefore = snapshotTree(engine.layout.profilesDir)
    const listing = engine.listProfiles()
    expect(listing.profiles).toEqual([])
    expect(listing.ignored).toEqual([{ file: `${id}.sqlite`, reason: expect.stringMatching(shows) }])
    await expect(engine.openProfile(id)).rejects.toMatchObject({
      code: 'NOT_A_PROFILE',
      message: expect.stringMatching(shows),
    })
    expect(snapshotTree(engine.layout.profilesDir)).toEqual(placedBefore)
    expect(sha256File(file)).toBe(sourceSum)
  })
})

describe('objects SQLite or a replication tool adds', () => {
  const ALLOWED: { name: string; change: (db: Database.Database) => void; has: string[] }[] = [
    {
      name: 'statistics (sqlite_stat1, sqlite_stat4)',
      change: (db) => db.exec('ANALYZE'),
      has: ['sqlite_stat1', 'sqlite_stat4'],
    },
    {
      name: 'Litestream’s tables',
      change: (db) =>
        db.exec(
          'CREATE TABLE _litestream_seq (id INTEGER PRIMARY KEY, seq INTEGER); CREATE TABLE _litestream_lock (id INTEGER)',
        ),
      has: ['_litestream_seq', '_litestream_lock'],
    },
  ]
  it.each(ALLOWED)('are accepted: $name (import, restore, listing)', async ({ change, has }) => {
    const { outside, engine } = setUp()
    const file = await crafted(engine, outside, 'extras', change)
    expect(withDb(file, (db) => db.prepare('SELECT name FROM sqlite_schema').pluck().all())).toEqual(
      expect.arrayContaining(has),
    )
    const imported = await engine.backups.importFile(file)
    expect(engine.listProfiles().profiles.map((p) => p.id)).toContain(imported.id)
    const target = await profileWithTodos(engine, 'Target', { n: 2 })
    await engine.backups.restore(target.id, file)
    expect(await engine.readProfile(target.id, (db) => db.prepare('SELECT count(*) FROM todos').pluck().get())).toBe(6)
    expect(engine.listProfiles().ignored).toEqual([])
  })

  it.each(['v1', 'v2'])('accepts the %s fixture, as it was written', async (v) => {
    const { root, engine } = setUp()
    const copy = path.join(root, `${v}.sqlite`)
    fs.copyFileSync(path.join(REPO_ROOT, 'migrations', 'fixtures', `${v}.sqlite`), copy)
    const r = await engine.backups.importFile(copy)
    // Both are older than the latest schema (3, since 0.2.0): each is migrated on import.
    expect(r.migratedFrom).toBe(Number(v.slice(1)))
    expect(engine.listProfiles().ignored).toEqual([])
  })
})

// Opening skips the schema check for a file this process already checked while its identity
// (inode, size, mtime, ctime) is unchanged: a change between opens must bring the check back,
// even with the file's mtime set back to what it was.
describe.each(FOREIGN)('a profile opened once, then given $name outside Ownlist', ({ shows, change }) => {
  it.each([false, true])('is refused on the next open (mtime set back: %s), its bytes unchanged', async (setBack) => {
    const { engine } = setUp()
    const { id } = await profileWithTodos(engine, 'Opened before', { n: 3 })
    for (let i = 0; i < 2; i++) (await engine.openProfile(id)).close()
    const file = engine.layout.profileFile(id)
    const { atime, mtime, size } = fs.statSync(file)
    withDb(file, change)
    if (setBack) fs.utimesSync(file, atime, mtime)
    if (setBack) expect(Math.abs(fs.statSync(file).mtimeMs - mtime.getTime())).toBeLessThan(1)
    expect(fs.statSync(file).size).toBeGreaterThanOrEqual(size)
    const before = sha256File(file)
    await expect(engine.openProfile(id)).rejects.toMatchObject({
      code: 'NOT_A_PROFILE',
      message: expect.stringMatching(shows),
    })
    expect(sha256File(file)).toBe(before)
  })
})
