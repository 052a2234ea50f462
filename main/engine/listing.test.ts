import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { runCli } from '../cli/main'
import { Engine } from './engine'
import { addTodo, listTodos } from './queries/todos'
import { sideFiles, snapshotTree } from '../../test/support/helpers'
import { engineTestBed } from '../../test/support/test-bed'

const { temps, engines } = engineTestBed()

const code = (code: string) => expect.objectContaining({ code })

const JUNK = {
  'junk.sqlite': /not a SQLite/i,
  'empty.sqlite': /empty|0 bytes/i,
  'cut.sqlite': /truncated|damaged|corrupt/i,
  'other.sqlite': /another app|not an Ownlist/i,
  'x.sqlite': /folder|directory/i,
} as const

/** A data folder with two real profiles (one with to-dos, opened and closed) and every kind of junk. */
async function folderWithJunk() {
  const dataDir = temps.make()
  const engine = new Engine({ dataDir })
  engines.push(engine)
  const real = engine.createProfile('Real')
  const s = await engine.openProfile(real.id)
  for (let i = 0; i < 300; i++)
    addTodo(s.db, { listId: 1, title: `To-do number ${i}`, notes: 'n'.repeat(100), now: new Date() })
  s.close()
  const fresh = engine.createProfile('Fresh')
  const dir = engine.layout.profilesDir

  fs.writeFileSync(path.join(dir, 'junk.sqlite'), crypto.randomBytes(8192))
  fs.writeFileSync(path.join(dir, 'empty.sqlite'), '')
  const whole = fs.readFileSync(real.file)
  fs.writeFileSync(path.join(dir, 'cut.sqlite'), whole.subarray(0, Math.floor(whole.length / 2)))
  const other = new Database(path.join(dir, 'other.sqlite'))
  other.exec("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes(body) VALUES ('not ours')")
  expect(other.pragma('application_id', { simple: true })).toBe(0)
  other.close()
  fs.mkdirSync(path.join(dir, 'x.sqlite'))
  fs.writeFileSync(path.join(dir, 'x.sqlite', 'inside.txt'), 'keep me')
  return { dataDir, engine, real, fresh, dir }
}

function expectJunkUntouched(dir: string, before: Record<string, string>) {
  expect(snapshotTree(dir)).toEqual(before)
  for (const name of Object.keys(JUNK)) expect(sideFiles(path.join(dir, name))).toEqual([])
}

describe('junk in the profiles folder', () => {
  it('is listed as ignored with a reason, never as a profile, and every byte stays as it was', async () => {
    const { engine, real, fresh, dir } = await folderWithJunk()
    const before = snapshotTree(dir)

    for (const e of [engine, new Engine({ dataDir: engine.layout.root })]) {
      const listing = e.listProfiles()
      expect(listing.profiles.map((p) => p.id).sort()).toEqual([real.id, fresh.id].sort())
      expect(listing.ignored.map((i) => i.file)).toEqual(Object.keys(JUNK).sort())
      for (const item of listing.ignored) {
        expect(Object.keys(item).sort()).toEqual(['file', 'reason'])
        expect(item.reason).toMatch(JUNK[item.file as keyof typeof JUNK])
      }
    }
    expectJunkUntouched(dir, before)

    // Junk is never a profile to open, by its file name or otherwise.
    for (const ref of ['junk', 'empty', 'cut', 'other', 'x', 'junk.sqlite']) {
      await expect(engine.openProfile(ref)).rejects.toThrow(code('PROFILE_NOT_FOUND'))
    }
    expect(() => engine.deleteProfile('junk')).toThrow(code('PROFILE_NOT_FOUND'))
    expectJunkUntouched(dir, before)

    // Through the CLI as well.
    const r = await runCli(['--data-dir', engine.layout.root, '--json', 'profiles', 'list'], {})
    expect(r.exitCode).toBe(0)
    const body = JSON.parse(r.stdout) as { profiles: { id: string }[]; ignored: { file: string; reason: string }[] }
    expect(body.profiles.map((p) => p.id).sort()).toEqual([real.id, fresh.id].sort())
    expect(body.ignored.map((i) => i.file)).toEqual(Object.keys(JUNK).sort())
    expectJunkUntouched(dir, before)
  })

  it('`migrate --all` reports junk as not-a-profile and leaves it byte-identical', async () => {
    const { engine, real, fresh, dir } = await folderWithJunk()
    const before = snapshotTree(dir)
    const results = await engine.migrateAll()
    expect(
      results
        .filter((r) => r.status !== 'not-a-profile')
        .map((r) => [r.id, r.status])
        .sort(),
    ).toEqual(
      [
        [real.id, 'current'],
        [fresh.id, 'current'],
      ].sort(),
    )
    const junk = results.filter((r) => r.status === 'not-a-profile')
    expect(junk.map((r) => r.id).sort()).toEqual(['cut', 'empty', 'junk', 'other', 'x'])
    for (const r of junk) {
      expect(r).toEqual({
        id: r.id,
        name: null,
        from: null,
        to: null,
        status: 'not-a-profile',
        error: { code: 'NOT_A_PROFILE', message: expect.any(String) },
      })
    }
    // Only the two real profiles may have changed (migrate opens them and stamps last_opened_at).
    const after = snapshotTree(dir)
    for (const name of Object.keys(JUNK)) {
      for (const key of Object.keys(before).filter((k) => k.startsWith(name))) expect(after[key]).toBe(before[key])
    }
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort())
    for (const name of Object.keys(JUNK)) expect(sideFiles(path.join(dir, name))).toEqual([])

    // Via the CLI too.
    const again = snapshotTree(dir)
    const r = await runCli(['--data-dir', engine.layout.root, '--json', 'migrate', '--all'], {})
    expect(r.exitCode).toBe(0)
    const statuses = (JSON.parse(r.stdout) as { results: { id: string; status: string }[] }).results.map((x) => [
      x.id,
      x.status,
    ])
    for (const id of ['cut', 'empty', 'junk', 'other', 'x']) expect(statuses).toContainEqual([id, 'not-a-profile'])
    const afterCli = snapshotTree(dir)
    for (const name of Object.keys(JUNK)) {
      for (const key of Object.keys(again).filter((k) => k.startsWith(name))) expect(afterCli[key]).toBe(again[key])
    }
  })

  it('lists a valid profile file copied in under a new name', async () => {
    const { engine, real, dir } = await folderWithJunk()
    const copyId = crypto.randomUUID()
    fs.copyFileSync(real.file, path.join(dir, `${copyId}.sqlite`))
    const listing = engine.listProfiles()
    const copy = listing.profiles.find((p) => p.id === copyId)
    expect(copy).toMatchObject({ id: copyId, name: 'Real', schemaVersion: engine.schemaVersion })
    expect(listing.profiles.filter((p) => p.name === 'Real')).toHaveLength(2)
    // Two files with one name: the name is ambiguous, the ids are not.
    expect(() => engine.resolve('Real')).toThrow(code('AMBIGUOUS_PROFILE'))
    const titles = await engine.readProfile(copyId, (db) => listTodos(db, { today: '2026-01-01' }).length)
    expect(titles).toBe(300)
    // Opening the copy gives it its own identity: its meta id follows its file name.
    const s = await engine.openProfile(copyId)
    expect(s.db.prepare("SELECT value FROM meta WHERE key = 'id'").pluck().get()).toBe(copyId)
    s.close()
    expect(
      await engine.readProfile(real.id, (db) => db.prepare("SELECT value FROM meta WHERE key = 'id'").pluck().get()),
    ).toBe(real.id)
  })
})
