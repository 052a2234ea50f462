// The data folder misbehaving under the app: read-only, its profiles folder missing (before and
// while a profile is open), and a profile file copied over, replaced or deleted while the app has
// it open. Every answer must be a result or a coded error (never INTERNAL, never a throw), quickly;
// a changed profile file is refused at the next call and keeps exactly what was put there.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../cli/main'
import type { CallName } from '../../common/contract'
import { createDispatch } from '../api/dispatch'
import { AppService } from '../api/service'
import { SettingsStore } from '../api/settings'
import { Engine } from './engine'
import { ERROR_CODES } from './errors'
import { addTodo } from './queries/todos'
import { openAll, remount, tryMountTmpfs, unmount } from '../../test/support/faults'
import { chownTree, NOBODY, runCliProcess, snapshotTree, TempDirs, withDb } from '../../test/support/helpers'

const temps = new TempDirs()
const mounts: string[] = []
const services: AppService[] = []
afterEach(() => {
  for (const s of services.splice(0)) {
    try {
      s.close()
    } catch {
      // a session on a file that is gone may fail to close cleanly; the test has judged it already
    }
  }
  for (const m of mounts.splice(0)) unmount(m)
  temps.cleanup()
})

const IS_ROOT = process.getuid?.() === 0
const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)),
  ])

