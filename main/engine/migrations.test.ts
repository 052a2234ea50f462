import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { runCli } from '../cli/main'
import { editedMigrations, readChecksums } from './checksums'
import type { Db } from './connection'
import { Engine } from './engine'
import { APPLICATION_ID } from './header'
import { latestVersion, loadMigrations } from './migrations'
import { createList } from './queries/lists'
import { addTodo, listTodos, setDone } from './queries/todos'
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_TEMPLATE_FILE } from './resources'
import { describeSchema } from '../../test/support/describe-schema'
import { buildTemplate } from './template'
import { dumpDatabase, REPO_ROOT, sha256File, sideFiles, snapshotTree, withDb } from '../../test/support/helpers'
import { engineTestBed } from '../../test/support/test-bed'

const { temps, engines } = engineTestBed()

const code = (code: string) => expect.objectContaining({ code })
const FIXTURES_DIR = path.join(REPO_ROOT, 'migrations', 'fixtures')
const SHIPPED = loadMigrations(DEFAULT_MIGRATIONS_DIR)
const LATEST = latestVersion(SHIPPED)

function engine(dataDir: string, migrationsDir?: string): Engine {
  const e = new Engine({ dataDir, migrationsDir, templateFile: DEFAULT_TEMPLATE_FILE })
  engines.push(e)
  return e
}

/** A test-only migrations folder: the shipped .sql files plus `extra`. */
function migrationsDirWith(extra: Record<string, string>): string {
  const dir = temps.make('ownlist-migrations-')
  for (const f of fs.readdirSync(DEFAULT_MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'))) {
    fs.copyFileSync(path.join(DEFAULT_MIGRATIONS_DIR, f), path.join(dir, f))
  }
  for (const [name, sql] of Object.entries(extra)) fs.writeFileSync(path.join(dir, name), sql)
  return dir
}

const NEXT = String(LATEST + 1).padStart(4, '0')
const ADD_PRIORITY = {
  [`${NEXT}-add-priority.sql`]: `-- Test-only: the next schema version adds a priority.
ALTER TABLE todos ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
CREATE INDEX todos_by_priority ON todos(priority);
`,
}

/** The to-do columns every schema version has (names fixed by the issue). */
const TODO_COLUMNS = 'id, list_id, title, notes, done, due_on, position, created_at, updated_at, completed_at'
const todoRows = (db: Db) => db.prepare(`SELECT ${TODO_COLUMNS} FROM todos ORDER BY id`).all()
const listRows = (db: Db) => db.prepare('SELECT id, name, position, created_at FROM lists ORDER BY id').all()
const ledger = (db: Db) => db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all()

async function profileWithData(
  e: Engine,
  name: string,
  titles = ['Write report', 'Call the plumber', 'Buy groceries'],
) {
  const p = e.createProfile(name)
  const s = await e.openProfile(p.id)
  const at = new Date('2026-02-01T12:00:00.000Z')
  const errands = createList(s.db, { name: 'Errands', now: at })
  titles.forEach((title, i) =>
    addTodo(s.db, {
      listId: i % 2 === 0 ? 1 : errands.id,
      title,
      notes: `notes for ${i}\nsecond line`,
      dueOn: i === 0 ? '2026-02-10' : null,
      now: at,
    }),
  )
  setDone(s.db, { id: 1, done: true, now: at })
  s.close()
  expect(sideFiles(p.file)).toEqual([])
  return p
}

describe('the template', () => {
  it('has exactly the schema of all migrations applied from scratch', () => {
    const dir = temps.make()
    const built = path.join(dir, 'built.sqlite')
    buildTemplate(SHIPPED, built)
    const committed = path.join(dir, 'committed.sqlite')
    const hash = sha256File(DEFAULT_TEMPLATE_FILE)
    fs.copyFileSync(DEFAULT_TEMPLATE_FILE, committed)

    const fromScratch = withDb(built, describeSchema) as {
      userVersion: number
      applicationId: number
      lists: unknown[]
    }
    expect(withDb(committed, describeSchema)).toEqual(fromScratch)
    expect(fromScratch.userVersion).toBe(LATEST)
    expect(fromScratch.applicationId).toBe(APPLICATION_ID)
    expect(fromScratch.lists).toEqual([{ id: 1, name: 'Inbox', position: 0 }])
    // The template carries no identity: create stamps it.
    const identity = withDb(committed, (db) =>
      db.prepare("SELECT key FROM meta WHERE key IN ('id', 'name', 'created_at')").pluck().all(),
    )
    expect(identity).toEqual([])
    // A self-contained rollback-journal file (profiles switch to WAL when first opened).
    const header = fs.readFileSync(DEFAULT_TEMPLATE_FILE).subarray(18, 20)
    expect([...header]).toEqual([1, 1])
    expect(sha256File(DEFAULT_TEMPLATE_FILE)).toBe(hash)
  })

  it('the comparison notices a template that lacks a migration', () => {
    const dir = temps.make()
    const built = path.join(dir, 'built.sqlite')
    buildTemplate(loadMigrations(migrationsDirWith(ADD_PRIORITY)), built)
    const committed = path.join(dir, 'committed.sqlite')
    fs.copyFileSync(DEFAULT_TEMPLATE_FILE, committed)
    expect(withDb(committed, describeSchema)).not.toEqual(withDb(built, describeSchema))
  })
})

describe('shipped migration checksums', () => {
  it('every entry of migrations/checksums.json matches the current file', () => {
    const shipped = readChecksums(DEFAULT_MIGRATIONS_DIR)
    expect(Object.keys(shipped).length).toBeGreaterThan(0)
    expect(editedMigrations(SHIPPED, shipped)).toEqual([])
    // Independently of the engine's own hashing: sha256 of each file's bytes.
    for (const [name, sum] of Object.entries(shipped)) {
      const bytes = fs.readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, `${name}.sql`))
      expect(crypto.createHash('sha256').update(bytes).digest('hex'), name).toBe(sum)
    }
    // Every migration up to the newest shipped one is in the list (only new ones may be missing).
    const shippedVersions = SHIPPED.filter((m) => m.name in shipped).map((m) => m.version)
    expect(shippedVersions).toEqual(SHIPPED.slice(0, shippedVersions.length).map((m) => m.version))
  })

  it('fails when a shipped migration is edited or removed, not when a new one is added', () => {
    const shipped = readChecksums(DEFAULT_MIGRATIONS_DIR)
    const first = SHIPPED[0]!.name

    const added = migrationsDirWith(ADD_PRIORITY)
    expect(editedMigrations(loadMigrations(added), shipped)).toEqual([])

    const edited = migrationsDirWith({})
    fs.appendFileSync(path.join(edited, `${first}.sql`), '\n-- a harmless-looking comment\n')
    expect(editedMigrations(loadMigrations(edited), shipped)).toEqual([first])

    const whitespace = migrationsDirWith({})
    const f = path.join(whitespace, `${first}.sql`)
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/\n/g, '\r\n'))
    expect(editedMigrations(loadMigrations(whitespace), shipped)).toEqual([first])

    // Removing the newest shipped one (an older one would leave a gap, refused when loading).
    const newest = Object.keys(shipped).sort().at(-1)!
    const removed = migrationsDirWith({})
    fs.rmSync(path.join(removed, `${newest}.sql`))
    expect(editedMigrations(loadMigrations(removed), shipped)).toEqual([newest])
  })
})

