import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import { runCli } from '../cli/main'
import { openDatabase } from './connection'
import { closeIdleLocks, FileLock } from './lock'
import { listTodos } from './queries/todos'
import { sha256File, sideFiles, SupportChild, withDb } from '../../test/support/helpers'
import { engineTestBed } from '../../test/support/test-bed'

const { temps, children, newEngine } = engineTestBed()

const code = (code: string) => expect.objectContaining({ code })

async function cli(dataDir: string, ...args: string[]) {
  const t0 = performance.now()
  const r = await runCli(['--data-dir', dataDir, '--json', ...args], {})
  return { ...r, ms: performance.now() - t0, body: JSON.parse(r.stdout) as Record<string, any> }
}

async function holdInChild(dataDir: string, ref: string, title: string): Promise<SupportChild> {
  const child = new SupportChild('hold-profile.ts', [dataDir, ref, title])
  children.push(child)
  expect(JSON.parse(await child.nextLine())).toEqual({ ready: true, todoId: 1 })
  return child
}

describe('a profile open in another process', () => {
  it('refuses writers at once with PROFILE_IN_USE, still lists and reads it, and opens normally after kill -9', async () => {
    const dataDir = temps.make()
    const engine = newEngine(dataDir)
    const held = engine.createProfile('Held')
    const other = engine.createProfile('Other')
    const child = await holdInChild(dataDir, held.id, 'Written by the holder')

    // The Engine refuses at once, never hangs (a fresh Engine as well as this one).
    for (const e of [engine, newEngine(dataDir)]) {
      const t0 = performance.now()
      await expect(e.openProfile(held.id)).rejects.toThrow(code('PROFILE_IN_USE'))
      expect(performance.now() - t0).toBeLessThan(2000)
    }
    await expect(engine.writeProfile('Held', () => 1)).rejects.toThrow(code('PROFILE_IN_USE'))

    // CLI writers: exit 1 with PROFILE_IN_USE, quickly, and nothing written.
    const add = await cli(dataDir, 'todos', 'add', 'Held', 'From the CLI')
    expect(add.exitCode).toBe(1)
    expect(add.body).toEqual({ error: { code: 'PROFILE_IN_USE', message: expect.any(String) } })
    expect(add.ms).toBeLessThan(2000)
    for (const args of [
      ['profiles', 'rename', 'Held', 'Renamed'],
      ['profiles', 'delete', 'Held'],
      ['todos', 'done', 'Held', '1'],
    ]) {
      const r = await cli(dataDir, ...args)
      expect([r.exitCode, r.body.error?.code], args.join(' ')).toEqual([1, 'PROFILE_IN_USE'])
    }
    expect(fs.existsSync(held.file)).toBe(true)
    const migrate = await cli(dataDir, 'migrate', 'Held')
    expect(migrate.exitCode).toBe(0)
    expect(migrate.body.results).toEqual([
      {
        id: held.id,
        name: 'Held',
        from: engine.schemaVersion,
        to: engine.schemaVersion,
        status: 'in-use',
        error: { code: 'PROFILE_IN_USE', message: expect.any(String) },
      },
    ])

    // Readers still work: listing and `todos list` see the holder's committed to-do.
    const list = await cli(dataDir, 'profiles', 'list')
    expect(list.exitCode).toBe(0)
    expect(list.body.profiles.map((p: { id: string; name: string }) => [p.id, p.name])).toEqual([
      [held.id, 'Held'],
      [other.id, 'Other'],
    ])
    expect(list.body.ignored).toEqual([])
    const todos = await cli(dataDir, 'todos', 'list', 'Held')
    expect(todos.exitCode).toBe(0)
    expect(todos.body.todos.map((t: { title: string; done: boolean }) => [t.title, t.done])).toEqual([
      ['Written by the holder', false],
    ])

    // Another profile is not affected by the lock.
    const otherSession = await engine.openProfile(other.id)
    otherSession.close()

    // kill -9 the holder: no stale lock; the profile opens, is intact and keeps the committed to-do.
    await child.kill9()
    expect(fs.existsSync(`${held.file}-wal`)).toBe(true) // the holder never checkpointed
    const t0 = performance.now()
    const session = await engine.openProfile(held.id)
    expect(performance.now() - t0).toBeLessThan(2000)
    expect(session.db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(session.db.pragma('foreign_key_check')).toEqual([])
    expect(listTodos(session.db, { today: '2026-01-01' }).map((t) => t.title)).toEqual(['Written by the holder'])
    session.close()
    expect(sideFiles(held.file)).toEqual([])
    // And the CLI can write to it again.
    const again = await cli(dataDir, 'todos', 'add', 'Held', 'After the crash')
    expect(again.exitCode).toBe(0)
  })

  it('can be deleted after its holder was killed: the trashed copy has every committed to-do and no -wal/-shm', async () => {
    const dataDir = temps.make()
    const engine = newEngine(dataDir)
    const held = engine.createProfile('Crashy')
    const child = await holdInChild(dataDir, held.id, 'Only in the WAL')
    expect(() => engine.deleteProfile(held.id)).toThrow(code('PROFILE_IN_USE'))
    expect(fs.existsSync(held.file)).toBe(true)
    await child.kill9()

    const { trashedTo } = engine.deleteProfile(held.id)
    expect(sideFiles(held.file)).toEqual([])
    expect(sideFiles(trashedTo)).toEqual([])
    expect(fs.readdirSync(engine.layout.profilesDir)).toEqual([])
    const hash = sha256File(trashedTo)
    // Read a copy, so the check itself cannot change the trashed file.
    const copy = path.join(temps.make(), 'copy.sqlite')
    fs.copyFileSync(trashedTo, copy)
    withDb(copy, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(listTodos(db, { today: '2026-01-01' }).map((t) => t.title)).toEqual(['Only in the WAL'])
    })
    expect(sha256File(trashedTo)).toBe(hash)
  })
})