/** A result or a coded error in words: a known code, not INTERNAL, no stack, no path. */
function judge(
  what: string,
  r: { ok: boolean; error?: { code: string; message: string } },
  problems: string[],
): string {
  if (r.ok) return 'ok'
  const e = r.error
  if (!e || !(ERROR_CODES as readonly string[]).includes(e.code) || e.code === 'INTERNAL')
    problems.push(`${what}: ${JSON.stringify(r)}`)
  else if (!e.message || /\n\s+at \S|\/tmp\//.test(e.message))
    problems.push(`${what}: message ${JSON.stringify(e.message)}`)
  return e?.code ?? '?'
}

async function profileWith(engine: Engine, name: string, n: number) {
  const p = engine.createProfile(name)
  await engine.writeProfile(p.id, (db) => {
    for (let i = 1; i <= n; i++) addTodo(db, { listId: 1, title: `${name} ${i}`, now: new Date() })
  })
  return p
}

function app(dataDir: string) {
  const logged: unknown[] = []
  const engine = new Engine({ dataDir })
  const service = new AppService({
    engine,
    settings: new SettingsStore(path.join(dataDir, 'settings.json')),
    emit: () => {},
    log: (e) => logged.push(e),
  })
  services.push(service)
  const dispatch = createDispatch(service.handlers, (e) => logged.push(e))
  return { engine, service, dispatch, logged }
}

const TODAY = '2026-11-26'
/** Calls the renderer makes all the time, with inputs that pass validation. */
const EVERYDAY: [CallName, unknown][] = [
  ['app.state', undefined],
  ['profiles.list', undefined],
  ['lists.list', undefined],
  ['todos.list', { listId: null, filter: 'all', search: '', today: TODAY, offset: 0, limit: 50 }],
  ['todos.list', { listId: 1, filter: 'open', search: 'Work', today: TODAY, offset: 0, limit: 50 }],
  ['todos.add', { listId: 1, title: 'Written after the change' }],
  ['todos.setDone', { id: 1, done: true }],
  ['lists.create', { name: 'Another list' }],
  ['backups.list', undefined],
  ['backups.backupNow', undefined],
  ['health.check', undefined],
  ['health.figures', undefined],
  ['report.overview', undefined],
]

async function everyday(
  dispatch: ReturnType<typeof createDispatch>,
  problems: string[],
): Promise<Record<string, string>> {
  const seen: Record<string, string> = {}
  for (const [name, input] of EVERYDAY) {
    const r = (await within(dispatch(name, input), 10_000, name)) as {
      ok: boolean
      error?: { code: string; message: string }
    }
    seen[name] = judge(name, r, problems)
  }
  return seen
}

describe('a read-only data folder', () => {
  it('every command answers with a result or a coded error, fast, and nothing changes', async () => {
    const root = temps.make()
    const mnt = path.join(root, 'mnt')
    fs.mkdirSync(mnt)
    // Root ignores file modes: as root the folder is a tmpfs remounted read-only (or, where mounting
    // is not permitted, the commands run as `nobody`); otherwise chmod is enough.
    const mounted = IS_ROOT && tryMountTmpfs(mnt, 16 * 1024 * 1024)
    if (mounted) mounts.push(mnt)
    const asNobody = IS_ROOT && !mounted
    const dataDir = path.join(mnt, 'data')
    const outside = path.join(root, 'outside')
    fs.mkdirSync(outside)
    const engine = new Engine({ dataDir })
    const work = await profileWith(engine, 'Work', 20)
    const fresh = engine.createProfile('Fresh') // never opened: still in rollback mode
    await engine.backups.backupNow(work.id, 'manual')
    await engine.backups.backupTo(fresh.id, path.join(outside, 'fresh.sqlite'))
    engine.report()
    engine.close()
    const before = snapshotTree(dataDir)

    if (mounted) remount(mnt, 'ro')
    else {
      if (asNobody) chownTree(root, NOBODY.uid, NOBODY.gid)
      for (const d of [
        dataDir,
        ...fs.readdirSync(dataDir, { recursive: true }).map((f) => path.join(dataDir, String(f))),
      ]) {
        fs.chmodSync(d, fs.statSync(d).isDirectory() ? 0o555 : 0o444)
      }
    }
    const cli = async (...args: string[]) => {
      if (asNobody) {
        const r = await runCliProcess(['--data-dir', dataDir, '--json', ...args], NOBODY)
        return { exitCode: r.exitCode, stdout: r.stdout }
      }
      return runCli(['--data-dir', dataDir, '--json', ...args], {})
    }
    const problems: string[] = []
    const outcomes: Record<string, string> = {}
    const commands = [
      ['profiles', 'list'],
      ['todos', 'list', work.id],
      ['todos', 'list', 'Fresh'],
      ['todos', 'add', work.id, 'Cannot be written'],
      ['todos', 'add', 'Fresh', 'Cannot be written'],
      ['profiles', 'create', 'New'],
      ['profiles', 'rename', 'Fresh', 'Renamed'],
      ['profiles', 'delete', 'Fresh'],
      ['backup', 'Fresh', path.join(outside, 'b.sqlite')],
      ['backup', work.id, path.join(outside, 'c.sqlite')],
      ['backups', 'list', 'Fresh'],
      ['report'],
      ['migrate', '--all'],
      ['migrate', 'Fresh'],
      ['check', 'Fresh'],
      ['check', work.id],
      ['import', path.join(outside, 'fresh.sqlite')],
      ['restore', 'Fresh', path.join(outside, 'fresh.sqlite')],
      ['repair', 'Fresh'],
    ]
    for (const args of commands) {
      const r = await within(cli(...args), 30_000, args.join(' '))
      if (r.exitCode === 2) problems.push(`${args.join(' ')}: usage error ${r.stdout}`)
      const body = JSON.parse(r.stdout) as { error?: { code: string; message: string } }
      outcomes[args.join(' ')] = judge(
        args.join(' '),
        r.exitCode === 0 ? { ok: true } : { ok: false, error: body.error },
        problems,
      )
      if (body.error?.code === 'PROFILE_NOT_FOUND')
        problems.push(`${args.join(' ')}: a profile that is there called not found`)
    }
    // Reading works where SQLite can read without writing beside the file; writing is refused in words.
    expect(outcomes['profiles list']).toBe('ok')
    expect(outcomes['todos list Fresh']).toBe('ok')
    expect(outcomes['report']).toBe('ok')
    expect(outcomes['profiles create New']).toBe('IO_ERROR')
    expect(outcomes['todos add Fresh Cannot be written']).toBe('IO_ERROR')

    // The app itself on that folder.
    if (!asNobody) {
      const { dispatch } = app(dataDir)
      outcomes['app.start'] = judge(
        'app.start',
        (await within(dispatch('app.start', undefined), 10_000, 'app.start')) as never,
        problems,
      )
      Object.assign(outcomes, await everyday(dispatch, problems))
      outcomes['profiles.create'] = judge(
        'profiles.create',
        (await dispatch('profiles.create', { name: 'New' })) as never,
        problems,
      )
    }
    console.log(
      `read-only data folder (${mounted ? 'tmpfs remounted read-only' : asNobody ? 'as nobody, chmod 555' : 'chmod 555'}):`,
      JSON.stringify(outcomes),
    )
    expect(problems).toEqual([])
    expect(snapshotTree(dataDir)).toEqual(before)
  })
})

describe('a missing profiles folder', () => {
  it('before anything runs: empty lists, PROFILE_NOT_FOUND, and create makes it again', async () => {
    const dataDir = path.join(temps.make(), 'never-made')
    const cli = async (...args: string[]) => {
      const r = await runCli(['--data-dir', dataDir, '--json', ...args], {})
      return { exitCode: r.exitCode, body: JSON.parse(r.stdout) as any }
    }
    expect(await cli('profiles', 'list')).toEqual({ exitCode: 0, body: { profiles: [], ignored: [] } })
    expect((await cli('report')).exitCode).toBe(0)
    expect(await cli('migrate', '--all')).toEqual({ exitCode: 0, body: { results: [] } })
    for (const args of [
      ['todos', 'list', 'Work'],
      ['backup', 'Work', path.join(dataDir, 'x.sqlite')],
      ['check', 'Work'],
      ['profiles', 'delete', 'Work'],
    ]) {
      expect((await cli(...args)).body.error.code).toBe('PROFILE_NOT_FOUND')
    }
    const created = await cli('profiles', 'create', 'Work')
    expect(created.exitCode).toBe(0)
    expect(fs.existsSync(path.join(dataDir, 'profiles', `${created.body.id}.sqlite`))).toBe(true)
  })

  it('removed while the app has a profile open: coded errors, no crash, and the app carries on', async () => {
    const dataDir = temps.make()
    const { dispatch, engine } = app(dataDir)
    await profileWith(engine, 'Work', 5)
    expect((await dispatch('app.start', undefined)).ok).toBe(true)
    fs.rmSync(path.join(dataDir, 'profiles'), { recursive: true, force: true })
    const problems: string[] = []
    const seen = await everyday(dispatch, problems)
    expect(problems).toEqual([])
    expect(seen['profiles.list']).toBe('ok')
    // A new profile can be made (the folder is made again) and opened.
    const created = (await dispatch('profiles.create', { name: 'Again' })) as { ok: true; value: { id: string } }
    expect(created.ok).toBe(true)
    const opened = (await dispatch('profiles.open', { id: created.value.id })) as { ok: boolean }
    expect(opened.ok).toBe(true)
    expect((await dispatch('todos.add', { listId: 1, title: 'In the new profile' })).ok).toBe(true)
    console.log('profiles folder removed under the app:', JSON.stringify(seen))
  })
})

describe('a profile file changed under the app while it has it open', () => {
  // Each makes the outside file and returns the bytes that must be under the name afterwards (null: no file).
  const cases = {
    'another valid profile copied over it': (file: string, other: string) => {
      fs.copyFileSync(other, file)
      return fs.readFileSync(other)
    },
    'a junk file moved over it': (file: string) => {
      const junk = `${file}.junk`
      fs.writeFileSync(junk, 'This is not a database.\n'.repeat(100))
      const bytes = fs.readFileSync(junk)
      fs.renameSync(junk, file)
      return bytes
    },
    'the file deleted': (file: string) => {
      fs.rmSync(file)
      return null
    },
    'the file truncated to nothing': (file: string) => {
      fs.truncateSync(file, 0)
      return Buffer.alloc(0)
    },
  }
  it.each(Object.keys(cases))(
    '%s: the next call says so, nothing is written to it, the app carries on; the other profiles stay intact',
    async (kind) => {
      const dataDir = temps.make()
      const { dispatch, engine } = app(dataDir)
      const work = await profileWith(engine, 'Work', 30)
      const other = await profileWith(engine, 'Other', 7)
      const bystander = await profileWith(engine, 'Bystander', 3)
      expect((await dispatch('profiles.open', { id: work.id })).ok).toBe(true)
      expect((await dispatch('todos.add', { listId: 1, title: 'In the WAL' })).ok).toBe(true)
      const outside = cases[kind as keyof typeof cases](work.file, other.file)

      // The very next call, a write, is refused in words; the app shows the profile as closed and why.
      const add = (await dispatch('todos.add', { listId: 1, title: 'Written after the change' })) as {
        ok: boolean
        error?: { code: string; message: string }
      }
      expect(add).toEqual({
        ok: false,
        error: { code: 'PROFILE_NOT_FOUND', message: expect.stringMatching(/outside Ownlist/) },
      })
      const state = (await dispatch('app.state', undefined)) as {
        ok: true
        value: { session: unknown; failure: { profileId: string; error: { code: string } } }
      }
      expect(state.value.session).toBeNull()
      expect(state.value.failure).toMatchObject({ profileId: work.id, error: { code: 'PROFILE_NOT_FOUND' } })

      const problems: string[] = []
      const seen = await everyday(dispatch, problems)
      // Moving away from it and back, and the CLI looking at the folder meanwhile.
      seen['profiles.open other'] = judge(
        'profiles.open other',
        (await dispatch('profiles.open', { id: bystander.id })) as never,
        problems,
      )
      seen['profiles.open back'] = judge(
        'profiles.open back',
        (await dispatch('profiles.open', { id: work.id })) as never,
        problems,
      )
      for (const args of [['profiles', 'list'], ['report'], ['check', work.id], ['migrate', '--all']]) {
        const r = await within(runCli(['--data-dir', dataDir, '--json', ...args], {}), 10_000, args.join(' '))
        seen[args.join(' ')] = judge(
          args.join(' '),
          r.exitCode === 0 ? { ok: true } : { ok: false, error: JSON.parse(r.stdout).error },
          problems,
        )
      }
      seen['app.quit'] = judge('app.quit', (await dispatch('app.quit', undefined)) as never, problems)
      console.log(`${kind}:`, JSON.stringify(seen))
      expect(problems).toEqual([])
      // The outside file is exactly what was put there (a valid profile opened again may only have been migrated: not here, same version).
      if (outside === null) expect(fs.existsSync(work.file)).toBe(false)
      else if (kind !== 'another valid profile copied over it')
        expect(fs.readFileSync(work.file).equals(outside)).toBe(true)
      else expect(readTitles(work.file)).toEqual(readTitles(other.file))
      // What the app had is kept in Work's backups folder.
      expect(
        fs
          .readdirSync(engine.layout.backupsDir(work.id))
          .filter((f) => /^(pre-restore-.*\.sqlite|replaced-.*\.sqlite-wal)$/.test(f)),
      ).toHaveLength(1)
      // The profiles nobody touched open and pass their checks.
      expect(await openAll(dataDir, [other.id, bystander.id])).toEqual([])
    },
  )
})

const readTitles = (file: string) =>
  withDb(file, (db) => db.prepare('SELECT title FROM todos ORDER BY id').pluck().all(), { readonly: true })
