// Temporary files: created exclusively under a random name, never through a link; the sweep
// removes only names of our own schemes whose process is gone, and only plain files.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { SettingsStore } from '../api/settings'
import { cleanStaleTemporaries } from './create'
import { Engine } from './engine'
import { isOwnlistError } from './errors'
import { TempDirs } from '../../test/support/helpers'

// The random part of the next temporary name, when a test needs to know it beforehand.
const planted = vi.hoisted(() => ({ suffix: null as string | null }))
vi.mock('./fsutil', async (importOriginal) => {
  const real = await importOriginal<typeof import('./fsutil')>()
  return { ...real, randomSuffix: () => planted.suffix ?? real.randomSuffix() }
})

const temps = new TempDirs()
let live: ChildProcess
let deadPid: number
beforeAll(() => {
  // A pid that surely belongs to no process any more: a child that has exited and been reaped.
  deadPid = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!
  live = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
})
afterAll(() => {
  live.kill('SIGKILL')
})
afterEach(() => {
  planted.suffix = null
  temps.cleanup()
})

const SUFFIX = '0123456789abcdef'
const bytes = (f: string) => fs.readFileSync(f).toString('hex')

async function setUp() {
  const engine = new Engine({ dataDir: temps.make() })
  const p = engine.createProfile('Work')
  const outside = temps.make()
  const victim = path.join(temps.make(), 'victim.txt')
  fs.writeFileSync(victim, 'not yours to write')
  return { engine, p, outside, victim, target: path.join(outside, 'work.sqlite') }
}

async function expectIoError(p: Promise<unknown>): Promise<void> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(Error)
  // Raw EEXIST from the file system: reported as IO_ERROR by the boundary (toErrorValue).
  expect(isOwnlistError(e) || (e as NodeJS.ErrnoException).code === 'EEXIST').toBe(true)
}

describe('a backup to a path the user chose', () => {
  it('never follows a link planted at its temporary name, nor writes over a file there', async () => {
    const { engine, p, outside, victim, target } = await setUp()
    planted.suffix = SUFFIX
    const tmp = path.join(outside, `.work.sqlite.${process.pid}.${SUFFIX}.partial`)

    fs.symlinkSync(victim, tmp)
    await expectIoError(engine.backups.backupTo(p.id, target))
    expect(bytes(victim)).toBe(Buffer.from('not yours to write').toString('hex'))
    expect(fs.readlinkSync(tmp)).toBe(victim)
    expect(fs.readdirSync(outside)).toEqual([path.basename(tmp)])

    fs.rmSync(tmp)
    fs.writeFileSync(tmp, 'someone else’s')
    await expectIoError(engine.backups.backupTo(p.id, target))
    expect(fs.readFileSync(tmp, 'utf8')).toBe('someone else’s')
    expect(fs.readdirSync(outside)).toEqual([path.basename(tmp)])
    engine.close()
  })

  it('uses a name nobody can predict: links at the names of earlier versions are never written through', async () => {
    const { engine, p, outside, victim, target } = await setUp()
    // The old scheme, `.<name>.<pid>.partial`, was predictable: a link there received the backup.
    const old = path.join(outside, `.work.sqlite.${process.pid}.partial`)
    fs.symlinkSync(victim, old)
    const r = await engine.backups.backupTo(p.id, target)
    expect(r.verified).toBe(true)
    expect(fs.readFileSync(victim, 'utf8')).toBe('not yours to write')
    expect(fs.readlinkSync(old)).toBe(victim)
    engine.close()
  })

  it('refuses a link to nothing under the target name (FILE_EXISTS) unless --force', async () => {
    const { engine, p, outside, target } = await setUp()
    fs.symlinkSync(path.join(outside, 'nowhere'), target)
    await expect(engine.backups.backupTo(p.id, target)).rejects.toMatchObject({ code: 'FILE_EXISTS' })
    expect(fs.readdirSync(outside)).toEqual(['work.sqlite'])
    expect(fs.lstatSync(target).isSymbolicLink()).toBe(true)
    // --force replaces the link itself, never the file it names.
    await engine.backups.backupTo(p.id, target, { force: true })
    expect(fs.lstatSync(target).isFile()).toBe(true)
    expect(fs.existsSync(path.join(outside, 'nowhere'))).toBe(false)
    engine.close()
  })

  it('sweeps only its own leftovers of dead processes: not look-alikes, not live owners, not folders or links', async () => {
    const { engine, p, outside, victim, target } = await setUp()
    const ours = (pid: number | string, suffix = SUFFIX) => `.work.sqlite.${pid}.${suffix}.partial`
    const removed = [ours(deadPid), `${ours(deadPid)}-journal`, `${ours(deadPid, 'fedcba9876543210')}-wal`]
    const kept = [
      ours(process.pid), // this process
      ours(live.pid!), // a live child
      ours(0), // not a pid (0 is a process group)
      ours('99999999999'), // out of range
      `.work.sqlite.${deadPid}.partial`, // an earlier, looser scheme: could be anyone's file
      `.work.sqlite.${deadPid}.0123456789ABCDEF.partial`, // not our alphabet
      `.work.sqlite.${deadPid}.0123.partial`, // too short
      `.other.sqlite.${deadPid}.${SUFFIX}.partial`, // another target's
      `.work.sqlite.${deadPid}.${SUFFIX}.partial.bak`,
    ]
    for (const n of [...removed, ...kept]) fs.writeFileSync(path.join(outside, n), 'x')
    const folder = ours(deadPid, 'aaaaaaaaaaaaaaaa')
    fs.mkdirSync(path.join(outside, folder))
    fs.writeFileSync(path.join(outside, folder, 'inside'), 'x')
    const link = ours(deadPid, 'bbbbbbbbbbbbbbbb')
    fs.symlinkSync(victim, path.join(outside, link))

    await engine.backups.backupTo(p.id, target)
    expect(fs.readdirSync(outside).sort()).toEqual([...kept, folder, link, 'work.sqlite'].sort())
    expect(fs.readFileSync(path.join(outside, folder, 'inside'), 'utf8')).toBe('x')
    expect(fs.readFileSync(victim, 'utf8')).toBe('not yours to write')
    engine.close()
  })
})

