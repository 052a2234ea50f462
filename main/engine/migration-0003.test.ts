import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Engine } from './engine'
import { DEFAULT_TEMPLATE_FILE } from './resources'
import { REPO_ROOT, sha256File, snapshotTree, withDb } from '../../test/support/helpers'
import { engineTestBed } from '../../test/support/test-bed'

// Migration 0003 (repeating to-dos and reminders), the first shipped to existing profiles.

const { temps, engines } = engineTestBed()

const FIXTURES = path.join(REPO_ROOT, 'migrations', 'fixtures')
const NEW_COLUMNS = ['repeat_rule', 'repeat_from', 'remind_at', 'follows_id']

/** The previous release (0.1.0): its engine knew migrations 0001–0002 only. */
function previousRelease(dataDir: string): Engine {
  const dir = temps.make('ownlist-migrations-')
  for (const f of ['0001-create-todo-schema.sql', '0002-change-counter.sql'])
    fs.copyFileSync(path.join(REPO_ROOT, 'migrations', f), path.join(dir, f))
  const e = new Engine({ dataDir, migrationsDir: dir, templateFile: DEFAULT_TEMPLATE_FILE, appVersion: '0.1.0' })
  engines.push(e)
  return e
}

function current(dataDir: string): Engine {
  const e = new Engine({ dataDir, templateFile: DEFAULT_TEMPLATE_FILE, appVersion: '0.2.0' })
  engines.push(e)
  return e
}

/** A data folder holding a copy of fixture `vN.sqlite` as one profile. */
function withFixture(n: number): { dataDir: string; id: string; file: string } {
  const dataDir = temps.make()
  fs.mkdirSync(path.join(dataDir, 'profiles'))
  const id = crypto.randomUUID()
  const file = path.join(dataDir, 'profiles', `${id}.sqlite`)
  fs.copyFileSync(path.join(FIXTURES, `v${n}.sqlite`), file)
  return { dataDir, id, file }
}

const columns = (file: string) =>
  withDb(file, (db) => (db.prepare('PRAGMA table_info(todos)').all() as { name: string }[]).map((c) => c.name))
const rows = (file: string) =>
  withDb(file, (db) =>
    db.prepare('SELECT id, list_id, title, notes, done, due_on, completed_at FROM todos ORDER BY id').all(),
  )

describe('migration 0003: repeat and remind', () => {
  it('is in the template: a new profile is at schema version 3 with the new columns', () => {
    const e = current(temps.make())
    expect(e.schemaVersion).toBe(3)
    const p = e.createProfile('Fresh')
    expect(p.schemaVersion).toBe(3)
    expect(columns(p.file)).toEqual(expect.arrayContaining(NEW_COLUMNS))
  })

  for (const n of [1, 2]) {
    it(`upgrades the v${n} fixture with its data intact and the new fields empty`, async () => {
      const { dataDir, id, file } = withFixture(n)
      const before = rows(file)
      const e = current(dataDir)
      const s = await e.openProfile(id)
      s.close()
      expect(rows(file)).toEqual(before)
      expect(
        withDb(file, (db) =>
          db
            .prepare(
              'SELECT count(*) FROM todos WHERE repeat_rule IS NOT NULL OR remind_at IS NOT NULL OR follows_id IS NOT NULL',
            )
            .pluck()
            .get(),
        ),
      ).toBe(0)
      expect(withDb(file, (db) => db.pragma('user_version', { simple: true }))).toBe(3)
    })
  }

  it('is refused by the previous release (0.1.0) with SCHEMA_TOO_NEW naming 0.2.0, the file byte-identical', async () => {
    const { dataDir, id, file } = withFixture(2)
    ;(await current(dataDir).openProfile(id)).close()
    const hash = sha256File(file)
    const tree = snapshotTree(path.join(dataDir, 'profiles'))
    const old = previousRelease(dataDir)
    const err = await old.openProfile(id).then(
      () => null,
      (x: unknown) => x as { code: string; message: string },
    )
    expect(err).toMatchObject({ code: 'SCHEMA_TOO_NEW' })
    expect(err!.message).toContain('Ownlist 0.2.0')
    expect(err!.message).toContain('schema version 3')
    await expect(old.readProfile(id, () => 1)).rejects.toMatchObject({ code: 'SCHEMA_TOO_NEW' })
    await expect(old.writeProfile(id, () => 1)).rejects.toMatchObject({ code: 'SCHEMA_TOO_NEW' })
    expect((await old.migrateAll()).map((r) => r.status)).toEqual(['too-new'])
    expect(sha256File(file)).toBe(hash)
    expect(snapshotTree(path.join(dataDir, 'profiles'))).toEqual(tree)
  })

  it('a backup taken by the previous release restores and upgrades', async () => {
    const { dataDir, id, file } = withFixture(2)
    const before = rows(file)
    const backup = path.join(temps.make(), 'before-0.2.0.sqlite')
    await previousRelease(dataDir).backups.backupTo(id, backup)
    engines.pop()!.close()
    const e = current(dataDir)
    await e.writeProfile(id, (db) => db.prepare("UPDATE todos SET title = 'changed after the backup'").run())
    await e.backups.restore(id, backup)
    expect(withDb(file, (db) => db.pragma('user_version', { simple: true }))).toBe(3)
    expect(rows(file)).toEqual(before)
    expect(columns(file)).toEqual(expect.arrayContaining(NEW_COLUMNS))
  })

  for (const n of [1, 2]) {
    it(`an imported v${n} file upgrades, the source untouched`, async () => {
      const source = path.join(FIXTURES, `v${n}.sqlite`)
      const hash = sha256File(source)
      const e = current(temps.make())
      const r = await e.backups.importFile(source, { name: `Imported v${n}` })
      expect(r).toMatchObject({ schemaVersion: 3, migratedFrom: n })
      const file = e.resolve(r.id).file
      expect(rows(file)).toEqual(rows(source))
      expect(sha256File(source)).toBe(hash)
    })
  }

  // 1,000 of them: migrate-all-1000.faults.test.ts.
  it('migrate --all over mixed-version profiles reports each', async () => {
    const dataDir = temps.make()
    fs.mkdirSync(path.join(dataDir, 'profiles'))
    const expected: Record<string, [number, string]> = {}
    for (let i = 0; i < 12; i++) {
      const v = (i % 3) + 1
      const id = crypto.randomUUID()
      const file = path.join(dataDir, 'profiles', `${id}.sqlite`)
      if (v === 3) fs.copyFileSync(DEFAULT_TEMPLATE_FILE, file)
      else fs.copyFileSync(path.join(FIXTURES, `v${v}.sqlite`), file)
      withDb(file, (db) =>
        db
          .prepare(
            "INSERT INTO meta(key, value) VALUES ('name', ?), ('id', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
          )
          .run(`P${i}`, id),
      )
      expected[id] = [v, v === 3 ? 'current' : 'migrated']
    }
    const results = await current(dataDir).migrateAll()
    expect(results).toHaveLength(12)
    for (const r of results) {
      expect([r.from, r.status]).toEqual(expected[r.id!])
      expect(r.to).toBe(3)
    }
  })
})