describe('locks inside one process', () => {
  it('refuses a second open through the same or another Engine, and frees the lock on close', async () => {
    const dataDir = temps.make()
    const a = newEngine(dataDir)
    const b = newEngine(dataDir)
    const p = a.createProfile('Mine')
    const s = await a.openProfile(p.id)
    await expect(a.openProfile(p.id)).rejects.toThrow(code('PROFILE_IN_USE'))
    await expect(b.openProfile(p.id)).rejects.toThrow(code('PROFILE_IN_USE'))
    expect(() => b.deleteProfile(p.id)).toThrow(code('PROFILE_IN_USE'))
    s.close()
    const s2 = await b.openProfile(p.id)
    expect(s2.isOpen).toBe(true)
    s2.close()
  })

  it('FileLock: one holder at a time; null (not a wait) when taken; free again after release', () => {
    const file = path.join(temps.make(), 'locks', 'x.lock')
    const first = FileLock.tryAcquire(file, 0)
    expect(first?.held).toBe(true)
    const t0 = performance.now()
    expect(FileLock.tryAcquire(file, 0)).toBeNull()
    expect(performance.now() - t0).toBeLessThan(500)
    first!.release()
    expect(first!.held).toBe(false)
    const second = FileLock.tryAcquire(file, 0)
    expect(second?.held).toBe(true)
    second!.release()
  })

  /** Whether another connection could take the file's lock now (it lets go at once). */
  function freeForOthers(file: string): boolean {
    const db = openDatabase(file, { timeout: 0 })
    try {
      db.exec('BEGIN EXCLUSIVE')
      db.exec('ROLLBACK')
      return true
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_BUSY') return false
      throw e
    } finally {
      db.close()
    }
  }

  it('FileLock: a lock taken again through its kept connection excludes others, and a released one holds nothing', () => {
    const file = path.join(temps.make(), 'locks', 'x.lock')
    for (let i = 0; i < 3; i++) {
      const lock = FileLock.tryAcquire(file, 0)
      expect(lock?.held).toBe(true)
      expect(freeForOthers(file)).toBe(false)
      lock!.release()
      expect(freeForOthers(file)).toBe(true)
    }
    closeIdleLocks(path.dirname(file))
  })

  it('FileLock: a lock file removed and made again is the file locked, never the one a kept connection still has open', () => {
    const file = path.join(temps.make(), 'locks', 'x.lock')
    FileLock.tryAcquire(file, 0)!.release()
    fs.rmSync(file)
    fs.writeFileSync(file, '')
    // Another holder of the new file: the lock is taken, whatever this process kept of the old one.
    const other = openDatabase(file, { timeout: 0 })
    other.exec('BEGIN EXCLUSIVE')
    expect(FileLock.tryAcquire(file, 0)).toBeNull()
    other.exec('ROLLBACK')
    other.close()
    const lock = FileLock.tryAcquire(file, 0)
    expect(lock?.held).toBe(true)
    expect(freeForOthers(file)).toBe(false)
    lock!.release()
    closeIdleLocks(path.dirname(file))
  })
})

describe('two processes asking for the same lock at the same moment', () => {
  it('never deadlock: with a wait, every attempt of both gets the lock, quickly', async () => {
    const lockFile = path.join(temps.make(), 'locks', 'registry.lock')
    const rounds = 30
    const pair = [0, 1].map(() => new SupportChild('lock-at-once.ts', [lockFile, '3000', String(rounds), '40']))
    children.push(...pair)
    for (const c of pair) expect(await c.nextLine()).toBe('ready')
    const startAt = String(Date.now() + 100)
    for (const c of pair) c.proc.stdin.write(`${startAt}\n`)
    const results = (await Promise.all(pair.map((c) => c.nextLine(60_000)))).map(
      (l) => JSON.parse(l) as { acquired: number; refused: number; slowestMs: number },
    )
    for (const r of results) {
      expect(r, JSON.stringify(results)).toMatchObject({ acquired: rounds, refused: 0 })
      expect(r.slowestMs).toBeLessThan(1000)
    }
  })
})
