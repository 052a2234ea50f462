import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../engine'
import { addTodo } from '../queries/todos'
import { cliIn, failsIn, okIn, readTitles } from '../../../test/support/replication'
import { snapshotTree, TempDirs } from '../../../test/support/helpers'
import { listCopies, readBackupFolder, setBackupFolder, SETTING_FILE, SUBFOLDER } from './extra-folder'

// The backup folder: automatic backups also copied, verified, into a folder of the user's choice,
// with the same retention. The fallback where Litestream has no build (Windows).

const dirs = new TempDirs()
afterEach(() => dirs.cleanup())

const DAY = 86_400_000

describe('backups folder (CLI): refused inputs change nothing', () => {
  const refusals: [string, string, (dataDir: string, outside: string) => string][] = [
    ['a folder that does not exist', 'NOT_FOUND', (_d, o) => path.join(o, 'missing')],
    ['a file instead of a folder', 'INVALID_ARGUMENT', (_d, o) => path.join(o, 'a-file.txt')],
    ['a relative path', 'INVALID_ARGUMENT', () => 'backups-here'],
    ['a relative path with dots', 'INVALID_ARGUMENT', () => '../elsewhere'],
    ['an empty name', 'INVALID_ARGUMENT', () => ''],
    ['the data folder itself', 'INVALID_ARGUMENT', (d) => d],
    ['the data folder’s profiles/', 'INVALID_ARGUMENT', (d) => path.join(d, 'profiles')],
    ['a link into the data folder', 'INVALID_ARGUMENT', (_d, o) => path.join(o, 'link-to-data')],
    ['a path through a file', 'NOT_FOUND', (_d, o) => path.join(o, 'a-file.txt', 'sub')],
  ]
  for (const [what, code, folderFor] of refusals) {
    it(`${what} → ${code}, with or without a folder set before`, async () => {
      const dataDir = dirs.make()
      const outside = dirs.make('ownlist-outside-')
      const earlier = dirs.make('ownlist-earlier-')
      await okIn(dataDir, 'profiles', 'create', 'Work')
      fs.writeFileSync(path.join(outside, 'a-file.txt'), 'not a folder')
      fs.symlinkSync(dataDir, path.join(outside, 'link-to-data'))
      for (const before of [null, earlier]) {
        if (before) await okIn(dataDir, 'backups', 'folder', before)
        const data = snapshotTree(dataDir)
        const out = snapshotTree(outside)
        const setting = before ? fs.readFileSync(path.join(dataDir, SETTING_FILE)) : null
        await failsIn(dataDir, code, 'backups', 'folder', folderFor(dataDir, outside))
        expect(snapshotTree(dataDir)).toEqual(data)
        expect(snapshotTree(outside)).toEqual(out)
        if (setting) expect(fs.readFileSync(path.join(dataDir, SETTING_FILE)).equals(setting)).toBe(true)
        expect((await okIn(dataDir, 'backups', 'folder')).folder).toBe(before)
      }
    })
  }

  it('a folder and --off together is a usage error (exit 2), nothing written', async () => {
    const dataDir = dirs.make()
    const target = dirs.make('ownlist-target-')
    const data = snapshotTree(dataDir)
    const r = await cliIn(dataDir, 'backups', 'folder', target, '--off')
    expect(r.exitCode).toBe(2)
    expect(r.body.error.code).toBe('INVALID_ARGUMENT')
    expect(snapshotTree(dataDir)).toEqual(data)
    expect(fs.readdirSync(target)).toEqual([])
  })

  it('set, shown, turned off: {"folder","lastCopiedAt","error"}; setting it writes nothing into the folder', async () => {
    const dataDir = dirs.make()
    const target = dirs.make('ownlist-target-')
    expect(await okIn(dataDir, 'backups', 'folder')).toEqual({ folder: null, lastCopiedAt: null, error: null })
    expect(await okIn(dataDir, 'backups', 'folder', target)).toEqual({
      folder: target,
      lastCopiedAt: null,
      error: null,
    })
    expect(fs.readdirSync(target)).toEqual([])
    expect(fs.statSync(path.join(dataDir, SETTING_FILE)).mode & 0o777).toBe(0o600)
    expect(await okIn(dataDir, 'backups', 'folder')).toEqual({ folder: target, lastCopiedAt: null, error: null })
    expect(await okIn(dataDir, 'backups', 'folder', '--off')).toEqual({ folder: null, lastCopiedAt: null, error: null })
    expect(fs.existsSync(path.join(dataDir, SETTING_FILE))).toBe(false)
  })
})

