// The benchmarks of issues 7 and 12: `npm run bench` (all scenarios; about 8 minutes on 2 cores
// with the fleet migration at all 1,000 profiles, fewer profiles when --budget is short).
//
// Every scenario runs the engine's own path and, in the same process, the raw better-sqlite3
// equivalent with no app code, alternating raw and engine runs after a warm-up, and reports
// medians and their ratio, each row with its number of runs and their spread. Each scenario's
// figures go to <scenario>.json, the table and the machine to summary.json: in
// bench/.scratch/results/ (untracked), or with --save in bench/results/ (tracked, what the
// README's table is generated from by `npm run bench:readme`).
//
//   npm run bench                       everything, full sizes
//   npm run bench -- --save             the same, then replaces bench/results/ with this run
//                                       (only a complete full run that failed nowhere is saved)
//   npm run bench -- --quick            smaller sizes and fewer runs, for iterating
//   npm run bench -- --only create,switch
//   npm run bench -- --only scaling     list, create, resolve, open and report at 3 to 10,000
//                                       profiles; its chart goes to scaling.svg beside the JSON
//   npm run bench -- --runs 5           override every scenario's number of measured runs
//   npm run bench -- --fleet-profiles 500
//   npm run bench -- --skip renderer
//   npm run bench -- --budget 280          seconds for everything (default 280): the fleet
//                                          migration, run last, uses the largest number of
//                                          profiles (up to 1,000) that fits what is left
import { parseArgs } from 'node:util'
import { backupScenario } from './scenarios/backup'
import { createScenario } from './scenarios/create'
import { dispatchScenario } from './scenarios/dispatch'
import { fleetScenario } from './scenarios/fleet'
import { reportBench } from './scenarios/report'
import { scalingScenario } from './scenarios/scaling'
import { rendererScenario } from './scenarios/renderer'
import { switchScenario } from './scenarios/switch'
import { todosScenario } from './scenarios/todos'
import { disposeFleets } from './lib/fleet'
import { machineInfo } from './lib/machine'
import type { ScenarioName } from './lib/scenario-names'
import { saveRun, SCRATCH_RESULTS_DIR, writeResult, writeResultFile } from './lib/results'
import { table, type BenchContext, type Row, type ScenarioOutput } from './lib/scenario'
import { now, since } from './lib/stats'

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    skip: { type: 'string' },
    runs: { type: 'string' },
    'fleet-profiles': { type: 'string' },
    'report-profiles': { type: 'string' },
    budget: { type: 'string' },
    save: { type: 'boolean', default: false },
  },
})

