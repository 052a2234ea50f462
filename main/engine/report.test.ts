import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { runCli } from '../cli/main'
import type { WritableDb } from './connection'
import { Engine } from './engine'
import { localDate } from './local-date'
import { listLists } from './queries/lists'
import { addTodo, setDone, updateTodo } from './queries/todos'
import type { Report } from './report'
import { sha256File, sideFiles, snapshotTree, SupportChild, TempDirs, withDb } from '../../test/support/helpers'
import { mulberry32 } from '../../test/support/rng'

// A zone far from UTC (+05:45, no daylight saving), so "local date" and "UTC date" disagree
// for part of every day: a report that groups or compares by UTC date gets figures wrong.
// Each test file runs in its own process, so this does not reach other tests.
process.env.TZ = 'Asia/Kathmandu'

/** A fixed "now", 14:30 local time on 2026-03-10; every date in the data is relative to it. */
const NOW = new Date(2026, 2, 10, 14, 30)
const TODAY = '2026-03-10'
/** A local instant `daysAgo` days before NOW's date, at the given local time. */
const at = (daysAgo: number, h = 12, m = 0, s = 0, ms = 0) => new Date(2026, 2, 10 - daysAgo, h, m, s, ms)
const dayOf = (daysAgo: number) => localDate(at(daysAgo))

const PROFILES = 25
/** In the fixture: a profile with no to-dos, and a big one (several pages of to-dos). */
const EMPTY = 3
const BIG = 24

const fixture = new TempDirs()
const temps = new TempDirs()
const engines: Engine[] = []
const children: SupportChild[] = []
let fixtureDir = ''

afterEach(async () => {
  vi.restoreAllMocks()
  for (const c of children.splice(0)) await c.kill9()
  for (const e of engines.splice(0)) e.close()
  temps.cleanup()
})
afterAll(() => fixture.cleanup())

function newEngine(dataDir: string): Engine {
  const e = new Engine({ dataDir, now: () => NOW })
  engines.push(e)
  return e
}

/** Deterministic pseudo-random numbers (mulberry32), one stream per profile. */
const rng = mulberry32

/** Completion instants, heavy on the edges of the 7-day and 30-day windows. */
const COMPLETIONS = [
  at(0, 0, 0), // the first instant of today
  at(0, 14, 29, 59), // just before now
  at(0, 3, 0), // 21:15 UTC the day before: a UTC grouping puts it on the wrong day
  at(1, 23, 59, 59, 999),
  at(3, 10),
  at(6, 0, 0), // the first instant of the 7-day window (today and the six days before)
  at(7, 23, 59, 59, 999), // the last instant before it
  at(7, 15, 0), // less than 7×24 h before now, but eight calendar days back
  at(12, 8),
  at(29, 0, 0), // the first instant of the chart's 30 days
  at(30, 23, 59, 59, 999), // the last instant before them
  at(35, 10),
]
const DUES: (string | null)[] = [null, dayOf(-3), dayOf(0), dayOf(1), dayOf(20), null]

/** Fills a profile with `n` to-dos in varied states, all dated before NOW. */
function fill(db: WritableDb, seed: number, n: number): void {
  const r = rng(seed)
  const listId = listLists(db)[0]!.id
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
  db.transaction(() => {
    for (let j = 0; j < n; j++) {
      const t = addTodo(db, {
        listId,
        title: `To-do ${seed}.${j}`,
        dueOn: pick(DUES),
        now: at(40 + Math.floor(r() * 20), 9),
      })
      const state = r()
      if (state < 0.45) setDone(db, { id: t.id, done: true, now: pick(COMPLETIONS) })
      else if (state < 0.55) {
        // Done, then reopened: open again, no completion.
        setDone(db, { id: t.id, done: true, now: at(2, 11) })
        setDone(db, { id: t.id, done: false, now: at(1 + Math.floor(r() * 30), 16) })
      } else if (state < 0.7) updateTodo(db, { id: t.id, notes: 'edited', now: at(Math.floor(r() * 30), 18, 5) })
    }
  })()
}

const profileName = (i: number) => (i === 7 ? 'Zoë' : i === 11 ? 'ábaco' : `Team ${String(i + 1).padStart(2, '0')}`)

