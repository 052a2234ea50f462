/** The geometry of the overview's bar chart (completions per day): scale, ticks, bars, labels. Pure. */
import { countLabel, formatDay } from './format'

export interface Ticks {
  /** The top of the scale: the largest value rounded up to a whole step. */
  max: number
  step: number
  ticks: number[]
}

/**
 * Round ticks for counts from 0 to at least `max`: steps of 1, 2 or 5 times a power of ten,
 * never below 1 (a count has no halves), about `target` of them.
 */
export function niceTicks(max: number, target = 4): Ticks {
  if (!(max > 0) || !Number.isFinite(max)) return { max: 1, step: 1, ticks: [0, 1] }
  const raw = max / Math.max(1, target)
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  let step = magnitude
  for (const m of [1, 2, 5, 10]) {
    step = m * magnitude
    if (step >= raw) break
  }
  step = Math.max(1, Math.round(step))
  const top = Math.ceil(max / step) * step
  const ticks: number[] = []
  for (let v = 0; v <= top; v += step) ticks.push(v)
  return { max: top, step, ticks }
}

export interface Margin {
  top: number
  right: number
  bottom: number
  left: number
}

export interface Bar {
  index: number
  value: number
  /** The visible bar. */
  x: number
  y: number
  width: number
  height: number
  /** The whole column of the day (for hover and its tooltip). */
  bandX: number
  bandWidth: number
}

export interface BarLayout {
  plot: { x: number; y: number; width: number; height: number }
  bars: Bar[]
  ticks: { value: number; y: number }[]
  scale: Ticks
}

/** The smallest height a non-zero bar gets, so a 1 next to a 300 is still seen. */
export const MIN_BAR_HEIGHT = 2

/** Bars for `values` in a `width`×`height` box (SVG user units), with `gap` of each band left empty. */
export function layoutBars(
  values: readonly number[],
  width: number,
  height: number,
  margin: Margin,
  gap = 0.3,
): BarLayout {
  const plot = {
    x: margin.left,
    y: margin.top,
    width: Math.max(0, width - margin.left - margin.right),
    height: Math.max(0, height - margin.top - margin.bottom),
  }
  const scale = niceTicks(Math.max(0, ...values))
  const baseline = plot.y + plot.height
  const band = values.length > 0 ? plot.width / values.length : 0
  const barWidth = Math.max(1, band * (1 - gap))
  const bars = values.map((value, index) => {
    const v = Math.max(0, value)
    const h = v === 0 ? 0 : Math.min(plot.height, Math.max(MIN_BAR_HEIGHT, (v / scale.max) * plot.height))
    return {
      index,
      value,
      x: plot.x + index * band + (band - barWidth) / 2,
      y: baseline - h,
      width: barWidth,
      height: h,
      bandX: plot.x + index * band,
      bandWidth: band,
    }
  })
  const ticks = scale.ticks.map((value) => ({ value, y: baseline - (value / scale.max) * plot.height }))
  return { plot, bars, ticks, scale }
}

/** Which of `n` days get a date under them: the last one (today), then every `every` days before it. */
export function labelIndices(n: number, every = 7): number[] {
  const out: number[] = []
  for (let i = n - 1; i >= 0; i -= Math.max(1, every)) out.unshift(i)
  return out
}

export interface DailySummary {
  total: number
  busiest: { date: string; done: number } | null
  today: number
}

export function summarizeDaily(daily: readonly { date: string; done: number }[]): DailySummary {
  let total = 0
  let busiest: DailySummary['busiest'] = null
  for (const d of daily) {
    total += d.done
    if (d.done > 0 && (!busiest || d.done > busiest.done)) busiest = { date: d.date, done: d.done }
  }
  return { total, busiest, today: daily.at(-1)?.done ?? 0 }
}

/** The chart in one or two sentences, for screen readers (and anyone who wants the gist). */
export function describeDaily(daily: readonly { date: string; done: number }[], locale?: string): string {
  const days = daily.length
  const s = summarizeDaily(daily)
  if (s.total === 0) return `No to-dos were done in the last ${countLabel(days, 'day', 'days', locale)}.`
  const busiest = s.busiest
    ? ` The busiest day was ${formatDay(s.busiest.date, locale, true)}, with ${s.busiest.done}.`
    : ''
  return `${countLabel(s.total, 'to-do', 'to-dos', locale)} done in the last ${countLabel(days, 'day', 'days', locale)}, across all profiles.${busiest} Today: ${s.today}.`
}