const optionalInt = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number, not ${v}`)
  return n
}

const quick = values.quick ?? false
const runs = optionalInt('runs', values.runs)
const fleetProfiles = optionalInt('fleet-profiles', values['fleet-profiles'])
const reportProfiles = optionalInt('report-profiles', values['report-profiles']) ?? (quick ? 100 : 1000)

const SCENARIOS: Record<string, (ctx: BenchContext) => Promise<ScenarioOutput>> = {
  create: createScenario,
  switch: switchScenario,
  todos: todosScenario,
  dispatch: dispatchScenario,
  backup: backupScenario,
  report: async (ctx) => {
    const { result, rows } = await reportBench({
      profiles: reportProfiles,
      todos: 1000,
      runs: ctx.runs ?? (quick ? 3 : 5),
      log: ctx.log,
      machine: ctx.machine,
    })
    return { name: 'report', rows, detail: result }
  },
  scaling: scalingScenario,
  renderer: rendererScenario,
  fleet: (ctx) => fleetScenario(ctx, { profiles: fleetProfiles }),
  replication: async (ctx) => (await import('./scenarios/replication')).replicationScenario(ctx),
} satisfies Record<ScenarioName, (ctx: BenchContext) => Promise<ScenarioOutput>>

/** What "raw" and "engine" mean in a scenario, from its detail (top level, or per part). */
function legendOf(detail: Record<string, unknown>, prefix = ''): string[] {
  const out: string[] = []
  for (const side of ['raw', 'engine'] as const) {
    const v = detail[side]
    if (typeof v === 'string') out.push(`${prefix}${side}: ${v}`)
  }
  for (const [k, v] of Object.entries(detail)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && k !== 'machine')
      out.push(...legendOf(v as Record<string, unknown>, `${k} `))
  }
  return out
}

const list = (v: string | undefined) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : []
const only = list(values.only)
const skip = new Set(list(values.skip))
for (const name of [...only, ...skip])
  if (!(name in SCENARIOS)) throw new Error(`Unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`)
const selected = (only.length ? only : Object.keys(SCENARIOS)).filter((n) => !skip.has(n))
// The saved results are one full run of everything at the default sizes, nothing less.
const save = values.save ?? false
if (
  save &&
  (quick ||
    only.length ||
    skip.size ||
    runs !== undefined ||
    fleetProfiles !== undefined ||
    values['report-profiles'] !== undefined)
) {
  throw new Error(
    '--save keeps only a full run: leave out --quick, --only, --skip, --runs, --fleet-profiles and --report-profiles',
  )
}

const machine = machineInfo()
const startedAt = new Date()
const t0 = now()
const log = (line: string) => console.log(`[${(since(t0) / 1000).toFixed(0).padStart(3)} s] ${line}`)
const budgetS = optionalInt('budget', values.budget) ?? 280
const ctx: BenchContext = { quick, runs, log, machine, deadline: t0 + budgetS * 1000 }
console.log(`Ownlist benchmarks${quick ? ' (quick)' : ''}: ${selected.join(', ')}`)
console.log(
  `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, ${machine.platform}, Node ${machine.node}, SQLite ${machine.sqlite}, better-sqlite3 ${machine.betterSqlite3}`,
)
console.log(`Load average at start: ${machine.loadAverage.join(' ')}\n`)

const rows: Row[] = []
const timings: Record<string, number> = {}
const failures: { scenario: string; error: string }[] = []
try {
  for (const name of selected) {
    const s0 = now()
    try {
      const out = await SCENARIOS[name]!(ctx)
      timings[name] = Math.round(since(s0))
      rows.push(...out.rows)
      // `run` ties every file to its run's summary (the README generator checks it).
      const loadAverageWhenDone = machineInfo().loadAverage
      for (const [fileName, content] of Object.entries(out.files ?? {}))
        log(`${fileName} written to ${writeResultFile(fileName, content)}`)
      writeResult(out.name, {
        run: startedAt.toISOString(),
        measuredAt: new Date().toISOString(),
        machine,
        loadAverageWhenDone,
        quick,
        rows: out.rows,
        ...out.detail,
        tookMs: timings[name],
      })
      console.log(
        `\n${table(out.rows)}\n${legendOf(out.detail)
          .map((l) => `  ${l}`)
          .join('\n')}\n`,
      )
      log(`${name} done in ${(timings[name] / 1000).toFixed(1)} s`)
    } catch (e) {
      // One scenario that cannot run (no Chromium, say) does not lose the others' figures.
      timings[name] = Math.round(since(s0))
      failures.push({ scenario: name, error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
      log(`${name} FAILED: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
} finally {
  disposeFleets()
}

const totalMs = Math.round(since(t0))
console.log(`\nAll scenarios (${(totalMs / 1000).toFixed(0)} s)${quick ? ', quick sizes' : ''}:\n`)
console.log(table(rows))
const missed = rows.filter((r) => r.met === false)
console.log(
  `\n${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, SQLite ${machine.sqlite}, better-sqlite3 ${machine.betterSqlite3}, ${startedAt.toISOString().slice(0, 10)}`,
)
console.log(missed.length ? `Targets missed: ${missed.map((r) => r.what).join('; ')}` : 'Every target met.')
if (failures.length) console.log(`Scenarios that failed: ${failures.map((f) => f.scenario).join(', ')}`)
const file = writeResult('summary', {
  run: startedAt.toISOString(),
  measuredAt: startedAt.toISOString(),
  machine: { ...machine, loadAverageAtEnd: machineInfo().loadAverage },
  quick,
  scenarios: selected,
  tookMs: { total: totalMs, ...timings },
  rows,
  missed: missed.map((r) => r.what),
  failures,
})
console.log(`Written to ${file}`)
if (save && failures.length) console.log('Not saved: a scenario failed, and bench/results/ keeps only complete runs.')
else if (save) {
  saveRun(SCRATCH_RESULTS_DIR, [...selected, 'summary'])
  console.log('Saved to bench/results/; `npm run bench:readme` regenerates the README table from it.')
}
if (failures.length) process.exitCode = 1