beforeAll(async () => {
  fixtureDir = fixture.make('ownlist-report-fixture-')
  const engine = new Engine({ dataDir: fixtureDir, now: () => NOW })
  try {
    for (let i = 0; i < PROFILES; i++) {
      const p = engine.createProfile(profileName(i))
      const n = i === EMPTY ? 0 : i === BIG ? 300 : 3 + ((i * 5) % 17)
      await engine.writeProfile(p.id, (db) => fill(db, i + 1, n))
    }
  } finally {
    engine.close()
  }
})

/** A private copy of the 25-profile fixture (closed profiles, no WAL, no cache). */
function copyFixture(): { dataDir: string; profilesDir: string; files: string[] } {
  const dataDir = temps.make('ownlist-report-')
  fs.cpSync(fixtureDir, dataDir, { recursive: true })
  const profilesDir = path.join(dataDir, 'profiles')
  const files = fs
    .readdirSync(profilesDir)
    .sort()
    .map((f) => path.join(profilesDir, f))
  expect(files).toHaveLength(PROFILES)
  for (const f of files) expect(sideFiles(f)).toEqual([])
  return { dataDir, profilesDir, files }
}

const idOf = (file: string) => path.basename(file, '.sqlite')
const skipped = (file: string, reason: string | RegExp) => ({
  id: idOf(file),
  file: path.basename(file),
  reason: reason instanceof RegExp ? expect.stringMatching(reason) : reason,
})

interface Direct {
  figures: Report['profiles'][number]
  /** Completions per local date, every date. */
  byDay: Record<string, number>
}

/**
 * The figures of one profile straight from its file, one plain query per figure, with no
 * code shared with the report. A plain connection that is closed at once (when it is the
 * only one, it removes the -wal/-shm it made).
 */
function direct(file: string, today = TODAY): Direct {
  return withDb(file, (db) => {
    db.pragma('query_only = ON')
    const one = (sql: string, params: Record<string, unknown> = {}) => db.prepare(sql).pluck().get(params) as number
    const [y, m, d] = today.split('-').map(Number) as [number, number, number]
    const weekStart = localDate(new Date(y, m - 1, d - 6))
    const byDay = Object.fromEntries(
      (
        db
          .prepare(
            "SELECT date(completed_at, 'localtime') AS day, count(*) AS n FROM todos WHERE done = 1 GROUP BY day",
          )
          .all() as { day: string; n: number }[]
      ).map((r) => [r.day, r.n]),
    )
    return {
      figures: {
        id: idOf(file),
        name: db.prepare("SELECT value FROM meta WHERE key = 'name'").pluck().get() as string,
        total: one('SELECT count(*) FROM todos'),
        open: one('SELECT count(*) FROM todos WHERE done = 0'),
        done: one('SELECT count(*) FROM todos WHERE done = 1'),
        overdue: one('SELECT count(*) FROM todos WHERE done = 0 AND due_on < @today', { today }),
        doneLast7Days: one(
          "SELECT count(*) FROM todos WHERE done = 1 AND date(completed_at, 'localtime') BETWEEN @weekStart AND @today",
          { weekStart, today },
        ),
        lastActivityAt: db.prepare('SELECT max(updated_at) FROM todos').pluck().get() as string | null,
      },
      byDay,
    }
  })
}

/** The 30 local dates ending with `today`, oldest first, computed independently of the report. */
function last30(today = TODAY): string[] {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number]
  return Array.from({ length: 30 }, (_, i) => localDate(new Date(y, m - 1, d - 29 + i)))
}

/** Asserts every figure of `report` against direct queries of `files` (the readable profiles). */
function expectMatchesDirect(report: Report, files: string[], today = TODAY): Direct[] {
  const expected = files.map((f) => direct(f, today))
  const byId = new Map(report.profiles.map((p) => [p.id, p]))
  expect(report.profiles).toHaveLength(files.length)
  for (const e of expected) expect(byId.get(e.figures.id), e.figures.name).toEqual(e.figures)
  // Sorted by name.
  const names = report.profiles.map((p) => p.name)
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)))
  const sum = (k: 'total' | 'open' | 'done' | 'overdue' | 'doneLast7Days') =>
    expected.reduce((n, e) => n + e.figures[k], 0)
  expect(report.totals).toEqual({
    total: sum('total'),
    open: sum('open'),
    done: sum('done'),
    overdue: sum('overdue'),
    doneLast7Days: sum('doneLast7Days'),
  })
  expect(report.daily).toEqual(
    last30(today).map((date) => ({ date, done: expected.reduce((n, e) => n + (e.byDay[date] ?? 0), 0) })),
  )
  return expected
}