describe('fixtures of earlier schema versions (migrations/fixtures/v<N>.sqlite)', () => {
  const fixtures = fs.existsSync(FIXTURES_DIR)
    ? fs
        .readdirSync(FIXTURES_DIR)
        .filter((f) => /^v\d+\.sqlite$/.test(f))
        .sort()
    : []

  it('exist for every schema version before the latest', () => {
    const have = new Set(fixtures.map((f) => Number(/^v(\d+)/.exec(f)![1])))
    const missing = SHIPPED.filter((m) => m.version < LATEST && !have.has(m.version)).map((m) => `v${m.version}.sqlite`)
    expect(missing, 'see migrations/fixtures/README.md').toEqual([])
    for (const v of have) expect(v).toBeLessThanOrEqual(LATEST)
  })

  const sets: [string, () => string | undefined][] = [
    ['the shipped migrations', () => undefined],
    ['the shipped migrations plus a test-only next one', () => migrationsDirWith(ADD_PRIORITY)],
  ]
  for (const fixture of fixtures) {
    for (const [label, migrationsDir] of sets) {
      it(`${fixture} opens through the Engine and reaches the latest version of ${label}, data intact`, async () => {
        const n = Number(/^v(\d+)/.exec(fixture)![1])
        const source = path.join(FIXTURES_DIR, fixture)
        const sourceHash = sha256File(source)
        const dataDir = temps.make()
        fs.mkdirSync(path.join(dataDir, 'profiles'))
        const id = crypto.randomUUID()
        const file = path.join(dataDir, 'profiles', `${id}.sqlite`)
        fs.copyFileSync(source, file)

        const before = dumpDatabase(file)
        const beforeTodos = withDb(file, todoRows)
        const beforeLists = withDb(file, listRows)
        const beforeName = withDb(file, (db) => db.prepare("SELECT value FROM meta WHERE key = 'name'").pluck().get())
        expect(before.userVersion).toBe(n)
        expect(beforeTodos.length).toBeGreaterThan(0)

        const e = engine(dataDir, migrationsDir())
        expect(e.listProfiles().profiles.map((p) => [p.id, p.name, p.schemaVersion])).toEqual([[id, beforeName, n]])
        const s = await e.openProfile(id)
        try {
          expect(s.db.pragma('user_version', { simple: true })).toBe(e.schemaVersion)
          expect(s.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID)
          expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok')
          expect(s.db.pragma('foreign_key_check')).toEqual([])
          expect(todoRows(s.db)).toEqual(beforeTodos)
          expect(listRows(s.db)).toEqual(beforeLists)
          expect(s.db.prepare("SELECT value FROM meta WHERE key = 'name'").pluck().get()).toBe(beforeName)
          expect(ledger(s.db).map((r) => (r as { version: number }).version)).toEqual(
            e.migrations.map((m) => m.version),
          )
          // The full-text index still matches its to-dos.
          expect(() => s.db.exec("INSERT INTO todos_fts(todos_fts) VALUES ('integrity-check')")).not.toThrow()
          const first = beforeTodos[0] as { id: number; title: string }
          const word = /[\p{L}\p{N}]+/u.exec(first.title)![0]
          expect(listTodos(s.db, { search: word, today: '2026-01-01' }).map((t) => t.id)).toContain(first.id)
        } finally {
          s.close()
        }
        const snapshots = fs.existsSync(e.layout.backupsDir(id)) ? fs.readdirSync(e.layout.backupsDir(id)) : []
        if (n < e.schemaVersion) {
          expect(snapshots).toHaveLength(1)
          expect(snapshots[0]).toMatch(new RegExp(`^pre-migration-v${n}-.+\\.sqlite$`))
          expect(dumpDatabase(path.join(e.layout.backupsDir(id), snapshots[0]!))).toEqual(before)
        } else {
          expect(snapshots).toEqual([])
        }
        expect(sha256File(source)).toBe(sourceHash)
        expect(sideFiles(source)).toEqual([])
      })
    }
  }
})