describe('temporary profile files in profiles/', () => {
  it('sweeps only names of its own scheme whose process is gone, and only plain files', () => {
    const engine = new Engine({ dataDir: temps.make() })
    const real = engine.createProfile('Real')
    const dir = engine.layout.profilesDir
    const id = '00000000-0000-4000-8000-000000000000'
    const removed = [
      `.create-${deadPid}-${id}-${SUFFIX}.tmp`,
      `.import-${deadPid}-${id}-${SUFFIX}.tmp-journal`,
      `.restore-${deadPid}-${id}.tmp`, // an earlier version's name for the same thing
    ]
    const kept = [
      `.create-${process.pid}-${id}-${SUFFIX}.tmp`,
      `.repair-${live.pid}-${id}-${SUFFIX}.tmp`,
      `.notes-${deadPid}-${id}-${SUFFIX}.tmp`, // not one of our operations
      `.create-${deadPid}-mine.tmp`, // not a profile id
      `.create-0-${id}.tmp`,
      '.create-notes.txt',
    ]
    for (const f of [...removed, ...kept]) fs.writeFileSync(path.join(dir, f), 'x')
    const folder = `.create-${deadPid}-${id}-aaaaaaaaaaaaaaaa.tmp`
    fs.mkdirSync(path.join(dir, folder))
    const victim = path.join(temps.make(), 'victim.txt')
    fs.writeFileSync(victim, 'keep')
    const link = `.create-${deadPid}-${id}-bbbbbbbbbbbbbbbb.tmp`
    fs.symlinkSync(victim, path.join(dir, link))

    cleanStaleTemporaries(dir)
    expect(fs.readdirSync(dir).sort()).toEqual([...kept, folder, link, `${real.id}.sqlite`].sort())
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep')
    // Listing sweeps too, and never fails on what it leaves.
    expect(engine.listProfiles().profiles.map((p) => p.id)).toEqual([real.id])
    engine.close()
  })
})

describe('settings.json', () => {
  it('is written through a random, exclusive temporary name: a link at the old predictable name is never followed', () => {
    const dataDir = temps.make()
    const file = path.join(dataDir, 'settings.json')
    const victim = path.join(temps.make(), 'victim.txt')
    fs.writeFileSync(victim, 'keep')
    // The name earlier versions wrote through (opened with 'w', which follows a link).
    fs.symlinkSync(victim, `${file}.${process.pid}.tmp`)

    const store = new SettingsStore(file)
    store.update({ lastProfileId: 'a' })
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep')
    expect(SettingsStore.read(file).lastProfileId).toBe('a')
    expect(fs.lstatSync(file).isFile()).toBe(true)
  })

  it('sweeps temporary settings files of dead processes only', () => {
    const dataDir = temps.make()
    const file = path.join(dataDir, 'settings.json')
    const dead = `.settings.json.${deadPid}.${SUFFIX}.tmp`
    const kept = [
      `.settings.json.${live.pid}.${SUFFIX}.tmp`,
      `.settings.json.${deadPid}.tmp`,
      `settings.json.${deadPid}.tmp`,
      `.other.json.${deadPid}.${SUFFIX}.tmp`,
    ]
    for (const f of [dead, ...kept]) fs.writeFileSync(path.join(dataDir, f), 'x')
    new SettingsStore(file)
    expect(fs.readdirSync(dataDir).sort()).toEqual([...kept].sort())
  })
})