/**
 * Watches the reporting connection: which files get ATTACHed, how many are attached at once,
 * how many other queries run, and which profile files are opened by plain file reads.
 * A profile served from the cache shows up in none of these.
 */
function watchReporter(profilesDir: string) {
  const seen = { attached: [] as string[], maxAttached: 0, queries: 0, fileOpens: [] as string[] }
  let live = 0
  const probe = new Database(':memory:')
  const Statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as { run: (...args: unknown[]) => unknown }
  probe.close()
  const run = Statement.run
  vi.spyOn(Statement, 'run').mockImplementation(function (this: { source: string }, ...args: unknown[]) {
    const result = run.apply(this, args)
    if (/^\s*ATTACH\b/i.test(this.source)) {
      seen.attached.push(path.resolve(String(args[0])))
      seen.maxAttached = Math.max(seen.maxAttached, ++live)
    }
    return result
  })
  const exec = Database.prototype.exec
  vi.spyOn(Database.prototype, 'exec').mockImplementation(function (this: Database.Database, sql: string) {
    const result = exec.call(this, sql)
    if (/^\s*DETACH\b/i.test(sql)) live--
    return result
  })
  const prepare = Database.prototype.prepare
  vi.spyOn(Database.prototype, 'prepare').mockImplementation(function (this: Database.Database, sql: string) {
    if (/\bp0\.todos\b/.test(sql)) seen.queries++
    return prepare.call(this, sql) as never
  })
  const openSync = fs.openSync
  vi.spyOn(fs, 'openSync').mockImplementation((...args: Parameters<typeof fs.openSync>) => {
    if (String(args[0]).startsWith(profilesDir)) seen.fileOpens.push(String(args[0]))
    return openSync(...args)
  })
  return {
    seen,
    reset() {
      seen.attached = []
      seen.maxAttached = 0
      seen.queries = 0
      seen.fileOpens = []
    },
  }
}

