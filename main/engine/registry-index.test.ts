import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { Engine } from './engine'
import { scanProfiles, type Listing } from './listing'
import { addTodo, listTodos } from './queries/todos'
import { cliJson, SupportChild } from '../../test/support/helpers'
import { engineTestBed } from '../../test/support/test-bed'

const { temps, engines, children, newEngine } = engineTestBed()

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const code = (code: string) => expect.objectContaining({ code })

/** The listing as the folder says it, without any index. */
function truth(e: Engine): Listing {
  return scanProfiles(e.layout.profilesDir, e.migrations)
}

/** A listing's answers, without last-opened times (kept outside the files, so not in `truth`). */
const answers = (l: Listing) => ({ profiles: l.profiles.map(({ lastOpenedAt: _, ...p }) => p), ignored: l.ignored })

const indexFile = (e: Engine) => path.join(e.layout.root, 'cache', 'registry.sqlite')

/** A folder of profiles and a junk file, listed twice with a pause so every index row is trusted. */
async function indexedFolder() {
  const dataDir = temps.make()
  const e = newEngine(dataDir)
  const ids = ['Alpha', 'Beta', 'Gamma', 'Delta'].map((n) => e.createProfile(n).id)
  fs.writeFileSync(path.join(e.layout.profilesDir, 'junk.sqlite'), 'not a database')
  e.listProfiles()
  await sleep(120)
  e.listProfiles()
  return { dataDir, e, ids }
}

/** Replaces a profile file's name inside it, as a program outside Ownlist could. */
function setNameInside(file: string, name: string): void {
  const db = new Database(file)
  db.prepare("UPDATE meta SET value = ? WHERE key = 'name'").run(name)
  db.close()
}

describe('the registry index', () => {
  it('gives the same answers as reading every file, and the index deleted, garbage or emptied changes none', async () => {
    const { dataDir, e } = await indexedFolder()
    const expected = answers(truth(e))
    expect(expected.profiles.map((p) => p.name)).toEqual(['Alpha', 'Beta', 'Delta', 'Gamma'])
    expect(expected.ignored.map((i) => i.file)).toEqual(['junk.sqlite'])
    expect(answers(e.listProfiles())).toEqual(expected)
    expect(answers(newEngine(dataDir).listProfiles())).toEqual(expected)

    fs.rmSync(indexFile(e), { force: true })
    expect(answers(newEngine(dataDir).listProfiles())).toEqual(expected)
    // Garbage over the index once no process has it open (an open one would still read its WAL).
    for (const x of engines) x.close()
    fs.writeFileSync(indexFile(e), Buffer.alloc(9000, 0x5a))
    const afterGarbage = newEngine(dataDir)
    expect(answers(afterGarbage.listProfiles())).toEqual(expected)
    expect(afterGarbage.resolve('Gamma').name).toBe('Gamma')
    expect(() => afterGarbage.createProfile('alpha')).toThrow(code('NAME_TAKEN'))
    // Garbage in place of the index was replaced by a working index.
    expect(fs.readFileSync(indexFile(e)).subarray(0, 15).toString()).toBe('SQLite format 3')
  })

  it('notices a file added, replaced, renamed, removed or changed in place outside Ownlist on the next listing', async () => {
    const { e, ids } = await indexedFolder()
    const dir = e.layout.profilesDir
    const file = (id: string) => path.join(dir, `${id}.sqlite`)
    const [alpha, beta, gamma, delta] = ids as [string, string, string, string]
    const check = () => expect(answers(e.listProfiles())).toEqual(answers(truth(e)))

    // Added: a copy of Alpha under a new id, named otherwise.
    const added = file('00000000-0000-4000-8000-000000000001')
    fs.copyFileSync(file(alpha), added)
    setNameInside(added, 'Added')
    check()
    expect(e.resolve('Added').file).toBe(added)
    // Changed in place (same inode): Beta renamed inside its file.
    setNameInside(file(beta), 'Beta outside')
    check()
    expect(e.listProfiles().profiles.map((p) => p.name)).toContain('Beta outside')
    // Replaced: Gamma's file renamed over Delta's.
    fs.renameSync(file(gamma), file(delta))
    check()
    // Renamed: the added file under another name.
    fs.renameSync(added, file('00000000-0000-4000-8000-000000000002'))
    check()
    // Removed.
    fs.rmSync(file(alpha))
    check()
    expect(() => e.resolve('Alpha')).toThrow(code('PROFILE_NOT_FOUND'))
    expect(e.listProfiles().ignored.map((i) => i.file)).toEqual(['junk.sqlite'])
  })

  it('keeps names exact between engines: a name created or renamed by one is taken for the other', async () => {
    const { dataDir, e } = await indexedFolder()
    const other = newEngine(dataDir)
    other.listProfiles()
    e.createProfile('Fresh')
    expect(() => other.createProfile('FRESH')).toThrow(code('NAME_TAKEN'))
    await other.renameProfile('Alpha', 'Renamed')
    expect(() => e.createProfile('renamed')).toThrow(code('NAME_TAKEN'))
    expect(e.createProfile('Alpha').name).toBe('Alpha')
    expect(e.resolve('Renamed').name).toBe('Renamed')
    // A profile copied in from outside takes its name too.
    const copied = path.join(e.layout.profilesDir, '00000000-0000-4000-8000-000000000003.sqlite')
    fs.copyFileSync(e.resolve('Beta').file, copied)
    setNameInside(copied, 'From outside')
    expect(() => other.createProfile('From outside')).toThrow(code('NAME_TAKEN'))
  })

  it('gives identical answers while another process creates profiles, with the index deleted and damaged meanwhile', async () => {
    const { dataDir, e } = await indexedFolder()
    const child = new SupportChild('create-loop.ts', [dataDir])
    children.push(child)
    expect(await child.nextLine()).toBe('ready')
    child.proc.stdin.write('go\n')
    expect(await child.nextLine()).toBe('started')
    for (let i = 0; i < 6; i++) {
      if (i === 2) fs.rmSync(indexFile(e), { force: true })
      if (i === 4) fs.writeFileSync(indexFile(e), Buffer.alloc(4096, 1))
      const listing = e.listProfiles()
      const keys = listing.profiles.map((p) => p.name.toLowerCase())
      expect(new Set(keys).size).toBe(keys.length)
      await sleep(30)
    }
    await child.kill9()
    const expected = answers(truth(e))
    expect(expected.profiles.length).toBeGreaterThan(4)
    expect(answers(e.listProfiles())).toEqual(expected)
    expect(answers(newEngine(dataDir).listProfiles())).toEqual(expected)
  })
})

