import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { addTodo } from '../queries/todos'
import { readSchemaVersion } from '../open'
import {
  cliJson,
  profileWithTodos,
  badProfileFiles,
  migrationsDirWithNext,
  REPO_ROOT,
  sideFiles,
  snapshotEntries,
  snapshotTree,
  SupportChild,
  userData,
  UUID_RE,
  withDb,
} from '../../../test/support/helpers'
import { engineTestBed } from '../../../test/support/test-bed'
import { expectBadFileRefused, realProfileFixture, setUpOutside } from '../../../test/support/bad-files'

const { temps, children, newEngine } = engineTestBed()

const IS_ROOT = process.getuid?.() === 0
/** This file's to-dos carry a check mark in their titles (non-ASCII through import). */
const MARKED = { title: (i: number) => `To-do ${i} ✓` }

const todoCount = (file: string) =>
  withDb(file, (db) => db.prepare('SELECT count(*) FROM todos').pluck().get() as number)

/** A data folder and a folder outside it for the files to import. */
const setUp = () => setUpOutside(temps)

describe('import', () => {
  it('adds the file as a new profile: CLI shape, new id, name from its metadata, the same to-dos; the source is untouched', async () => {
    const { outside, dataDir, root } = setUp()
    const elsewhere = newEngine(path.join(root, 'elsewhere'))
    const original = await profileWithTodos(elsewhere, 'Groceries', { ...MARKED, n: 12 })
    const src = path.join(outside, 'groceries.sqlite')
    fs.copyFileSync(original.file, src)
    const engine = newEngine(dataDir)
    const other = engine.createProfile('Other')
    const before = snapshotEntries(outside)

    const r = await cliJson(dataDir, 'import', src)
    expect(r.exitCode).toBe(0)
    expect(Object.keys(r.body)).toEqual(['id', 'name', 'schemaVersion', 'migratedFrom'])
    expect(r.body).toEqual({
      id: expect.stringMatching(UUID_RE),
      name: 'Groceries',
      schemaVersion: engine.schemaVersion,
      migratedFrom: null,
    })
    expect(r.body.id).not.toBe(original.id)
    // The source: byte-identical, and nothing made beside it.
    expect(snapshotEntries(outside)).toEqual(before)

    const listed = engine.listProfiles()
    expect(listed.ignored).toEqual([])
    expect(listed.profiles.map((p) => [p.id, p.name]).sort()).toEqual(
      [
        [other.id, 'Other'],
        [r.body.id, 'Groceries'],
      ].sort(),
    )
    const imported = engine.resolve(r.body.id)
    expect(imported.file).toBe(path.join(engine.layout.profilesDir, `${r.body.id}.sqlite`))
    expect(userData(imported.file)).toEqual(userData(src))
    const meta = withDb(imported.file, (db) =>
      Object.fromEntries(
        (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((m) => [
          m.key,
          m.value,
        ]),
      ),
    )
    expect(meta).toMatchObject({ id: r.body.id, name: 'Groceries' })
    // Nothing half-made is left in the profiles folder.
    expect(fs.readdirSync(engine.layout.profilesDir).sort()).toEqual(
      [`${other.id}.sqlite`, `${r.body.id}.sqlite`].sort(),
    )
    // It opens as an ordinary profile.
    const s = await engine.openProfile(r.body.id)
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok')
    s.close()

    // The same file again: another new profile, with a new id and a unique name.
    const again = await cliJson(dataDir, 'import', src)
    expect(again.body).toEqual({
      id: expect.stringMatching(UUID_RE),
      name: 'Groceries (2)',
      schemaVersion: engine.schemaVersion,
      migratedFrom: null,
    })
    expect(again.body.id).not.toBe(r.body.id)
    expect(snapshotEntries(outside)).toEqual(before)
  })

  it('makes the name unique case-insensitively as "Name (2)", "Name (3)", and uses --name, made unique too', async () => {
    const { outside, dataDir, root } = setUp()
    const elsewhere = newEngine(path.join(root, 'elsewhere'))
    const src = path.join(outside, 'work.sqlite')
    fs.copyFileSync((await profileWithTodos(elsewhere, 'WORK', { ...MARKED, n: 2 })).file, src)
    const engine = newEngine(dataDir)
    engine.createProfile('Work')

    const name = async (...flags: string[]) => {
      const r = await cliJson(dataDir, 'import', src, ...flags)
      expect(r.exitCode, JSON.stringify(r.body)).toBe(0)
      return r.body.name as string
    }
    expect(await name()).toBe('WORK (2)')
    expect(await name()).toBe('WORK (3)')
    engine.createProfile('work (4)')
    expect(await name()).toBe('WORK (5)')
    expect(await name('--name', 'Home')).toBe('Home')
    expect(await name('--name', 'HOME')).toBe('HOME (2)')
    expect(await name('--name', '  Work  ')).toBe('Work (6)')
    const names = engine.listProfiles().profiles.map((p) => p.name)
    expect(names.sort()).toEqual(
      ['HOME (2)', 'Home', 'Work', 'Work (6)', 'WORK (2)', 'WORK (3)', 'work (4)', 'WORK (5)'].sort(),
    )

    // A bad --name is refused before anything is made.
    const tree = snapshotTree(dataDir)
    const bad = await cliJson(dataDir, 'import', src, '--name', '   ')
    expect([bad.exitCode, bad.body.error?.code]).toEqual([1, 'INVALID_NAME'])
    expect(snapshotTree(dataDir)).toEqual(tree)
  })

  it('keeps a unique name within 80 characters', async () => {
    const { outside, dataDir } = setUp()
    const engine = newEngine(dataDir)
    const long = 'L'.repeat(80)
    const p = engine.createProfile(long)
    const src = path.join(outside, 'long.sqlite')
    fs.copyFileSync(p.file, src)
    const r = await engine.backups.importFile(src)
    expect(r.name).toBe(`${'L'.repeat(76)} (2)`)
  })

  it('migrates an older-schema file after import and says so in migratedFrom', async () => {
    const { outside, dataDir, root } = setUp()
    const current = newEngine(path.join(root, 'current'))
    const LATEST = current.schemaVersion
    // A test-only next schema version: the shipped migrations plus one more.
    const next = migrationsDirWithNext(temps, LATEST)
    // A file from today's app (older than the next version), and the shipped schema-1 fixture.
    const oldFile = path.join(outside, 'today.sqlite')
    fs.copyFileSync((await profileWithTodos(current, 'Old', { ...MARKED, n: 6 })).file, oldFile)
    const fixtureFile = path.join(outside, 'fixture-v1.sqlite')
    fs.copyFileSync(path.join(REPO_ROOT, 'migrations', 'fixtures', 'v1.sqlite'), fixtureFile)
    const before = snapshotEntries(outside)

    const engine = newEngine(dataDir, { migrationsDir: next })
    expect(engine.schemaVersion).toBe(LATEST + 1)
    for (const [src, from] of [
      [oldFile, LATEST],
      [fixtureFile, 1],
    ] as const) {
      expect(readSchemaVersion(src)).toBe(from)
      const r = await engine.backups.importFile(src)
      expect(r).toEqual({
        id: expect.stringMatching(UUID_RE),
        name: expect.any(String),
        schemaVersion: LATEST + 1,
        migratedFrom: from,
      })
      const file = engine.resolve(r.id).file
      expect(readSchemaVersion(file)).toBe(LATEST + 1)
      const todos = withDb(
        file,
        (db) => db.prepare('SELECT * FROM todos ORDER BY id').all() as Record<string, unknown>[],
      )
      const old = withDb(src, (db) => db.prepare('SELECT * FROM todos ORDER BY id').all() as Record<string, unknown>[])
      expect(todos.length).toBeGreaterThan(0)
      // Columns added since the source's version (0003's repeat and reminder fields) start empty.
      const since3 = { repeat_rule: null, repeat_from: null, remind_at: null, follows_id: null }
      expect(todos).toEqual(old.map((t) => ({ ...since3, ...t, priority: 0 })))
      // The migration kept its usual snapshot of the file as imported.
      expect(engine.backups.list(r.id).map((b) => b.kind)).toEqual(['pre-migration'])
    }
    expect(snapshotEntries(outside)).toEqual(before)

    // A file already at the app's schema is not migrated.
    const upToDate = path.join(outside, 'up-to-date.sqlite')
    fs.copyFileSync(engine.resolve('Old').file, upToDate)
    expect(await engine.backups.importFile(upToDate)).toMatchObject({ schemaVersion: LATEST + 1, migratedFrom: null })
  })

  describe('a source in WAL mode with committed work in its -wal', () => {
    /** A profile file and its non-empty -wal, copied while a session had it open (no -shm). */
    async function walPair(outside: string, root: string) {
      const engine = newEngine(path.join(root, 'wal-source'))
      const p = await profileWithTodos(engine, 'Walled', { ...MARKED, n: 3 })
      const s = await engine.openProfile(p.id)
      for (let i = 0; i < 7; i++) addTodo(s.db, { listId: 1, title: `only in the WAL ${i}`, now: new Date() })
      const src = path.join(outside, 'walled.sqlite')
      fs.copyFileSync(p.file, src)
      fs.copyFileSync(`${p.file}-wal`, `${src}-wal`)
      s.close()
      // The main file alone really lacks those rows: they are in the -wal only.
      const mainOnly = path.join(root, 'main-only.sqlite')
      fs.copyFileSync(src, mainOnly)
      expect(todoCount(mainOnly)).toBe(3)
      expect(fs.statSync(`${src}-wal`).size).toBeGreaterThan(0)
      return src
    }

    it('imports the committed rows and leaves the file, its -wal and its folder exactly as they were', async () => {
      const { outside, dataDir, root } = setUp()
      const src = await walPair(outside, root)
      const before = snapshotEntries(outside)
      const r = await cliJson(dataDir, 'import', src)
      expect(r.exitCode).toBe(0)
      const imported = newEngine(dataDir).resolve(r.body.id).file
      expect(todoCount(imported)).toBe(10)
      // One self-contained file: nothing beside the imported profile either.
      expect(sideFiles(imported)).toEqual([])
      expect(snapshotEntries(outside)).toEqual(before)
      expect(sideFiles(src)).toEqual([`${src}-wal`])
    })

    it('does the same through a symlink to it (the -wal is beside the target, not the link)', async () => {
      const { outside, dataDir, root } = setUp()
      const src = await walPair(outside, root)
      const link = path.join(root, 'link.sqlite')
      fs.symlinkSync(src, link)
      const before = snapshotEntries(root)
      const r = await newEngine(dataDir).backups.importFile(link)
      expect(todoCount(newEngine(dataDir).resolve(r.id).file)).toBe(10)
      const after = snapshotEntries(root)
      for (const k of Object.keys(after)) if (k.startsWith('data/')) delete after[k]
      expect(after).toEqual(before)
    })

    it('imports what a killed app left behind (-wal and -shm) without touching its files', async () => {
      const { dataDir, root } = setUp()
      const crashedDir = path.join(root, 'crashed')
      const p = await profileWithTodos(newEngine(crashedDir), 'Crashed', { ...MARKED, n: 2 })
      const child = new SupportChild('hold-profile.ts', [crashedDir, p.id, 'Written before the crash'])
      children.push(child)
      expect(JSON.parse(await child.nextLine())).toEqual({ ready: true, todoId: 3 })
      await child.kill9()
      expect(sideFiles(p.file).sort()).toEqual([`${p.file}-shm`, `${p.file}-wal`])
      const before = snapshotTree(crashedDir)

      const r = await cliJson(dataDir, 'import', p.file)
      expect(r.exitCode).toBe(0)
      const imported = newEngine(dataDir).resolve(r.body.id).file
      const titles = withDb(imported, (db) => db.prepare('SELECT title FROM todos ORDER BY id').pluck().all())
      expect(titles).toEqual(['To-do 1 ✓', 'To-do 2 ✓', 'Written before the crash'])
      expect(snapshotTree(crashedDir)).toEqual(before)
    })
  })
})

describe('importing a bad file', () => {
  const REAL = realProfileFixture(MARKED)

  it.each(badProfileFiles(REAL))('$name → $code, and nothing changes', async (bad) => {
    const at = setUp()
    const engine = newEngine(at.dataDir)
    engine.createProfile('Existing')
    const file = bad.make(at.outside)
    await expectBadFileRefused(bad, at, ['import', file])
    expect(engine.listProfiles().profiles.map((p) => p.name)).toEqual(['Existing'])
  })

  it.runIf(IS_ROOT)('as root, a mode-000 file is still readable, so it imports (root ignores file modes)', async () => {
    const { outside, dataDir } = setUp()
    const file = badProfileFiles(REAL)
      .find((c) => c.unreadable)!
      .make(outside)
    const before = snapshotEntries(outside)
    const r = await cliJson(dataDir, 'import', file)
    expect(r.body).toMatchObject({ name: 'Real', migratedFrom: null })
    expect(snapshotEntries(outside)).toEqual(before)
  })
})