describe('report across 25 profiles', () => {
  it('gives every figure as direct per-profile queries do, in three batches of at most ten', () => {
    const { dataDir, profilesDir, files } = copyFixture()
    const watch = watchReporter(profilesDir)
    const report = newEngine(dataDir).report(NOW)

    expect(report.skipped).toEqual([])
    const expected = expectMatchesDirect(report, files)
    expect(report.daily).toHaveLength(30)
    expect(report.daily.at(-1)!.date).toBe(TODAY)
    expect(report.daily[0]!.date).toBe('2026-02-09')

    // Three batches (10 + 10 + 5), one query each, never more than ten attached at once.
    expect(watch.seen.attached.sort()).toEqual([...files].sort())
    expect(watch.seen.maxAttached).toBe(10)
    expect(watch.seen.queries).toBe(3)

    // The data is not trivial: the checks above would notice a figure computed wrongly.
    const names = expected.map((e) => e.figures.name).sort()
    expect(names).toContain('Zoë')
    expect(report.profiles.find((p) => p.id === idOf(files[0]!))).toBeDefined()
    const empty = report.profiles.find((p) => p.name === profileName(EMPTY))!
    expect(empty).toMatchObject({ total: 0, open: 0, done: 0, overdue: 0, doneLast7Days: 0, lastActivityAt: null })
    expect(report.profiles.find((p) => p.name === profileName(BIG))!.total).toBe(300)
    expect(report.totals.overdue).toBeGreaterThan(0)
    expect(report.totals.doneLast7Days).toBeGreaterThan(0)
    expect(report.totals.done).toBeGreaterThan(report.daily.reduce((n, d) => n + d.done, 0))
    expect(report.daily.filter((d) => d.done > 0).length).toBeGreaterThanOrEqual(6)
    // The window edges: the first instant of the week and of the chart count, the instant
    // before them does not; and "last 7 days" is the last seven days of the chart.
    expect(report.daily.find((d) => d.date === dayOf(6))!.done).toBeGreaterThan(0)
    expect(report.daily.find((d) => d.date === dayOf(29))!.done).toBeGreaterThan(0)
    expect(report.totals.doneLast7Days).toBe(report.daily.slice(-7).reduce((n, d) => n + d.done, 0))
  })

  it('skips a profile held exclusively, a damaged one, a foreign SQLite file and a newer one, with reasons; the rest stay right', async () => {
    const { dataDir, profilesDir, files } = copyFixture()
    const engine = newEngine(dataDir)
    const byName = (name: string) => files.find((f) => direct(f).figures.name === name)!
    const held = byName(profileName(5))
    const damaged = byName(profileName(BIG))
    const tooNew = byName(profileName(9))

    // Held: another process, plain SQLite with locking_mode = EXCLUSIVE after a write.
    const child = new SupportChild('hold-exclusive.ts', [held])
    children.push(child)
    expect(await child.nextLine()).toBe('ready')
    expect(() => withDb(held, (db) => db.prepare('SELECT count(*) FROM todos').get(), { timeout: 0 })).toThrow(
      expect.objectContaining({ code: 'SQLITE_BUSY' }),
    )

    // Damaged: the middle half of the file overwritten with garbage, page 1 (header and schema) kept.
    const size = fs.statSync(damaged).size
    const pageSize = 4096
    const pages = size / pageSize
    expect(pages).toBeGreaterThan(20)
    const fd = fs.openSync(damaged, 'r+')
    const garbage = Buffer.alloc(pageSize)
    const r = rng(99)
    for (let pg = Math.floor(pages / 4); pg < Math.floor((pages * 3) / 4); pg++) {
      for (let b = 0; b < pageSize; b++) garbage[b] = Math.floor(r() * 256)
      fs.writeSync(fd, garbage, 0, pageSize, pg * pageSize)
    }
    fs.closeSync(fd)
    expect(fs.statSync(damaged).size).toBe(size)
    const scratch = temps.make()
    fs.copyFileSync(damaged, path.join(scratch, 'copy.sqlite'))
    const check = () => withDb(path.join(scratch, 'copy.sqlite'), (db) => db.pragma('quick_check', { simple: true }))
    expect(() => expect(check()).toBe('ok')).toThrow() // really damaged: quick_check fails or reports problems

    // Foreign: a plain SQLite database that happens to sit in the folder with the right name.
    const foreignId = '00000000-0000-4000-8000-000000000001'
    const foreign = path.join(profilesDir, `${foreignId}.sqlite`)
    withDb(foreign, (db) => db.exec("CREATE TABLE todos(x); INSERT INTO todos VALUES ('not ours')"), {
      fileMustExist: false,
    })

    // Too new: a real profile whose schema version says 99, closed cleanly (no WAL left).
    withDb(tooNew, (db) => db.pragma('user_version = 99'))
    expect(sideFiles(tooNew)).toEqual([])

    const before = snapshotTree(profilesDir)
    const report = engine.report(NOW)
    expect(snapshotTree(profilesDir)).toEqual(before)

    expect(report.skipped).toHaveLength(4)
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        skipped(held, 'in use by another process'),
        skipped(damaged, 'damaged database'),
        skipped(foreign, /^not an Ownlist profile/),
        skipped(tooNew, /^schema too new/),
      ]),
    )
    expect(report.skipped.map((s) => s.file)).toEqual(report.skipped.map((s) => s.file).sort())
    const readable = files.filter((f) => ![held, damaged, tooNew].includes(f))
    expect(readable).toHaveLength(PROFILES - 3)
    expectMatchesDirect(report, readable)

    // Once the holder is gone, the held profile reads again; the others still do not.
    await child.kill9()
    const after = engine.report(NOW)
    expect(after.skipped.map((s) => s.id).sort()).toEqual([damaged, foreign, tooNew].map(idOf).sort())
    expectMatchesDirect(after, [...readable, held])
  })

  it('skips a newer schema that is only in the WAL so far (the file header still says current)', () => {
    const { dataDir, files } = copyFixture()
    const engine = newEngine(dataDir)
    const target = files[2]!
    const headerVersion = fs.readFileSync(target).readInt32BE(60)
    expect(headerVersion).toBe(engine.schemaVersion)
    // Another program has the profile open and has just moved it to schema 99: the change is
    // committed but sits in the WAL while that connection stays open.
    const other = new Database(target, { fileMustExist: true })
    try {
      other.pragma('user_version = 99')
      expect(fs.statSync(`${target}-wal`).size).toBeGreaterThan(0)
      expect(fs.readFileSync(target).readInt32BE(60)).toBe(headerVersion)

      const report = engine.report(NOW)
      expect(report.skipped).toEqual([skipped(target, 'schema too new (version 99)')])
      expectMatchesDirect(
        report,
        files.filter((f) => f !== target),
      )
    } finally {
      other.close()
    }
  })

  it('never writes to a profile: same bytes, no -wal/-shm left beside closed profiles', async () => {
    const { dataDir, profilesDir, files } = copyFixture()
    const engine = newEngine(dataDir)
    // A profile in rollback-journal mode (as 0.1.0 created them; profiles are now born in WAL
    // mode) besides the WAL-mode ones.
    const fresh = engine.createProfile('Fresh')
    const raw = new Database(fresh.file)
    raw.pragma('journal_mode = DELETE')
    raw.close()
    expect(fs.readFileSync(fresh.file).subarray(18, 20)).toEqual(Buffer.from([1, 1]))
    expect(fs.readFileSync(files[0]!).subarray(18, 20)).toEqual(Buffer.from([2, 2]))
    const all = [...files, fresh.file]
    const hashes = () => Object.fromEntries(all.map((f) => [path.basename(f), sha256File(f)]))
    const stats = () => all.map((f) => fs.statSync(f)).map((s) => [s.size, s.mtimeMs])

    const beforeHashes = hashes()
    const beforeStats = stats()
    const beforeTree = snapshotTree(profilesDir)
    const cold = engine.report(NOW)
    const warm = engine.report(NOW)
    const otherDay = newEngine(dataDir).report(at(-1, 9)) // the next day: every profile read again
    expect(cold.profiles).toHaveLength(PROFILES + 1)
    expect(warm).toEqual(cold)
    expect(otherDay.profiles).toHaveLength(PROFILES + 1)

    expect(hashes()).toEqual(beforeHashes)
    expect(stats()).toEqual(beforeStats)
    for (const f of all) expect(sideFiles(f)).toEqual([])
    expect(snapshotTree(profilesDir)).toEqual(beforeTree)
  })
  it('reads a profile whose WAL a killed writer left behind without folding that WAL into the file', async () => {
    const { dataDir, files } = copyFixture()
    const target = files[0]!
    const id = path.basename(target, '.sqlite')
    const child = new SupportChild('hold-profile.ts', [dataDir, id, 'Left in the WAL'])
    children.push(child)
    expect(JSON.parse(await child.nextLine())).toMatchObject({ ready: true })
    await child.kill9()
    const wal = fs.statSync(`${target}-wal`).size
    expect(wal).toBeGreaterThan(0)
    const before = sha256File(target)
    const report = newEngine(dataDir).report(NOW)
    const row = report.profiles.find((p) => p.id === id)!
    const direct = withDb(target, (db) => db.prepare('SELECT count(*) FROM todos').pluck().get(), { readonly: true })
    expect(row.total).toBe(direct)
    expect(sha256File(target)).toBe(before)
    expect(fs.statSync(`${target}-wal`).size).toBe(wal)
  })
})

