import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readSchemaVersion } from '../open'
import { createList, deleteList } from '../queries/lists'
import { addTodo, setDone, updateTodo } from '../queries/todos'
import {
  cliJson,
  profileWithTodos,
  badProfileFiles,
  migrationsDirWithNext,
  sha256File,
  sideFiles,
  snapshotEntries,
  snapshotTree,
  SupportChild,
  userData as userDataOf,
  withDb,
} from '../../../test/support/helpers'
import { engineTestBed } from '../../../test/support/test-bed'
import { expectBadFileRefused, realProfileFixture, setUpOutside } from '../../../test/support/bad-files'

const { temps, children, newEngine } = engineTestBed()

const code = (code: string) => expect.objectContaining({ code })

/** Every column of every row of lists and to-dos (only call on a file with no -wal beside it). */
function userData(file: string) {
  expect(sideFiles(file)).toEqual([])
  return userDataOf(file)
}

const setUp = () => setUpOutside(temps)

describe('restore', () => {
  it('replaces the profile with the backup, and restoring the undo snapshot returns exactly the rows before', async () => {
    const { outside, dataDir } = setUp()
    const engine = newEngine(dataDir)
    const other = await profileWithTodos(engine, 'Other', { n: 2 })
    const otherBefore = sha256File(other.file)
    const p = await profileWithTodos(engine, 'Home', { n: 6 })
    const backup = path.join(outside, 'home.sqlite')
    await engine.backups.backupTo(p.id, backup)
    const backupData = userData(backup)

    // Work done after the backup: added, edited, completed, a list deleted and another made.
    await engine.writeProfile(p.id, (db) => {
      const now = new Date('2026-03-05T10:00:00.000Z')
      addTodo(db, { listId: 1, title: 'After the backup', notes: 'üñí', now })
      updateTodo(db, { id: 2, title: 'Renamed after the backup', now })
      setDone(db, { id: 4, done: true, now })
      deleteList(db, { id: 2 })
      createList(db, { name: 'New list', now })
    })
    const beforeRestore = userData(p.file)
    expect(beforeRestore).not.toEqual(backupData)
    const backupSum = sha256File(backup)

    const r = await cliJson(dataDir, 'restore', 'Home', backup)
    expect(r.exitCode).toBe(0)
    expect(Object.keys(r.body)).toEqual(['id', 'restoredFrom', 'undoSnapshot'])
    expect(r.body).toEqual({
      id: p.id,
      restoredFrom: backup,
      undoSnapshot: expect.stringMatching(/\/pre-restore-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z\.sqlite$/),
    })
    expect(r.body.undoSnapshot).toBe(path.join(engine.layout.backupsDir(p.id), path.basename(r.body.undoSnapshot)))
    // The profile now holds the backup's rows, under the same id and name; the backup is untouched.
    expect(userData(p.file)).toEqual(backupData)
    expect(sha256File(backup)).toBe(backupSum)
    expect(engine.resolve(p.id)).toMatchObject({ id: p.id, name: 'Home', file: p.file })
    // The undo snapshot is the state from just before, verified like any backup.
    expect(userData(r.body.undoSnapshot)).toEqual(beforeRestore)

    // Undo: restore the snapshot.
    const undo = await engine.backups.restore(p.id, r.body.undoSnapshot)
    expect(userData(p.file)).toEqual(beforeRestore)
    expect(undo.undoSnapshot).not.toBe(r.body.undoSnapshot)
    // Undoing the undo gets the backup back again: nothing is ever lost.
    await engine.backups.restore(p.id, undo.undoSnapshot)
    expect(userData(p.file)).toEqual(backupData)

    // Only this profile changed; it still opens and passes every check.
    expect(sha256File(other.file)).toBe(otherBefore)
    expect(await engine.checkProfile(p.id)).toEqual({ ok: true, problems: [] })
    expect(fs.readdirSync(engine.layout.profilesDir).sort()).toEqual([`${other.id}.sqlite`, `${p.id}.sqlite`].sort())
  })

  it('lists the snapshot it kept as kind "pre-restore" in `backups list`', async () => {
    const { outside, dataDir } = setUp()
    const engine = newEngine(dataDir)
    const p = await profileWithTodos(engine, 'Listed', { n: 3 })
    const backup = path.join(outside, 'b.sqlite')
    await engine.backups.backupTo(p.id, backup)
    expect((await cliJson(dataDir, 'backups', 'list', 'Listed')).body).toEqual({ backups: [] })

    const r = await cliJson(dataDir, 'restore', 'Listed', backup)
    const list = await cliJson(dataDir, 'backups', 'list', 'Listed')
    expect(list.exitCode).toBe(0)
    expect(list.body).toEqual({
      backups: [
        {
          file: r.body.undoSnapshot,
          kind: 'pre-restore',
          createdAt: expect.any(String),
          bytes: fs.statSync(r.body.undoSnapshot).size,
        },
      ],
    })
    const [entry] = list.body.backups as Record<string, unknown>[]
    expect(Object.keys(entry!)).toEqual(['file', 'kind', 'createdAt', 'bytes'])
    const createdAt = Date.parse(entry!.createdAt as string)
    expect(new Date(createdAt).toISOString()).toBe(entry!.createdAt)
    expect(Math.abs(Date.now() - createdAt)).toBeLessThan(60_000)
  })

  it('closes this process’s own session on the profile first, then restores', async () => {
    const { outside, dataDir } = setUp()
    const engine = newEngine(dataDir)
    const p = await profileWithTodos(engine, 'Open', { n: 3 })
    const backup = path.join(outside, 'b.sqlite')
    await engine.backups.backupTo(p.id, backup)
    const session = await engine.openProfile(p.id)
    addTodo(session.db, { listId: 1, title: 'Written in the open session', now: new Date() })

    const r = await engine.backups.restore(p.id, backup)
    expect(session.isOpen).toBe(false)
    expect(userData(p.file)).toEqual(userData(backup))
    // The session's last write is in the undo snapshot.
    expect(
      withDb(r.undoSnapshot, (db) =>
        db.prepare('SELECT count(*) FROM todos WHERE title = ?').pluck().get('Written in the open session'),
      ),
    ).toBe(1)
  })

  it('migrates a backup from an older schema after restoring it', async () => {
    const { outside, dataDir, root } = setUp()
    const current = newEngine(path.join(root, 'current'))
    const LATEST = current.schemaVersion
    const next = migrationsDirWithNext(temps, LATEST)
    // The backup: made by today's app, so one schema version behind the engine below.
    const old = await profileWithTodos(current, 'Old', { n: 4 })
    const backup = path.join(outside, 'old.sqlite')
    await current.backups.backupTo(old.id, backup)
    expect(readSchemaVersion(backup)).toBe(LATEST)
    const backupSum = sha256File(backup)

    const engine = newEngine(dataDir, { migrationsDir: next })
    const p = await profileWithTodos(engine, 'Upgraded', { n: 2 })
    expect(readSchemaVersion(p.file)).toBe(LATEST + 1)

    const earlier = new Set(engine.backups.list(p.id).map((b) => b.file))
    const r = await engine.backups.restore(p.id, backup)
    expect(readSchemaVersion(p.file)).toBe(LATEST + 1)
    expect(sideFiles(p.file)).toEqual([])
    const todos = withDb(p.file, (db) => db.prepare('SELECT * FROM todos ORDER BY id').all())
    const expected = withDb(
      backup,
      (db) => db.prepare('SELECT * FROM todos ORDER BY id').all() as Record<string, unknown>[],
    )
    expect(todos).toEqual(expected.map((t) => ({ ...t, priority: 0 })))
    expect(withDb(p.file, (db) => db.prepare('SELECT max(version) FROM schema_migrations').pluck().get())).toBe(
      LATEST + 1,
    )
    expect(sha256File(backup)).toBe(backupSum)
    // Kept: the state before the restore (at the new schema) and the restored file before its migration.
    const made = engine.backups.list(p.id).filter((b) => !earlier.has(b.file))
    expect(made.map((b) => b.kind).sort()).toEqual(['pre-migration', 'pre-restore'])
    expect(readSchemaVersion(r.undoSnapshot)).toBe(LATEST + 1)
    const preMigration = made.find((b) => b.kind === 'pre-migration')!
    expect(readSchemaVersion(preMigration.file)).toBe(LATEST)
    expect(withDb(preMigration.file, (db) => db.prepare('SELECT * FROM todos ORDER BY id').all())).toEqual(expected)
    expect(await engine.checkProfile(p.id)).toEqual({ ok: true, problems: [] })
  })

  it('refuses a backup from a newer schema with SCHEMA_TOO_NEW and changes nothing', async () => {
    const { outside, dataDir, root } = setUp()
    const current = newEngine(dataDir)
    const next = migrationsDirWithNext(temps, current.schemaVersion)
    const newer = newEngine(path.join(root, 'newer'), { migrationsDir: next })
    const future = await profileWithTodos(newer, 'Future', { n: 2 })
    const backup = path.join(outside, 'future.sqlite')
    await newer.backups.backupTo(future.id, backup)
    expect(readSchemaVersion(backup)).toBe(current.schemaVersion + 1)

    const p = await profileWithTodos(current, 'Present', { n: 3 })
    const before = { data: snapshotTree(dataDir), outside: snapshotEntries(outside) }
    const r = await cliJson(dataDir, 'restore', p.id, backup)
    expect(r).toEqual({
      exitCode: 1,
      body: { error: { code: 'SCHEMA_TOO_NEW', message: expect.stringContaining('schema version') } },
    })
    expect(snapshotTree(dataDir)).toEqual(before.data)
    expect(snapshotEntries(outside)).toEqual(before.outside)
  })

  it('refuses with PROFILE_IN_USE while another process has the profile open, and changes nothing', async () => {
    const { outside, dataDir } = setUp()
    const engine = newEngine(dataDir)
    const p = await profileWithTodos(engine, 'Held', { n: 3 })
    const backup = path.join(outside, 'b.sqlite')
    await engine.backups.backupTo(p.id, backup)
    const child = new SupportChild('hold-profile.ts', [dataDir, p.id, 'Written by the holder'])
    children.push(child)
    expect(JSON.parse(await child.nextLine())).toEqual({ ready: true, todoId: 4 })
    // A first read settles SQLite's shared-memory read marks, which any reader may set.
    engine.listProfiles()
    const before = { data: snapshotTree(dataDir), outside: snapshotEntries(outside) }

    await expect(engine.backups.restore(p.id, backup)).rejects.toThrow(code('PROFILE_IN_USE'))
    const r = await cliJson(dataDir, 'restore', 'Held', backup)
    expect([r.exitCode, r.body.error?.code]).toEqual([1, 'PROFILE_IN_USE'])
    expect(snapshotTree(dataDir)).toEqual(before.data)
    expect(snapshotEntries(outside)).toEqual(before.outside)
    expect(fs.existsSync(engine.layout.backupsDir(p.id))).toBe(false)

    // Once the holder is gone, the same restore goes through, and the holder's write is in the undo snapshot.
    await child.kill9()
    const done = await engine.backups.restore(p.id, backup)
    expect(userData(p.file)).toEqual(userData(backup))
    expect(withDb(done.undoSnapshot, (db) => db.prepare('SELECT title FROM todos WHERE id = 4').pluck().get())).toBe(
      'Written by the holder',
    )
  })

  it('never replays a stale -wal left beside the profile over the restored file, and keeps that -wal', async () => {
    const { outside, dataDir, root } = setUp()
    const engine = newEngine(dataDir)
    const p = await profileWithTodos(engine, 'Stale', { n: 4 })
    const backup = path.join(outside, 'b.sqlite')
    await engine.backups.backupTo(p.id, backup)
    // A -wal from another moment: taken while a session had written 30 to-dos…
    const stale = path.join(root, 'stale-wal')
    const session = await engine.openProfile(p.id)
    for (let i = 0; i < 30; i++)
      addTodo(session.db, { listId: 1, title: `From the stale WAL ${i}`, notes: 'x'.repeat(300), now: new Date() })
    fs.copyFileSync(`${p.file}-wal`, stale)
    session.close()
    // …then more work, and the old -wal put back beside the file, as a crash or a bad copy might.
    await engine.writeProfile(p.id, (db) =>
      db.prepare("DELETE FROM todos WHERE title LIKE 'From the stale WAL%'").run(),
    )
    fs.copyFileSync(stale, `${p.file}-wal`)
    const staleSum = sha256File(stale)
    expect(fs.statSync(`${p.file}-wal`).size).toBeGreaterThan(0)

    await engine.backups.restore(p.id, backup)
    expect(sideFiles(p.file)).toEqual([])
    expect(userData(p.file)).toEqual(userData(backup))
    expect(withDb(p.file, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok')
    // Opened for writing (as the app would), it still holds exactly the backup's rows.
    await engine.writeProfile(p.id, (db) => {
      expect(db.prepare("SELECT count(*) FROM todos WHERE title LIKE 'From the stale WAL%'").pluck().get()).toBe(0)
      expect(db.prepare('SELECT count(*) FROM todos').pluck().get()).toBe(4)
    })
    // The stale -wal was moved aside, not deleted: its bytes are still in the data folder.
    const kept = Object.entries(snapshotTree(dataDir)).filter(([, sum]) => sum === staleSum)
    expect(kept.map(([f]) => f)).toEqual([expect.stringMatching(/^trash\/.*\.sqlite-wal$/)])
  })

  describe('never rotates away the backup it restores from', () => {
    /** Four automatic backups on one day, then 25 days later: only the last of them is still wanted. */
    async function fourOldBackups() {
      const { root, dataDir } = setUp()
      let clock = new Date('2026-11-01T09:00:00.000Z')
      const engine = newEngine(dataDir, { now: () => clock })
      const p = await profileWithTodos(engine, 'Rotated', { n: 2 })
      const autos: string[] = []
      for (const hour of [9, 10, 11, 12]) {
        clock = new Date(`2026-11-01T${String(hour).padStart(2, '0')}:00:00.000Z`)
        await engine.writeProfile(p.id, (db) => addTodo(db, { listId: 1, title: `At ${hour}:00`, now: clock }))
        autos.push((await engine.backups.backupNow(p.id, 'auto')).file)
      }
      clock = new Date('2026-11-26T10:00:00.000Z')
      // What the rotation would do now without protection: keep only 12:00 (newest of its week and month).
      const dropped = engine.backups.list(p.id).filter((b) => b.kind === 'auto' && b.file !== autos[3])
      expect(dropped).toHaveLength(3)
      return { root, engine, p, autos }
    }

    it('by its path', async () => {
      const { engine, p, autos } = await fourOldBackups()
      const r = await engine.backups.restore(p.id, autos[1]!)
      expect(r.restoredFrom).toBe(autos[1])
      const left = engine.backups.list(p.id)
      expect(left.map((b) => [path.basename(b.file), b.kind])).toEqual([
        [path.basename(r.undoSnapshot), 'pre-restore'],
        [path.basename(autos[3]!), 'auto'],
        [path.basename(autos[1]!), 'auto'],
      ])
      expect(withDb(p.file, (db) => db.prepare('SELECT title FROM todos ORDER BY id').pluck().all())).toEqual([
        'To-do 1',
        'To-do 2',
        'At 9:00',
        'At 10:00',
      ])
    })

    it('through a symlink to it', async () => {
      const { root, engine, p, autos } = await fourOldBackups()
      const link = path.join(root, 'chosen-backup.sqlite')
      fs.symlinkSync(autos[0]!, link)
      await engine.backups.restore(p.id, link)
      expect(
        engine.backups
          .list(p.id)
          .filter((b) => b.kind === 'auto')
          .map((b) => b.file),
      ).toEqual([autos[3], autos[0]])
    })
  })
})

describe('restoring a bad file', () => {
  const REAL = realProfileFixture()

  it.each(badProfileFiles(REAL))('$name → $code, and nothing changes', async (bad) => {
    const at = setUp()
    const engine = newEngine(at.dataDir)
    // Opened and closed once, as any profile in use has been (so its lock file exists).
    const p = await profileWithTodos(engine, 'Precious', { n: 3 })
    const file = bad.make(at.outside)
    await expectBadFileRefused(bad, at, ['restore', p.id, file])
    expect(withDb(p.file, (db) => db.prepare('SELECT count(*) FROM todos').pluck().get())).toBe(3)
  })
})