describe('automatic backups copied into the backup folder', () => {
  function setup(now: { t: number }) {
    const dataDir = dirs.make()
    const target = dirs.make('ownlist-target-')
    const engine = new Engine({ dataDir, now: () => new Date(now.t) })
    const p = engine.createProfile('Work')
    return { dataDir, target, engine, p, copies: path.join(target, SUBFOLDER, p.id) }
  }
  const add = (engine: Engine, id: string, title: string) =>
    engine.writeProfile(id, (db) => addTodo(db, { listId: 1, title, now: new Date() }))

  it('each automatic backup is copied, verified, byte-identical in content; an unchanged profile adds none', async () => {
    const now = { t: Date.parse('2026-11-30T10:00:00Z') }
    const { dataDir, target, engine, p, copies } = setup(now)
    try {
      setBackupFolder(dataDir, target)
      await add(engine, p.id, 'one')
      const made = await engine.backups.autoBackupIfChanged(p.id)
      const copy = path.join(copies, path.basename(made!.file))
      expect(readTitles(copy)).toEqual({ titles: ['one'], integrity: 'ok' })
      expect(readBackupFolder(dataDir)).toEqual({
        folder: target,
        lastCopiedAt: new Date(now.t).toISOString(),
        error: null,
      })
      // No -wal/-shm/partial beside it: one self-contained file.
      expect(fs.readdirSync(copies)).toEqual([path.basename(made!.file)])
      now.t += 60_000
      expect(await engine.backups.autoBackupIfChanged(p.id)).toBeNull()
      expect(fs.readdirSync(copies)).toHaveLength(1)
      await add(engine, p.id, 'two')
      now.t += 60_000
      await engine.backups.autoBackupIfChanged(p.id)
      expect(listCopies(copies)).toHaveLength(2)
      expect(
        readTitles(
          listCopies(copies)
            .map((c) => c.file)
            .sort()[1]!,
        ).titles,
      ).toEqual(['one', 'two'])
    } finally {
      engine.close()
    }
  })

  it('a folder set after the last backup gets the newest one at the next automatic backup, even unchanged', async () => {
    const now = { t: Date.parse('2026-11-30T10:00:00Z') }
    const { dataDir, target, engine, p, copies } = setup(now)
    try {
      await add(engine, p.id, 'one')
      const made = await engine.backups.autoBackupIfChanged(p.id)
      setBackupFolder(dataDir, target)
      now.t += 60_000
      expect(await engine.backups.autoBackupIfChanged(p.id)).toBeNull()
      expect(fs.readdirSync(copies)).toEqual([path.basename(made!.file)])
    } finally {
      engine.close()
    }
  })

  it('a folder that went away: the data folder’s backup is made, the error is recorded, the copy follows when it is back', async () => {
    const now = { t: Date.parse('2026-11-30T10:00:00Z') }
    const { dataDir, target, engine, p, copies } = setup(now)
    try {
      setBackupFolder(dataDir, target)
      fs.renameSync(target, `${target}.away`)
      await add(engine, p.id, 'one')
      const made = await engine.backups.autoBackupIfChanged(p.id)
      expect(fs.existsSync(made!.file)).toBe(true)
      expect(fs.existsSync(target)).toBe(false) // never recreated: an unplugged disk's mount point stays empty
      const state = readBackupFolder(dataDir)
      expect(state).toMatchObject({ folder: target, lastCopiedAt: null, error: expect.stringMatching(/not there/) })
      fs.renameSync(`${target}.away`, target)
      now.t += 60_000
      await engine.backups.autoBackupIfChanged(p.id)
      expect(fs.readdirSync(copies)).toEqual([path.basename(made!.file)])
      expect(readBackupFolder(dataDir).error).toBeNull()
    } finally {
      engine.close()
    }
  })

  it('a copy that does not verify is not kept under its name, and the error says so', async () => {
    const now = { t: Date.parse('2026-11-30T10:00:00Z') }
    const { dataDir, target, engine, p, copies } = setup(now)
    try {
      setBackupFolder(dataDir, target)
      // A folder already at the copy's name: nothing may be written over or into it.
      await add(engine, p.id, 'one')
      now.t += 1000
      const name = `auto-${new Date(now.t).toISOString().replace(/:/g, '-')}.sqlite`
      fs.mkdirSync(path.join(copies, name), { recursive: true })
      await engine.backups.autoBackupIfChanged(p.id)
      expect(fs.readdirSync(path.join(copies, name))).toEqual([])
      expect(readBackupFolder(dataDir).error).toMatch(/folder has that name/)
    } finally {
      engine.close()
    }
  })

  it('retention there is the data folder’s: over 30 days of backups every 8 hours both keep the same set', async () => {
    const now = { t: Date.parse('2026-10-01T00:00:00Z') }
    const { dataDir, target, engine, p, copies } = setup(now)
    try {
      setBackupFolder(dataDir, target)
      // Something of the user's in the same folder is never touched.
      fs.mkdirSync(copies, { recursive: true })
      fs.writeFileSync(path.join(copies, 'notes.txt'), 'mine')
      for (let i = 0; i < 30 * 3; i++) {
        now.t += 8 * 3_600_000
        await add(engine, p.id, `t${i}`)
        await engine.backups.autoBackupIfChanged(p.id)
      }
      const own = engine.backups
        .list(p.id)
        .filter((b) => b.kind === 'auto')
        .map((b) => path.basename(b.file))
        .sort()
      const there = listCopies(copies)
        .map((c) => path.basename(c.file))
        .sort()
      expect(there).toEqual(own)
      expect(there.length).toBeLessThan(30)
      expect(there.length).toBeGreaterThan(14)
      expect(fs.readFileSync(path.join(copies, 'notes.txt'), 'utf8')).toBe('mine')
      expect(now.t - listCopies(copies)[0]!.createdAt.getTime()).toBeLessThan(31 * DAY)
    } finally {
      engine.close()
    }
  }, 120_000)
})
