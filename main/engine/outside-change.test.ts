// A profile file changed outside Ownlist while a session has it open: copied over (same inode),
// truncated, replaced by a rename, deleted. The next write fails with a coded error and writes
// nothing; closing writes nothing either; the outside file keeps its exact bytes, and what the
// session had is kept in the profile's backups folder.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { listBackupFiles } from './backup/backups'
import { Engine, type ProfileSession } from './engine'
import { listTodos, addTodo } from './queries/todos'
import { profileWithTodos, sha256File, sideFiles, withDb } from '../../test/support/helpers'
import { engineTestBed } from '../../test/support/test-bed'

const { temps, engines } = engineTestBed()

const TODAY = '2026-11-26'
const titles = (file: string) =>
  withDb(file, (db) => db.prepare('SELECT title FROM todos ORDER BY id').pluck().all() as string[], { readonly: true })

/** Work open in a session with to-dos only in its WAL; Other closed, a valid profile to copy over it. */
async function setUp() {
  const dataDir = temps.make()
  const engine = new Engine({ dataDir })
  engines.push(engine)
  const work = await profileWithTodos(engine, 'Work', { n: 30 })
  const other = await profileWithTodos(engine, 'Other', { n: 7, title: (i) => `Other ${i}` })
  // The outside file: a copy of Other made elsewhere, as a user would restore a backup.
  const outside = path.join(temps.make(), 'restore-me.sqlite')
  fs.copyFileSync(other.file, outside)
  const session = await engine.openProfile(work.id)
  for (let i = 1; i <= 3; i++)
    session.write((db) => addTodo(db, { listId: 1, title: `Only in the WAL ${i}`, now: new Date() }))
  const appTitles = session.read((db) => db.prepare('SELECT title FROM todos ORDER BY id').pluck().all() as string[])
  expect(appTitles).toHaveLength(33)
  expect(fs.statSync(`${work.file}-wal`).size).toBeGreaterThan(0)
  return { dataDir, engine, work, other, outside, session, appTitles, walBytes: fs.readFileSync(`${work.file}-wal`) }
}

type Setup = Awaited<ReturnType<typeof setUp>>

const attemptWrite = (session: ProfileSession) => () =>
  session.write((db) => addTodo(db, { listId: 1, title: 'Written after the change', now: new Date() }))

/** The write (when asked) and the close: both write nothing; the error names what was kept. */
function writeThenClose(s: Setup, withWrite: boolean): string {
  let message = ''
  if (withWrite) {
    try {
      attemptWrite(s.session)()
      expect.fail('the write went through')
    } catch (e) {
      expect(e).toMatchObject({ code: 'PROFILE_NOT_FOUND' })
      message = (e as Error).message
    }
    expect(s.session.isOpen).toBe(false)
    expect(s.engine.session(s.work.id)).toBeUndefined()
    // Every later call fails the same way, and closing again does nothing.
    expect(attemptWrite(s.session)).toThrow(expect.objectContaining({ code: 'PROFILE_NOT_FOUND' }))
    s.session.close()
  } else {
    s.engine.close()
    expect(s.session.isOpen).toBe(false)
    message = s.session.outsideChange!.message
  }
  expect(s.session.outsideChange?.code).toBe('PROFILE_NOT_FOUND')
  expect(message).not.toMatch(/\/tmp\/|\n\s+at /)
  return message
}

