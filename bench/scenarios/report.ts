// The cross-profile report against the plain better-sqlite3 loop it should cost little more
// than, measured in the same run:
//   raw   for each file: new Database(file), one aggregate query, close (no app code)
//   cold  the engine's report from a fresh Engine, its cache file deleted first
//   warm  the engine's report with nothing changed and the cache present
// Raw and cold runs alternate so neither gets a warmer page cache.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { Engine } from '../../main/engine/engine'
import { localDate } from '../../main/engine/local-date'
import type { Report } from '../../main/engine/report'
import { day, NOW } from '../lib/data'
import { fleet } from '../lib/fleet'
import type { MachineInfo } from '../lib/machine'
import { spreadOf, type Row } from '../lib/scenario'
import { alternate, median, now, pairedRatio, since } from '../lib/stats'

export const COLD_TARGET = 1.3
export const WARM_TARGET = 10

export interface ReportBenchOptions {
  profiles: number
  todos: number
  runs: number
  log: (line: string) => void
  machine: MachineInfo
}

const RAW_SQL = `SELECT NULL AS day, (SELECT value FROM meta WHERE key = 'name') AS name,
    count(*) AS total, total(done = 0) AS open, total(done = 0 AND due_on < @today) AS overdue,
    total(done = 1 AND completed_at >= @since7) AS doneLast7Days, max(updated_at) AS lastActivityAt
  FROM todos
  UNION ALL
  SELECT date(completed_at, 'localtime'), NULL, count(*), NULL, NULL, NULL, NULL
  FROM todos WHERE done = 1 AND completed_at >= @since30 GROUP BY 1`

/** Runs the report benchmark; returns what bench/results/report.json holds, and the summary rows. */
export async function reportBench(o: ReportBenchOptions): Promise<{ result: Record<string, unknown>; rows: Row[] }> {
  const N = o.profiles
  const M = o.todos
  const RUNS = Math.max(3, o.runs)
  const f = await fleet(N, M, o.log)
  const { dataDir, profilesDir } = f
  const cacheFile = path.join(dataDir, 'cache', 'report.json')
  const rawParams = { today: localDate(NOW), since7: day(6).toISOString(), since30: day(29).toISOString() }

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
  const withEngine = (fn: (e: Engine) => Report): Report => {
    const e = new Engine({ dataDir })
    try {
      return fn(e)
    } finally {
      e.close()
    }
  }
  const cold = (): Report => {
    fs.rmSync(cacheFile, { force: true })
    return withEngine((e) => e.report(NOW))
  }
  const warmNewEngine = (): Report => withEngine((e) => e.report(NOW))
  const timed = (fn: () => unknown) => () => {
    const t0 = now()
    fn()
    return since(t0)
  }

  // Warm-up (also checks that both compute the same totals), then alternate raw and cold.
  const rawTotals = raw()
  const coldReport = cold()
  if (
    JSON.stringify(rawTotals) !== JSON.stringify(coldReport.totals) ||
    coldReport.skipped.length ||
    coldReport.profiles.length !== N
  ) {
    throw new Error(`raw and report disagree: ${JSON.stringify(rawTotals)} vs ${JSON.stringify(coldReport.totals)}`)
  }
  o.log(`report: ${RUNS} runs each of raw and cold over ${N} profiles × ${M} to-dos, then warm runs`)
  const runs = await alternate({ warmup: 0, runs: RUNS, raw: timed(raw), engine: timed(cold) })
  const rawMs = runs.raw
  const coldMs = runs.engine
  // The cache now holds every profile (the last cold run wrote it).
  const warmRuns = Math.max(RUNS, 10)
  warmNewEngine()
  const warmMs = Array.from({ length: warmRuns }, () => {
    const t0 = now()
    const r = warmNewEngine()
    const ms = since(t0)
    if (JSON.stringify(r) !== JSON.stringify(coldReport)) throw new Error('warm report differs from cold')
    return ms
  })
  const sameEngine = new Engine({ dataDir })
  sameEngine.report(NOW)
  const warmSameMs = Array.from(
    { length: warmRuns },
    timed(() => sameEngine.report(NOW)),
  )
  sameEngine.close()

  const med = { raw: median(rawMs), cold: median(coldMs), warm: median(warmMs), warmSameEngine: median(warmSameMs) }
  const coldRatio = med.cold / med.raw
  // Runs are paired (raw and cold back to back), so the median of the per-pair ratios is a
  // second view of the same figure that is less sensitive to drift across the run.
  const paired = pairedRatio(coldMs, rawMs)
  const warmSpeedup = med.cold / med.warm
  const result = {
    measuredAt: new Date().toISOString(),
    machine: o.machine,
    setup: { profiles: N, todosPerProfile: M, totalBytes: f.bytes, buildMs: f.buildMs, runs: RUNS, warmRuns },
    raw: 'for each file: new Database(file), one aggregate query (figures and completions per day), close',
    engine:
      'cold: new Engine + report() with its cache file deleted first; warm: new Engine + report() with the cache file present and nothing changed (warmSameEngine: the same Engine again)',
    medianMs: round(med),
    runsMs: { raw: rawMs.map(r1), cold: coldMs.map(r1), warm: warmMs.map(r1), warmSameEngine: warmSameMs.map(r1) },
    coldOverRaw: {
      value: r2(coldRatio),
      medianOfPairedRatios: r2(paired),
      target: COLD_TARGET,
      met: coldRatio <= COLD_TARGET,
    },
    warmSpeedup: { value: r2(warmSpeedup), target: WARM_TARGET, met: warmSpeedup >= WARM_TARGET },
  }
  const rows: Row[] = [
    {
      scenario: 'report',
      what: `report, cold (${N} profiles)`,
      raw: r1(med.raw),
      engine: r1(med.cold),
      unit: 'ms',
      measure: 'engine/raw',
      value: r2(coldRatio),
      paired: r2(paired),
      target: `≤ ${COLD_TARGET}x`,
      met: coldRatio <= COLD_TARGET,
      runs: RUNS,
      spread: spreadOf(coldMs.map((c, i) => c / rawMs[i]!)),
    },
    {
      scenario: 'report',
      what: `report, warm vs cold (${N} profiles)`,
      raw: r1(med.cold),
      engine: r1(med.warm),
      unit: 'ms',
      measure: 'cold/warm',
      value: r2(warmSpeedup),
      target: `≥ ${WARM_TARGET}x faster`,
      met: warmSpeedup >= WARM_TARGET,
      runs: warmRuns,
      runsNote: `${RUNS} cold, ${warmRuns} warm`,
      // Not paired: the widest the speed-up could be read, slowest cold over fastest warm and back.
      spread: {
        min: r2(Math.min(...coldMs) / Math.max(...warmMs)),
        max: r2(Math.max(...coldMs) / Math.min(...warmMs)),
      },
    },
  ]
  return { result, rows }
}

export function fmt(x: number): string {
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