describe('migrating an older profile', () => {
  it(`takes a v${LATEST} profile to a test-only v${LATEST + 1}: data intact, ledger, verified snapshot first`, async () => {
    const dataDir = temps.make()
    const current = engine(dataDir)
    const p = await profileWithData(current, 'Old')
    const before = dumpDatabase(p.file)
    const beforeTodos = withDb(p.file, todoRows)

    const next = engine(dataDir, migrationsDirWith(ADD_PRIORITY))
    expect(next.schemaVersion).toBe(LATEST + 1)
    expect(next.listProfiles().profiles.map((x) => x.schemaVersion)).toEqual([LATEST])
    const progress: { phase: string; name: string }[] = []
    const s = await next.openProfile(p.id, (pr) => progress.push({ phase: pr.phase, name: pr.name }))
    try {
      expect(s.db.pragma('user_version', { simple: true })).toBe(LATEST + 1)
      expect(todoRows(s.db)).toEqual(beforeTodos)
      expect(s.db.prepare('SELECT DISTINCT priority FROM todos').pluck().all()).toEqual([0])
      expect(
        s.db
          .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name = 'todos_by_priority'")
          .pluck()
          .get(),
      ).toBe('todos_by_priority')
      expect(ledger(s.db)).toEqual(
        next.migrations.map((m) => ({ version: m.version, name: m.name, checksum: m.checksum })),
      )
      expect(ledger(s.db).at(-1)).toMatchObject({ name: `${NEXT}-add-priority` })
      expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(listTodos(s.db, { search: 'plumber', today: '2026-02-01' }).map((t) => t.title)).toEqual([
        'Call the plumber',
      ])
    } finally {
      s.close()
    }
    expect(progress[0]).toEqual({ phase: 'snapshot', name: '' })
    expect(progress).toContainEqual({ phase: 'migrate', name: `${NEXT}-add-priority` })

    // The snapshot: taken before migrating, complete and checked, a v1 copy with the same data.
    const backups = fs.readdirSync(next.layout.backupsDir(p.id))
    expect(backups).toHaveLength(1)
    expect(backups[0]).toMatch(new RegExp(`^pre-migration-v${LATEST}-.+\\.sqlite$`))
    const snapshot = path.join(next.layout.backupsDir(p.id), backups[0]!)
    expect(dumpDatabase(snapshot)).toEqual(before)
    withDb(snapshot, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(todoRows(db)).toEqual(beforeTodos)
    })
    expect(sideFiles(snapshot)).toEqual([])

    // Opening again: nothing left to do, no second snapshot.
    expect(await next.migrateProfile(next.resolve(p.id))).toEqual({
      id: p.id,
      name: 'Old',
      from: LATEST + 1,
      to: LATEST + 1,
      status: 'current',
      error: null,
    })
    expect(fs.readdirSync(next.layout.backupsDir(p.id))).toEqual(backups)

    // migrateAll: the other v1 profile is migrated, this one is current.
    const q = await profileWithData(current, 'Also old')
    const results = await next.migrateAll()
    expect(results.map((r) => [r.name, r.from, r.to, r.status, r.error])).toEqual([
      ['Also old', LATEST, LATEST + 1, 'migrated', null],
      ['Old', LATEST + 1, LATEST + 1, 'current', null],
    ])
    expect(fs.readdirSync(next.layout.backupsDir(q.id))).toHaveLength(1)

    // And the older app now refuses the upgraded file without touching it.
    const hash = sha256File(p.file)
    await expect(engine(dataDir).openProfile(p.id)).rejects.toThrow(code('SCHEMA_TOO_NEW'))
    expect(sha256File(p.file)).toBe(hash)
    expect(sideFiles(p.file)).toEqual([])
  })
})