describe.each([
  ['a write, then the close', true],
  ['only the close', false],
])('a profile file changed outside while open, followed by %s', (_, withWrite) => {
  it('copied over (same inode): the copied file survives byte for byte; the session’s WAL is kept', async () => {
    const s = await setUp()
    const inode = fs.statSync(s.work.file).ino
    fs.copyFileSync(s.outside, s.work.file)
    expect(fs.statSync(s.work.file).ino).toBe(inode)
    const message = writeThenClose(s, withWrite)

    expect(sha256File(s.work.file)).toBe(sha256File(s.outside))
    expect(sideFiles(s.work.file)).toEqual([])
    expect(titles(s.work.file)).toEqual(Array.from({ length: 7 }, (_, i) => `Other ${i + 1}`))
    // What the session had beyond the file it built on: its WAL, byte for byte, named in the message.
    const kept = fs.readdirSync(s.engine.layout.backupsDir(s.work.id)).filter((f) => f.endsWith('.sqlite-wal'))
    expect(kept).toHaveLength(1)
    expect(kept[0]).toMatch(/^replaced-.*\.sqlite-wal$/)
    expect(fs.readFileSync(path.join(s.engine.layout.backupsDir(s.work.id), kept[0]!)).equals(s.walBytes)).toBe(true)
    expect(message).toContain('overwritten outside Ownlist')
    expect(message).toContain(kept[0]!)
    // The profile opens again as what was copied in.
    const again = await s.engine.openProfile(s.work.id)
    expect(again.read((db) => listTodos(db, { today: TODAY })).map((t) => t.title)).toContain('Other 7')
    again.close()
  })

  it('truncated to nothing: the file stays empty; the session’s WAL is kept', async () => {
    const s = await setUp()
    fs.truncateSync(s.work.file, 0)
    const message = writeThenClose(s, withWrite)

    expect(fs.statSync(s.work.file).size).toBe(0)
    expect(sideFiles(s.work.file)).toEqual([])
    const kept = fs
      .readdirSync(s.engine.layout.backupsDir(s.work.id))
      .filter((f) => /^replaced-.*\.sqlite-wal$/.test(f))
    expect(kept).toHaveLength(1)
    expect(fs.readFileSync(path.join(s.engine.layout.backupsDir(s.work.id), kept[0]!)).equals(s.walBytes)).toBe(true)
    expect(message).toContain(kept[0]!)
    expect(s.engine.listProfiles().ignored.map((i) => i.file)).toEqual([path.basename(s.work.file)])
  })

  it('replaced by a rename: the renamed-in file survives byte for byte; the session’s whole state is a pre-restore backup', async () => {
    const s = await setUp()
    const renamed = path.join(path.dirname(s.work.file), 'incoming.tmp')
    fs.copyFileSync(s.outside, renamed)
    fs.renameSync(renamed, s.work.file)
    const message = writeThenClose(s, withWrite)

    expect(sha256File(s.work.file)).toBe(sha256File(s.outside))
    expect(sideFiles(s.work.file)).toEqual([])
    const backups = s.engine.backups.list(s.work.id)
    expect(backups.map((b) => b.kind)).toEqual(['pre-restore'])
    const kept = backups[0]!.file
    expect(message).toContain(path.basename(kept))
    // Everything the session had, the to-dos only in its WAL included; a complete, checked profile.
    expect(titles(kept)).toEqual(s.appTitles)
    expect(withDb(kept, (db) => db.pragma('integrity_check', { simple: true }), { readonly: true })).toBe('ok')
    expect(sideFiles(kept)).toEqual([])
    // Restoring it is the undo.
    await s.engine.backups.restore(s.work.id, kept)
    expect(titles(s.work.file)).toEqual(s.appTitles)
  })

  it('deleted: the session’s whole state is kept as a pre-restore backup, and no file reappears', async () => {
    const s = await setUp()
    fs.rmSync(s.work.file)
    const message = writeThenClose(s, withWrite)

    expect(fs.existsSync(s.work.file)).toBe(false)
    expect(sideFiles(s.work.file)).toEqual([])
    const kept = listBackupFiles(s.engine.layout.backupsDir(s.work.id))
    expect(kept.map((b) => b.kind)).toEqual(['pre-restore'])
    expect(titles(kept[0]!.file)).toEqual(s.appTitles)
    expect(message).toContain('moved or deleted')
  })
})

describe('a profile nobody touched', () => {
  it('closes normally after many writes that checkpoint, through write() and around it', async () => {
    const dataDir = temps.make()
    const engine = new Engine({ dataDir })
    engines.push(engine)
    const p = engine.createProfile('Busy')
    const session = await engine.openProfile(p.id)
    const notes = 'n'.repeat(3000)
    const checkpointsBefore = fs.statSync(p.file).mtimeMs
    // Enough pages for SQLite's automatic checkpoints to write the file several times over.
    for (let i = 0; i < 400; i++)
      session.write((db) => addTodo(db, { listId: 1, title: `Checked ${i}`, notes, now: new Date() }))
    // Writes around write() (as tests and benchmarks do) checkpoint too: recognised as ours.
    for (let i = 0; i < 400; i++) addTodo(session.db, { listId: 1, title: `Raw ${i}`, notes, now: new Date() })
    expect(fs.statSync(p.file).mtimeMs).not.toBe(checkpointsBefore)
    expect(session.read((db) => listTodos(db, { today: TODAY })).length).toBe(800)
    session.write((db) => addTodo(db, { listId: 1, title: 'Last', notes, now: new Date() }))
    session.close()
    expect(session.outsideChange).toBeNull()
    expect(sideFiles(p.file)).toEqual([])
    expect(titles(p.file)).toHaveLength(801)
    expect(fs.existsSync(engine.layout.backupsDir(p.id))).toBe(false)
  })
})