describe('report cache', () => {
  it('answers a second report from the cache, with the same figures and without opening a profile', () => {
    const { dataDir, profilesDir, files } = copyFixture()
    const engine = newEngine(dataDir)
    const watch = watchReporter(profilesDir)
    const first = engine.report(NOW)
    expect(watch.seen.attached).toHaveLength(PROFILES)
    expect(watch.seen.fileOpens.length).toBeGreaterThanOrEqual(PROFILES) // the header reads
    expect(fs.existsSync(path.join(dataDir, 'cache', 'report.json'))).toBe(true)

    watch.reset()
    const second = engine.report(NOW)
    expect(second).toEqual(first)
    expect(watch.seen).toEqual({ attached: [], maxAttached: 0, queries: 0, fileOpens: [] })
    expectMatchesDirect(second, files)
  })

  it('shows a change that is only in the WAL of an open session, keeps the others cached, and stays right after the checkpoint', async () => {
    const { dataDir, profilesDir, files } = copyFixture()
    const engine = newEngine(dataDir)
    const watch = watchReporter(profilesDir)
    const first = engine.report(NOW)
    expectMatchesDirect(first, files)

    const target = files.find((f) => direct(f).figures.name === profileName(4))!
    const mainBefore = { size: fs.statSync(target).size, mtime: fs.statSync(target).mtimeMs, sha: sha256File(target) }
    const session = await engine.openProfile(idOf(target))
    const listId = listLists(session.db)[0]!.id
    const added = addTodo(session.db, { listId, title: 'Added while open', dueOn: dayOf(2), now: at(0, 13) })
    const doneNow = addTodo(session.db, { listId, title: 'Done while open', now: at(0, 13, 5) })
    setDone(session.db, { id: doneNow.id, done: true, now: at(0, 13, 10) })
    // The change is only in the WAL: the main file has not been touched.
    expect(fs.statSync(`${target}-wal`).size).toBeGreaterThan(0)
    expect({ size: fs.statSync(target).size, mtime: fs.statSync(target).mtimeMs, sha: sha256File(target) }).toEqual(
      mainBefore,
    )

    watch.reset()
    const during = engine.report(NOW)
    expect(watch.seen.attached).toEqual([target])
    const before = first.profiles.find((p) => p.id === idOf(target))!
    const now = during.profiles.find((p) => p.id === idOf(target))!
    expect(now).toMatchObject({
      total: before.total + 2,
      open: before.open + 1,
      done: before.done + 1,
      overdue: before.overdue + 1,
      doneLast7Days: before.doneLast7Days + 1,
      lastActivityAt: at(0, 13, 10).toISOString(),
    })
    expect(added.dueOn).toBe(dayOf(2))
    for (const p of during.profiles.filter((p) => p.id !== idOf(target))) {
      expect(p).toEqual(first.profiles.find((q) => q.id === p.id))
    }
    expectMatchesDirect(during, files)
    expect(during.daily.at(-1)!.done).toBe(first.daily.at(-1)!.done + 1)

    // A second change, still in the WAL only.
    watch.reset()
    setDone(session.db, { id: added.id, done: true, now: at(0, 14) })
    const during2 = engine.report(NOW)
    expect(watch.seen.attached).toEqual([target])
    expect(during2.profiles.find((p) => p.id === idOf(target))).toMatchObject({
      overdue: before.overdue,
      done: before.done + 2,
    })
    expectMatchesDirect(during2, files)
    expect(sha256File(target)).toBe(mainBefore.sha)

    // The session closes: the WAL is checkpointed into the file, figures stay right.
    session.close()
    expect(sideFiles(target)).toEqual([])
    expect(sha256File(target)).not.toBe(mainBefore.sha)
    watch.reset()
    const afterClose = engine.report(NOW)
    expect(watch.seen.attached).toEqual([target])
    expect(afterClose).toEqual(during2)
    expectMatchesDirect(afterClose, files)
    watch.reset()
    expect(engine.report(NOW)).toEqual(afterClose)
    expect(watch.seen.attached).toEqual([])
  })

  it('keeps its cache file across Engine instances, and ignores a damaged one', () => {
    const { dataDir, profilesDir, files } = copyFixture()
    const cacheFile = path.join(dataDir, 'cache', 'report.json')
    const watch = watchReporter(profilesDir)
    const engine = newEngine(dataDir)
    const first = engine.report(NOW)
    const saved = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as {
      version: number
      entries: Record<string, { version: number }>
    }
    expect(Object.keys(saved.entries).sort()).toEqual(files.map(idOf).sort())
    // Each entry records the profile's real schema version (not the reporting connection's 0).
    for (const e of Object.values(saved.entries)) expect(e.version).toBe(engine.schemaVersion)

    watch.reset()
    expect(newEngine(dataDir).report(NOW)).toEqual(first)
    expect(watch.seen.attached).toEqual([])
    expect(watch.seen.fileOpens).toEqual([])

    const good = fs.readFileSync(cacheFile, 'utf8')
    const entries = Object.keys((JSON.parse(good) as { entries: Record<string, unknown> }).entries)
    const damaged: [string, string | Buffer][] = [
      ['truncated', good.slice(0, Math.floor(good.length / 2))],
      ['empty', ''],
      ['binary garbage', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) & 0xff))],
      ['JSON null', 'null'],
      [
        'entries of the wrong shape',
        JSON.stringify({ version: 1, entries: Object.fromEntries(entries.map((id) => [id, { key: null }])) }),
      ],
      [
        'entries without keys',
        JSON.stringify({ version: 1, entries: Object.fromEntries(entries.map((id) => [id, {}])) }),
      ],
      ['entries not an object', JSON.stringify({ version: 1, entries: 'x' })],
    ]
    for (const [what, content] of damaged) {
      fs.writeFileSync(cacheFile, content)
      watch.reset()
      let report: Report | undefined
      expect(() => (report = newEngine(dataDir).report(NOW)), what).not.toThrow()
      expect(report, what).toEqual(first)
      expect(watch.seen.attached, what).toHaveLength(PROFILES)
      expectMatchesDirect(report!, files)
      // Rewritten whole: the next Engine uses it again.
      watch.reset()
      expect(newEngine(dataDir).report(NOW)).toEqual(first)
      expect(watch.seen.attached, what).toEqual([])
    }
  })

  it('recomputes what moves with the date: later the same day the figures stay right, the next day they are read again', () => {
    const { dataDir, profilesDir, files } = copyFixture()
    const engine = newEngine(dataDir)
    const watch = watchReporter(profilesDir)
    const morning = engine.report(at(0, 0, 30))
    expectMatchesDirect(morning, files)

    // Later the same day: from the cache, and still what a fresh computation gives.
    watch.reset()
    const evening = engine.report(at(0, 23, 59))
    expect(watch.seen.attached).toEqual([])
    expect(evening).toEqual(morning)
    const uncached = path.join(temps.make(), 'none')
    fs.cpSync(dataDir, uncached, { recursive: true })
    fs.rmSync(path.join(uncached, 'cache'), { recursive: true, force: true })
    expect(newEngine(uncached).report(at(0, 23, 59))).toEqual(evening)

    // The next day: overdue, the week and the chart move, so every profile is read again.
    watch.reset()
    const tomorrow = dayOf(-1)
    const next = engine.report(at(-1, 9))
    expect(watch.seen.attached).toHaveLength(PROFILES)
    expect(next.daily.at(-1)!.date).toBe(tomorrow)
    expectMatchesDirect(next, files, tomorrow)
    expect(next.totals.overdue).toBeGreaterThan(morning.totals.overdue)
  })
})

