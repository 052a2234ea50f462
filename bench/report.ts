// Benchmark of the cross-profile report against the plain better-sqlite3 loop it should cost
// little more than. Run: npx tsx bench/report.ts [--profiles N] [--todos M] [--runs R]
//
// Builds N profiles of M to-dos in a temporary folder (one profile made through the Engine and
// filled in one transaction, then copied N-1 times under new ids), then measures in the same run:
//   raw   for each file: new Database(file), one aggregate query, close (no app code)
//   cold  the engine's report from a fresh Engine, its cache file deleted first
//   warm  the engine's report with nothing changed and the cache present
// Raw and cold runs alternate so neither gets a warmer page cache. Medians are printed and
// written to bench/results/report.json with the machine they were measured on.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { Engine } from '../main/engine/engine'
import { localDate } from '../main/engine/local-date'
import type { Report } from '../main/engine/report'

const COLD_TARGET = 1.3
const WARM_TARGET = 10

const { values } = parseArgs({
  options: {
    profiles: { type: 'string', default: '1000' },
    todos: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '7' },
  },
})
const N = positive('profiles', values.profiles)
const M = positive('todos', values.todos)
const RUNS = Math.max(3, positive('runs', values.runs))

function positive(name: string, v: string | undefined): number {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number, not ${v}`)
  return n
}

const now = new Date()
const day = (back: number) => new Date(now.getFullYear(), now.getMonth(), now.getDate() - back)
const ms = (t0: number) => performance.now() - t0
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

// ---------------------------------------------------------------------------------------------
// Build the data folder.

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-bench-'))
const dataDir = path.join(root, 'data')
const cacheFile = path.join(dataDir, 'cache', 'report.json')
const profilesDir = path.join(dataDir, 'profiles')

try {
  const tBuild = performance.now()
  const engine = new Engine({ dataDir, now: () => now })
  const first = engine.createProfile('Bench 0000')
  const session = await engine.openProfile(first.id)
  fillProfile(session.db, M)
  session.close() // checkpoints: one self-contained file to copy
  engine.close()
  const template = fs.readFileSync(first.file)
  for (let i = 1; i < N; i++) {
    const id = crypto.randomUUID()
    const file = path.join(profilesDir, `${id}.sqlite`)
    fs.writeFileSync(file, template)
    const db = new Database(file, { fileMustExist: true })
    db.pragma('synchronous = OFF')
    const put = db.prepare('UPDATE meta SET value = ? WHERE key = ?')
    db.transaction(() => {
      put.run(id, 'id')
      put.run(`Bench ${String(i).padStart(4, '0')}`, 'name')
    })()
    db.close()
  }
  const files = fs.readdirSync(profilesDir).filter((f) => f.endsWith('.sqlite'))
  const bytes = files.reduce((n, f) => n + fs.statSync(path.join(profilesDir, f)).size, 0)
  // Flush the freshly written files now, so the kernel's writeback of them does not land in
  // the middle of the measured runs (it made later runs up to twice as slow as earlier ones).
  for (const f of [...files.map((f) => path.join(profilesDir, f)), profilesDir]) {
    const fd = fs.openSync(f, 'r')
    fs.fsyncSync(fd)
    fs.closeSync(fd)
  }
  const buildMs = ms(tBuild)
  console.log(`Built ${files.length} profiles × ${M} to-dos (${(bytes / 1e6).toFixed(0)} MB) in ${(buildMs / 1000).toFixed(1)} s`)

  // -------------------------------------------------------------------------------------------
  // What is measured.

  const RAW_SQL = `SELECT NULL AS day, (SELECT value FROM meta WHERE key = 'name') AS name,
      count(*) AS total, total(done = 0) AS open, total(done = 0 AND due_on < @today) AS overdue,
      total(done = 1 AND completed_at >= @since7) AS doneLast7Days, max(updated_at) AS lastActivityAt
    FROM todos
    UNION ALL
    SELECT date(completed_at, 'localtime'), NULL, count(*), NULL, NULL, NULL, NULL
    FROM todos WHERE done = 1 AND completed_at >= @since30 GROUP BY 1`
  const rawParams = { today: localDate(now), since7: day(6).toISOString(), since30: day(29).toISOString() }

  type Totals = Report['totals']
  const raw = (): Totals => {
    const totals: Totals = { total: 0, open: 0, done: 0, overdue: 0, doneLast7Days: 0 }
    const daily = new Map<string, number>()
    for (const name of fs.readdirSync(profilesDir)) {
      if (!name.endsWith('.sqlite')) continue
      const db = new Database(path.join(profilesDir, name))
      const rows = db.prepare(RAW_SQL).all(rawParams) as {
        day: string | null
        total: number
        open: number
        overdue: number
        doneLast7Days: number
      }[]
      db.close()
      for (const r of rows) {
        if (r.day === null) {
          totals.total += r.total
          totals.open += r.open
          totals.done += r.total - r.open
          totals.overdue += r.overdue
          totals.doneLast7Days += r.doneLast7Days
        } else daily.set(r.day, (daily.get(r.day) ?? 0) + r.total)
      }
    }
    return totals
  }
  const cold = (): Report => {
    fs.rmSync(cacheFile, { force: true })
    const e = new Engine({ dataDir })
    try {
      return e.report(now)
    } finally {
      e.close()
    }
  }
  const warmNewEngine = (): Report => {
    const e = new Engine({ dataDir })
    try {
      return e.report(now)
    } finally {
      e.close()
    }
  }
  const sameEngine = new Engine({ dataDir })
  const warmSameEngine = (): Report => sameEngine.report(now)

  const time = <T>(fn: () => T): [number, T] => {
    const t0 = performance.now()
    const out = fn()
    return [ms(t0), out]
  }

  // Warm-up (also checks that both compute the same totals), then alternate raw and cold.
  const rawTotals = raw()
  const coldReport = cold()
  if (JSON.stringify(rawTotals) !== JSON.stringify(coldReport.totals) || coldReport.skipped.length || coldReport.profiles.length !== N) {
    throw new Error(`raw and report disagree: ${JSON.stringify(rawTotals)} vs ${JSON.stringify(coldReport.totals)}`)
  }
  const rawMs: number[] = []
  const coldMs: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const pair: [() => unknown, number[]][] = [
      [raw, rawMs],
      [cold, coldMs],
    ]
    for (const [fn, into] of i % 2 ? pair.reverse() : pair) into.push(time(fn)[0])
  }
  // The cache now holds every profile (the last cold run wrote it).
  const warmRuns = Math.max(RUNS, 10)
  warmNewEngine()
  const warmMs = Array.from({ length: warmRuns }, () => {
    const [t, r] = time(warmNewEngine)
    if (JSON.stringify(r) !== JSON.stringify(coldReport)) throw new Error('warm report differs from cold')
    return t
  })
  warmSameEngine()
  const warmSameMs = Array.from({ length: warmRuns }, () => time(warmSameEngine)[0])
  sameEngine.close()

  // -------------------------------------------------------------------------------------------
  // Results.

  const probe = new Database(':memory:')
  const sqliteVersion = probe.prepare('SELECT sqlite_version()').pluck().get() as string
  probe.close()
  const med = { raw: median(rawMs), cold: median(coldMs), warm: median(warmMs), warmSameEngine: median(warmSameMs) }
  const coldRatio = med.cold / med.raw
  // Runs are paired (raw and cold back to back), so the median of the per-pair ratios is a
  // second view of the same figure that is less sensitive to drift across the run.
  const pairedRatio = median(coldMs.map((c, i) => c / rawMs[i]!))
  const warmSpeedup = med.cold / med.warm
  const result = {
    measuredAt: now.toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memoryGB: Math.round(os.totalmem() / 1e9),
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      node: process.version,
      sqlite: sqliteVersion,
    },
    setup: { profiles: N, todosPerProfile: M, totalBytes: bytes, buildMs: Math.round(buildMs), runs: RUNS, warmRuns },
    medianMs: round(med),
    runsMs: { raw: rawMs.map(r1), cold: coldMs.map(r1), warm: warmMs.map(r1), warmSameEngine: warmSameMs.map(r1) },
    coldOverRaw: { value: r2(coldRatio), medianOfPairedRatios: r2(pairedRatio), target: COLD_TARGET, met: coldRatio <= COLD_TARGET },
    warmSpeedup: { value: r2(warmSpeedup), target: WARM_TARGET, met: warmSpeedup >= WARM_TARGET },
  }

  const row = (label: string, xs: number[]) =>
    `${label.padEnd(44)}${fmt(median(xs)).padStart(10)}${fmt(Math.min(...xs)).padStart(10)}${fmt(Math.max(...xs)).padStart(10)}`
  console.log(`\n${N} profiles × ${M} to-dos; ${RUNS} measured runs each after a warm-up (warm: ${warmRuns})`)
  console.log(`${result.machine.cpu}, ${result.machine.cores} cores, Node ${process.version}, SQLite ${sqliteVersion}\n`)
  console.log(`${''.padEnd(44)}${'median'.padStart(10)}${'min'.padStart(10)}${'max'.padStart(10)}`)
  console.log(row('raw better-sqlite3 loop', rawMs))
  console.log(row('report, cold (new Engine, no cache file)', coldMs))
  console.log(row('report, warm (new Engine, cache file)', warmMs))
  console.log(row('report, warm (same Engine, cache in memory)', warmSameMs))
  console.log('')
  console.log(
    `cold / raw   ${r2(coldRatio).toFixed(2).padStart(7)}   target ≤ ${COLD_TARGET}   ${coldRatio <= COLD_TARGET ? 'met' : 'MISSED'}` +
      `   (median of paired runs: ${r2(pairedRatio).toFixed(2)})`,
  )
  console.log(`cold / warm  ${r2(warmSpeedup).toFixed(1).padStart(6)}×   target ≥ ${WARM_TARGET}×    ${warmSpeedup >= WARM_TARGET ? 'met' : 'MISSED'}`)

  const outDir = fileURLToPath(new URL('./results/', import.meta.url))
  fs.mkdirSync(outDir, { recursive: true })
  const out = path.join(outDir, 'report.json')
  fs.writeFileSync(`${out}.tmp`, `${JSON.stringify(result, null, 2)}\n`)
  fs.renameSync(`${out}.tmp`, out)
  console.log(`\nWritten to ${path.relative(process.cwd(), out)}`)
} finally {
  fs.rmSync(root, { recursive: true, force: true })
}

/** M to-dos in one transaction: open and done, due and overdue, completions over 60 days. */
function fillProfile(db: Database.Database, m: number): void {
  const listId = db.prepare('SELECT id FROM lists ORDER BY position LIMIT 1').pluck().get() as number
  const insert = db.prepare(
    `INSERT INTO todos(list_id, title, notes, done, due_on, position, created_at, updated_at, completed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  let seed = 42
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32)
  db.transaction(() => {
    for (let i = 0; i < m; i++) {
      const created = new Date(now.getTime() - (60 + rand() * 300) * 86_400_000)
      const done = rand() < 0.4
      const completed = done ? new Date(now.getTime() - rand() * 60 * 86_400_000) : null
      const due = rand() < 0.6 ? localDate(day(Math.floor(rand() * 60) - 30)) : null
      const updated = completed ?? new Date(created.getTime() + rand() * 30 * 86_400_000)
      insert.run(
        listId,
        `Task ${i}: ${['call', 'write', 'buy', 'fix', 'plan'][i % 5]} something`,
        i % 3 ? '' : 'some notes to index',
        done ? 1 : 0,
        due,
        i,
        created.toISOString(),
        updated.toISOString(),
        completed?.toISOString() ?? null,
      )
    }
  })()
}

function fmt(x: number): string {
  return x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`
}
function r1(x: number): number {
  return Math.round(x * 10) / 10
}
function r2(x: number): number {
  return Math.round(x * 100) / 100
}
function round(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, r1(v)]))
}
