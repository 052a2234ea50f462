// Benchmark of the cross-profile report against the plain better-sqlite3 loop it should cost
// little more than. Run: npx tsx bench/report.ts [--profiles N] [--todos M] [--runs R]
// (also part of `npm run bench`, see bench/run.ts).
//
// Builds N profiles of M to-dos in a temporary folder (one profile made through the Engine and
// filled in one transaction, then copied N-1 times under new ids), then measures in the same run:
//   raw   for each file: new Database(file), one aggregate query, close (no app code)
//   cold  the engine's report from a fresh Engine, its cache file deleted first
//   warm  the engine's report with nothing changed and the cache present
// Raw and cold runs alternate so neither gets a warmer page cache. Medians are printed and
// written to bench/.scratch/results/report.json with the machine they were measured on.
import path from 'node:path'
import { parseArgs } from 'node:util'
import { disposeFleets } from './lib/fleet'
import { machineInfo } from './lib/machine'
import { writeResult } from './lib/results'
import { COLD_TARGET, fmt, reportBench, WARM_TARGET } from './scenarios/report'

const { values } = parseArgs({
  options: {
    profiles: { type: 'string', default: '1000' },
    todos: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '7' },
  },
})

function positive(name: string, v: string | undefined): number {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number, not ${v}`)
  return n
}

try {
  const machine = machineInfo()
  const { result } = await reportBench({
    profiles: positive('profiles', values.profiles),
    todos: positive('todos', values.todos),
    runs: positive('runs', values.runs),
    log: console.log,
    machine,
  })
  const r = result as {
    setup: { profiles: number; todosPerProfile: number; runs: number; warmRuns: number }
    runsMs: Record<'raw' | 'cold' | 'warm' | 'warmSameEngine', number[]>
    medianMs: Record<'raw' | 'cold' | 'warm' | 'warmSameEngine', number>
    coldOverRaw: { value: number; medianOfPairedRatios: number }
    warmSpeedup: { value: number }
  }
  const row = (label: string, k: keyof typeof r.runsMs) =>
    `${label.padEnd(44)}${fmt(r.medianMs[k]).padStart(10)}${fmt(Math.min(...r.runsMs[k])).padStart(10)}${fmt(Math.max(...r.runsMs[k])).padStart(10)}`
  console.log(
    `\n${r.setup.profiles} profiles × ${r.setup.todosPerProfile} to-dos; ${r.setup.runs} measured runs each after a warm-up (warm: ${r.setup.warmRuns})`,
  )
  console.log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, SQLite ${machine.sqlite}\n`)
  console.log(`${''.padEnd(44)}${'median'.padStart(10)}${'min'.padStart(10)}${'max'.padStart(10)}`)
  console.log(row('raw better-sqlite3 loop', 'raw'))
  console.log(row('report, cold (new Engine, no cache file)', 'cold'))
  console.log(row('report, warm (new Engine, cache file)', 'warm'))
  console.log(row('report, warm (same Engine, cache in memory)', 'warmSameEngine'))
  console.log('')
  const cold = r.coldOverRaw.value
  const warm = r.warmSpeedup.value
  console.log(
    `cold / raw   ${cold.toFixed(2).padStart(7)}   target ≤ ${COLD_TARGET}   ${cold <= COLD_TARGET ? 'met' : 'MISSED'}` +
      `   (median of paired runs: ${r.coldOverRaw.medianOfPairedRatios.toFixed(2)})`,
  )
  console.log(
    `cold / warm  ${warm.toFixed(1).padStart(6)}×   target ≥ ${WARM_TARGET}×    ${warm >= WARM_TARGET ? 'met' : 'MISSED'}`,
  )
  const out = writeResult('report', result)
  console.log(`\nWritten to ${path.relative(process.cwd(), out)}`)
} finally {
  disposeFleets()
}