describe('CLI report --json', () => {
  it('prints exactly the documented shape', async () => {
    const { dataDir, profilesDir, files } = copyFixture()
    fs.writeFileSync(path.join(profilesDir, '00000000-0000-4000-8000-000000000002.sqlite'), 'not a database at all')
    const r = await runCli(['--data-dir', dataDir, '--json', 'report'], {})
    expect(r.stderr).toBe('')
    expect(r.exitCode).toBe(0)
    const body = JSON.parse(r.stdout) as Record<string, unknown> & Report
    const keys = (o: object) => Object.keys(o).sort()

    expect(keys(body)).toEqual(['daily', 'profiles', 'skipped', 'totals'])
    expect(body.profiles).toHaveLength(PROFILES)
    for (const p of body.profiles) {
      expect(keys(p)).toEqual(
        ['doneLast7Days', 'done', 'id', 'lastActivityAt', 'name', 'open', 'overdue', 'total'].sort(),
      )
      for (const k of ['total', 'open', 'done', 'overdue', 'doneLast7Days'] as const)
        expect(Number.isInteger(p[k])).toBe(true)
      expect(typeof p.id === 'string' && typeof p.name === 'string').toBe(true)
      expect(p.lastActivityAt === null || typeof p.lastActivityAt === 'string').toBe(true)
    }
    expect(keys(body.totals)).toEqual(['done', 'doneLast7Days', 'open', 'overdue', 'total'])
    expect(body.daily).toHaveLength(30)
    for (const d of body.daily) {
      expect(keys(d)).toEqual(['date', 'done'])
      expect(d.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    }
    expect([localDate(), localDate(new Date(Date.now() - 60_000))]).toContain(body.daily.at(-1)!.date)
    expect(body.skipped).toEqual([
      {
        id: '00000000-0000-4000-8000-000000000002',
        file: '00000000-0000-4000-8000-000000000002.sqlite',
        reason: expect.stringMatching(/^not an Ownlist profile/),
      },
    ])
    for (const s of body.skipped) expect(keys(s)).toEqual(['file', 'id', 'reason'])

    // The figures that do not depend on today's date match the files.
    for (const f of files) {
      const { figures } = direct(f)
      expect(body.profiles.find((p) => p.id === figures.id)).toMatchObject({
        name: figures.name,
        total: figures.total,
        open: figures.open,
        done: figures.done,
        lastActivityAt: figures.lastActivityAt,
      })
    }
  })
})
