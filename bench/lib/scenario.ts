// What every scenario returns, and how run.ts prints it.
import type { MachineInfo } from './machine'
import { median, pairedRatio, round, type Alternated } from './stats'

export type Unit = 'ms' | 'µs'

/** One line of the summary table. */
export interface Row {
  scenario: string
  what: string
  /** Medians, in `unit` (null where there is no raw equivalent). */
  raw: number | null
  engine: number | null
  unit: Unit
  /** What `value` is: the ratio engine/raw, a speed-up, a difference, or a plain figure. */
  measure: 'engine/raw' | 'cold/warm' | 'engine − raw' | 'figure'
  value: number | null
  /** For engine/raw: the median of the per-pair ratios of alternating runs (a second view). */
  paired?: number
  target: string
  /** For a plain count (engine null): what it counts out of, shown beside it ("of 799 frames"). */
  outOf?: string
  met: boolean | null
  /** Measured runs behind the figure (pairs of runs for engine/raw), after warm-up. */
  runs: number
  /** Said instead of `runs` where the sides ran different numbers of times. */
  runsNote?: string
  /**
   * How far the row's figure moved between runs: min and max of `value` computed per run
   * (per pair of runs for engine/raw), or of `engine` for a plain figure. Null: one run.
   */
  spread: { min: number; max: number } | null
}

/** Min and max of per-run figures, rounded like the figure; null for fewer than two. */
export function spreadOf(xs: readonly number[], digits = 2): { min: number; max: number } | null {
  if (xs.length < 2) return null
  return { min: round(Math.min(...xs), digits), max: round(Math.max(...xs), digits) }
}

export interface ScenarioOutput {
  name: string
  rows: Row[]
  /** Everything else worth keeping: set-up, every run, what raw and engine mean. */
  detail: Record<string, unknown>
  /** Other files the scenario writes beside its JSON (name → content), e.g. a chart. */
  files?: Record<string, string>
}

export interface BenchContext {
  quick: boolean
  /** Overrides the scenario's number of measured runs. */
  runs?: number
  log: (line: string) => void
  machine: MachineInfo
  /** performance.now() by which the whole run should be done (scenarios that can shrink, do). */
  deadline: number
}

/**
 * How much a scenario of many short operations measures: `perRun` operations in each of `runs`
 * measured runs (fewer with --quick; --runs overrides the runs).
 */
export function operationRuns(ctx: BenchContext, fullRuns: number): { perRun: number; runs: number } {
  return { perRun: ctx.quick ? 20 : 80, runs: ctx.runs ?? (ctx.quick ? 5 : fullRuns) }
}

/** A ratio row from alternating runs; the figures are per-operation times in ms, shown in `unit`. */
export function ratioRow(scenario: string, what: string, runs: Alternated, max: number, unit: Unit = 'ms'): Row {
  const k = unit === 'µs' ? 1000 : 1
  const raw = median(runs.raw)
  const engine = median(runs.engine)
  const value = engine / raw
  return {
    scenario,
    what,
    raw: round(raw * k, 4),
    engine: round(engine * k, 4),
    unit,
    measure: 'engine/raw',
    value: round(value, 2),
    paired: round(pairedRatio(runs.engine, runs.raw), 2),
    target: `≤ ${max}x`,
    met: value <= max,
    runs: runs.raw.length,
    spread: spreadOf(runs.engine.map((e, i) => e / runs.raw[i]!)),
  }
}

export function runsIn(runs: Alternated, unit: Unit): { raw: number[]; engine: number[] } {
  const k = unit === 'µs' ? 1000 : 1
  return { raw: runs.raw.map((x) => round(x * k, 4)), engine: runs.engine.map((x) => round(x * k, 4)) }
}

export function fmtTime(x: number | null, unit: Unit): string {
  if (x === null || Number.isNaN(x)) return '—'
  const digits = x >= 100 ? 0 : x >= 10 ? 1 : x >= 1 ? 2 : 3
  return `${x.toFixed(digits)} ${unit}`
}

export function fmtValue(r: Row): string {
  if (r.value === null) return '—'
  if (r.measure === 'engine/raw') return `${r.value.toFixed(2)}x`
  if (r.measure === 'cold/warm') return `${r.value.toFixed(1)}x faster`
  if (r.measure === 'engine − raw') return `${r.value < 0 ? '−' : '+'}${Math.abs(r.value).toFixed(1)} µs`
  return String(r.value)
}

/** The spread in the row's own terms: `1.71–2.40x`, `+1.2–+4.0 µs`, `610–790 ms`. */
export function fmtSpread(r: Row): string {
  if (!r.spread) return '—'
  const { min, max } = r.spread
  if (r.measure === 'engine/raw') return `${min.toFixed(2)}–${max.toFixed(2)}x`
  if (r.measure === 'cold/warm') return `${min.toFixed(1)}–${max.toFixed(1)}x`
  if (r.measure === 'engine − raw') {
    const d = (x: number) => `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(1)}`
    return `${d(min)} to ${d(max)} µs`
  }
  if (r.engine === null) return `${min}–${max}`
  return `${fmtTime(min, r.unit).replace(` ${r.unit}`, '')}–${fmtTime(max, r.unit)}`
}

export function table(rows: readonly Row[]): string {
  const head = ['scenario', 'runs', 'raw median', 'engine median', 'engine vs raw', 'spread', 'target', 'result']
  const body = rows.map((r) => [
    r.what,
    r.runsNote ?? String(r.runs),
    fmtTime(r.raw, r.unit),
    fmtTime(r.engine, r.unit),
    fmtValue(r) + (r.paired !== undefined ? ` (paired ${r.paired.toFixed(2)})` : ''),
    fmtSpread(r),
    r.target,
    r.met === null ? '—' : r.met ? 'met' : 'MISSED',
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)))
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`
  return [
    line(head),
    `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...body.map(line),
  ].join('\n')
}