describe('a migration that fails', () => {
  const BROKEN = {
    [`${NEXT}-broken.sql`]: `-- Test-only: does real work first, then fails.
CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO tags(name) SELECT title FROM todos;
UPDATE todos SET title = title || ' (migrated)', done = 1;
UPDATE meta SET value = 'hijacked' WHERE key = 'name';
DELETE FROM lists WHERE id <> (SELECT min(id) FROM lists);
CREATE INDEX todos_by_title ON todos(title);
INSERT INTO missing_table(x) VALUES (1);
`,
  }

  it("rolls back completely: MIGRATION_FAILED naming it with SQLite's message, profile exactly as before, others unaffected", async () => {
    const dataDir = temps.make()
    const current = engine(dataDir)
    const victim = await profileWithData(current, 'Victim')
    const bystander = await profileWithData(current, 'Bystander')
    const before = dumpDatabase(victim.file)
    const beforeTodos = withDb(victim.file, todoRows)
    const bystanderHash = sha256File(bystander.file)

    const broken = engine(dataDir, migrationsDirWith(BROKEN))
    for (let attempt = 0; attempt < 2; attempt++) {
      // The lock is released after a failure: a second attempt fails the same way, not with PROFILE_IN_USE.
      const err = await broken.openProfile(victim.id).then(
        () => null,
        (e: unknown) => e as { code: string; message: string },
      )
      expect(err).toMatchObject({ code: 'MIGRATION_FAILED' })
      expect(err!.message).toContain(`${NEXT}-broken`)
      expect(err!.message).toContain('no such table: missing_table')
      expect(dumpDatabase(victim.file)).toEqual(before)
      expect(sideFiles(victim.file)).toEqual([])
    }
    expect(broken.listProfiles().profiles.map((p) => [p.name, p.schemaVersion])).toEqual([
      ['Bystander', LATEST],
      ['Victim', LATEST],
    ])
    expect(sha256File(bystander.file)).toBe(bystanderHash)

    // migrate --all goes on past failures and reports each.
    const results = await broken.migrateAll()
    expect(results.map((r) => [r.id, r.status, r.error?.code])).toEqual([
      [bystander.id, 'failed', 'MIGRATION_FAILED'],
      [victim.id, 'failed', 'MIGRATION_FAILED'],
    ])
    expect(dumpDatabase(victim.file)).toEqual(before)

    // The current app still opens it as the valid profile it was.
    const s = await current.openProfile(victim.id)
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(todoRows(s.db)).toEqual(beforeTodos)
    s.close()
  })

  it('migrate --all: the failing profile is reported failed, the others migrated, then current', async () => {
    const UNIQUE = {
      [`${NEXT}-unique-titles.sql`]: `-- Test-only: fails only in a profile that has two to-dos with the same title.
CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
UPDATE todos SET notes = notes || ' [v2]';
CREATE UNIQUE INDEX todos_unique_title ON todos(title);
`,
    }
    const dataDir = temps.make()
    const current = engine(dataDir)
    const dupes = await profileWithData(current, 'Dupes', ['Milk', 'Milk', 'Eggs'])
    const clean = await profileWithData(current, 'Clean')
    const before = dumpDatabase(dupes.file)

    const next = engine(dataDir, migrationsDirWith(UNIQUE))
    const first = await next.migrateAll()
    expect(first.map((r) => [r.name, r.from, r.to, r.status, r.error?.code ?? null])).toEqual([
      ['Clean', LATEST, LATEST + 1, 'migrated', null],
      ['Dupes', LATEST, LATEST, 'failed', 'MIGRATION_FAILED'],
    ])
    const failure = first.find((r) => r.status === 'failed')!.error!
    expect(failure.message).toContain(`${NEXT}-unique-titles`)
    expect(failure.message).toContain('UNIQUE constraint failed: todos.title')
    expect(dumpDatabase(dupes.file)).toEqual(before)
    expect(withDb(clean.file, (db) => db.prepare('SELECT notes FROM todos ORDER BY id').pluck().all())).toEqual([
      'notes for 0\nsecond line [v2]',
      'notes for 1\nsecond line [v2]',
      'notes for 2\nsecond line [v2]',
    ])

    const second = await next.migrateAll()
    expect(second.map((r) => [r.name, r.status])).toEqual([
      ['Clean', 'current'],
      ['Dupes', 'failed'],
    ])
    expect(dumpDatabase(dupes.file)).toEqual(before)
  })
})