/** Every file of the profiles folder: bytes and mtime. */
function profilesState(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of fs.readdirSync(dir).sort()) {
    const st = fs.statSync(path.join(dir, name), { bigint: true })
    out[name] = `${fs.readFileSync(path.join(dir, name)).toString('base64')}@${st.mtimeNs}`
  }
  return out
}

describe('reads never write', () => {
  it('leaves every profile file byte-identical with the same mtime and no -wal/-shm: list, resolve, read, open+close, report, check, backup, CLI', async () => {
    const dataDir = temps.make()
    const e = newEngine(dataDir)
    const work = e.createProfile('Work')
    await e.writeProfile(work.id, (db) => addTodo(db, { listId: 1, title: 'Written', now: new Date() }))
    const home = e.createProfile('Home')
    const dir = e.layout.profilesDir
    const before = profilesState(dir)
    const unchanged = (what: string) => expect(profilesState(dir), what).toEqual(before)

    e.listProfiles()
    unchanged('list')
    e.resolve('Work')
    e.resolve(home.id)
    unchanged('resolve')
    expect(await e.readProfile('Work', (db) => listTodos(db, { listId: 1, today: '2030-01-01' }).length)).toBe(1)
    unchanged('read')
    const s = await e.openProfile(work.id)
    s.read((db) => listTodos(db, { listId: 1, today: '2030-01-01' }))
    s.close()
    ;(await e.openProfile(home.id)).close()
    unchanged('open and close without a write')
    e.report(new Date())
    unchanged('report')
    await e.checkProfile('Work')
    unchanged('check')
    const backup = await e.backups.backupNow('Work', 'manual')
    expect(fs.existsSync(backup.file)).toBe(true)
    unchanged('backup')
    expect((await cliJson(dataDir, 'profiles', 'list')).exitCode).toBe(0)
    expect((await cliJson(dataDir, 'todos', 'list', 'Work')).exitCode).toBe(0)
    unchanged('CLI list and todos list')

    // Opening is still recorded (outside the file), and a real change still writes.
    const listed = e.listProfiles().profiles.find((p) => p.id === home.id)!
    expect(listed.lastOpenedAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    await e.writeProfile(home.id, (db) => addTodo(db, { listId: 1, title: 'Changed', now: new Date() }))
    expect(profilesState(dir)).not.toEqual(before)
  })
})
