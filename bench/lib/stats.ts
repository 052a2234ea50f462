// Small statistics and timing helpers shared by the benchmarks.
import { performance } from 'node:perf_hooks'
import v8 from 'node:v8'
import vm from 'node:vm'

export const now = (): number => performance.now()
export const since = (t0: number): number => performance.now() - t0

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** The q-quantile (0..1) by linear interpolation between closest ranks. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const pos = (s.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo)
}

export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length

/** Median of per-pair ratios a[i] / b[i]: less sensitive to drift across a run than a ratio of medians. */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, i) => x / b[i]!))
}

let gcFn: (() => void) | undefined | null = undefined
/** A full garbage collection between runs (so one run's garbage is not collected in the next's time). */
export function collectGarbage(): void {
  if (gcFn === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc')
      gcFn = vm.runInNewContext('gc') as () => void
    } catch {
      gcFn = null
    }
  }
  gcFn?.()
}

export interface Alternated {
  raw: number[]
  engine: number[]
}

export interface AlternateOptions {
  warmup: number
  runs: number
  /** Each returns its own measured time in ms (so set-up and clean-up can stay outside it). */
  raw: () => number | Promise<number>
  engine: () => number | Promise<number>
  /** Called before every run, untimed (e.g. to reset files). */
  before?: (which: 'raw' | 'engine') => void | Promise<void>
}

/**
 * Warm-up runs of both, then measured runs alternating raw/engine and engine/raw, so
 * neither side always runs with a warmer cache or right after the other's writes.
 */
export async function alternate(o: AlternateOptions): Promise<Alternated> {
  const one = async (which: 'raw' | 'engine'): Promise<number> => {
    await o.before?.(which)
    collectGarbage()
    return which === 'raw' ? o.raw() : o.engine()
  }
  for (let i = 0; i < o.warmup; i++) {
    await one('raw')
    await one('engine')
  }
  const out: Alternated = { raw: [], engine: [] }
  for (let i = 0; i < o.runs; i++) {
    const order: ('raw' | 'engine')[] = i % 2 ? ['engine', 'raw'] : ['raw', 'engine']
    for (const which of order) out[which].push(await one(which))
  }
  return out
}

/**
 * Mean time per call in ms of `n` calls of `fn`, each timed alone (so the gaps between them are
 * not counted); `after` gets what the call returned and is not timed (clean-up such as removing
 * the file it made).
 */
export function perCall<R>(n: number, fn: (i: number) => R, after?: (result: R) => void): number {
  let total = 0
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    const result = fn(i)
    total += performance.now() - t0
    after?.(result)
  }
  return total / n
}

export async function perCallAsync(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let total = 0
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await fn(i)
    total += performance.now() - t0
  }
  return total / n
}

/**
 * Where one operation's time goes: the median in ms (to the µs) of `reps` calls of `fn`, each
 * timed alone; a call that returns a promise is timed until it settles, any other is not awaited.
 */
export async function medianMs(reps: number, fn: (i: number) => unknown): Promise<number> {
  const xs: number[] = []
  for (let i = 0; i < reps; i++) {
    const t0 = now()
    const result = fn(i)
    if (result instanceof Promise) await result
    xs.push(since(t0))
  }
  return round(median(xs), 3)
}

export const round = (x: number, digits = 3): number => {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

/** A copy of `xs` in random order (Fisher–Yates): no item always runs right after the same other. */
export function shuffled<T>(xs: readonly T[]): T[] {
  const out = [...xs]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}