describe('a profile from a newer app', () => {
  async function tooNew(kind: 'never opened' | 'opened, app 9.9.9') {
    const dataDir = temps.make()
    const e = engine(dataDir)
    const p = kind === 'never opened' ? e.createProfile('Future') : await profileWithData(e, 'Future')
    const db = new Database(p.file, { fileMustExist: true })
    db.pragma('user_version = 99')
    if (kind !== 'never opened') db.prepare("UPDATE meta SET value = '9.9.9' WHERE key = 'app_version'").run()
    db.close()
    expect(sideFiles(p.file)).toEqual([])
    return { dataDir, e, p }
  }

  for (const kind of ['never opened', 'opened, app 9.9.9'] as const) {
    it(`(${kind}) is refused with SCHEMA_TOO_NEW and stays byte-identical`, async () => {
      const { dataDir, e, p } = await tooNew(kind)
      const hash = sha256File(p.file)
      const tree = snapshotTree(e.layout.profilesDir)

      const err = await e.openProfile(p.id).then(
        () => null,
        (x: unknown) => x as { code: string; message: string },
      )
      expect(err).toMatchObject({ code: 'SCHEMA_TOO_NEW' })
      expect(err!.message).toContain('99')
      if (kind !== 'never opened') expect(err!.message).toContain('9.9.9')
      await expect(e.readProfile(p.id, () => 1)).rejects.toThrow(code('SCHEMA_TOO_NEW'))
      await expect(e.writeProfile(p.id, () => 1)).rejects.toThrow(code('SCHEMA_TOO_NEW'))
      await expect(e.renameProfile(p.id, 'Renamed')).rejects.toThrow(code('SCHEMA_TOO_NEW'))

      // Listing still shows it, with its real version.
      expect(e.listProfiles().profiles.map((x) => [x.id, x.schemaVersion])).toEqual([[p.id, 99]])
      const results = await e.migrateAll()
      expect(results).toEqual([
        {
          id: p.id,
          name: 'Future',
          from: 99,
          to: expect.any(Number),
          status: 'too-new',
          error: { code: 'SCHEMA_TOO_NEW', message: expect.any(String) },
        },
      ])
      if (kind !== 'never opened') expect(results[0]!.error!.message).toContain('9.9.9')

      // The CLI: exit 1 with the JSON error, for writes and reads alike.
      for (const args of [
        ['todos', 'add', 'Future', 'Should not land'],
        ['todos', 'list', 'Future'],
        ['todos', 'done', 'Future', '1'],
      ]) {
        const r = await runCli(['--data-dir', dataDir, '--json', ...args], {})
        expect(r.exitCode, args.join(' ')).toBe(1)
        expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'SCHEMA_TOO_NEW', message: expect.any(String) } })
        if (kind !== 'never opened') expect(r.stdout).toContain('9.9.9')
      }
      const migrate = await runCli(['--data-dir', dataDir, '--json', 'migrate', 'Future'], {})
      expect(migrate.exitCode).toBe(0)
      expect((JSON.parse(migrate.stdout) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual([
        'too-new',
      ])

      expect(sha256File(p.file)).toBe(hash)
      expect(snapshotTree(e.layout.profilesDir)).toEqual(tree)
      expect(sideFiles(p.file)).toEqual([])
      expect(fs.existsSync(e.layout.backupsDir(p.id))).toBe(false)
    })
  }
})
