import { describe, expect, it } from 'vitest'
import { describeDaily, labelIndices, layoutBars, MIN_BAR_HEIGHT, niceTicks, summarizeDaily } from './chart'

describe('niceTicks', () => {
  it('gives an empty chart a scale of one', () => {
    expect(niceTicks(0)).toEqual({ max: 1, step: 1, ticks: [0, 1] })
    expect(niceTicks(Number.NaN)).toEqual({ max: 1, step: 1, ticks: [0, 1] })
  })
  it('never steps by less than one', () => {
    expect(niceTicks(1)).toEqual({ max: 1, step: 1, ticks: [0, 1] })
    expect(niceTicks(3)).toEqual({ max: 3, step: 1, ticks: [0, 1, 2, 3] })
  })
  it('steps by 1, 2 or 5 times a power of ten and covers the maximum', () => {
    expect(niceTicks(7)).toEqual({ max: 8, step: 2, ticks: [0, 2, 4, 6, 8] })
    expect(niceTicks(10)).toEqual({ max: 10, step: 5, ticks: [0, 5, 10] })
    expect(niceTicks(45)).toEqual({ max: 60, step: 20, ticks: [0, 20, 40, 60] })
    expect(niceTicks(1234).step).toBe(500)
    for (const max of [2, 9, 17, 99, 101, 5000, 123_456]) {
      const t = niceTicks(max)
      expect(t.max).toBeGreaterThanOrEqual(max)
      expect(t.ticks.length).toBeGreaterThanOrEqual(2)
      expect(t.ticks.length).toBeLessThanOrEqual(6)
      expect(Number.isInteger(t.step)).toBe(true)
      expect(t.ticks.at(-1)).toBe(t.max)
    }
  })
})

describe('layoutBars', () => {
  const margin = { top: 10, right: 10, bottom: 20, left: 30 }
  it('puts one bar per value in equal bands inside the plot', () => {
    const { plot, bars } = layoutBars([1, 2, 3, 4], 240, 130, margin)
    expect(plot).toEqual({ x: 30, y: 10, width: 200, height: 100 })
    expect(bars.map((b) => b.bandX)).toEqual([30, 80, 130, 180])
    for (const b of bars) {
      expect(b.bandWidth).toBe(50)
      expect(b.width).toBeCloseTo(35)
      expect(b.x).toBeGreaterThanOrEqual(b.bandX)
      expect(b.x + b.width).toBeLessThanOrEqual(b.bandX + b.bandWidth)
      expect(b.y + b.height).toBeCloseTo(110)
    }
  })
  it('scales heights to the top tick', () => {
    const { bars, scale, ticks } = layoutBars([0, 5, 10], 240, 130, margin)
    expect(scale.max).toBe(10)
    expect(bars.map((b) => b.height)).toEqual([0, 50, 100])
    expect(bars[2]!.y).toBe(10)
    expect(ticks).toEqual([
      { value: 0, y: 110 },
      { value: 5, y: 60 },
      { value: 10, y: 10 },
    ])
  })
  it('keeps a small non-zero bar visible and a zero bar flat', () => {
    const { bars } = layoutBars([0, 1, 1000], 240, 130, margin)
    expect(bars[0]!.height).toBe(0)
    expect(bars[1]!.height).toBe(MIN_BAR_HEIGHT)
  })
  it('survives a box too small and no values', () => {
    expect(layoutBars([1], 10, 10, margin).plot).toEqual({ x: 30, y: 10, width: 0, height: 0 })
    expect(layoutBars([], 240, 130, margin).bars).toEqual([])
  })
})

describe('labelIndices', () => {
  it('labels the last day and every seventh before it', () => {
    expect(labelIndices(30)).toEqual([1, 8, 15, 22, 29])
    expect(labelIndices(7)).toEqual([6])
    expect(labelIndices(3, 1)).toEqual([0, 1, 2])
    expect(labelIndices(0)).toEqual([])
  })
})

describe('summarizeDaily / describeDaily', () => {
  const daily = [
    { date: '2026-03-08', done: 2 },
    { date: '2026-03-09', done: 5 },
    { date: '2026-03-10', done: 1 },
  ]
  it('adds up the days, finds the busiest and today', () => {
    expect(summarizeDaily(daily)).toEqual({ total: 8, busiest: { date: '2026-03-09', done: 5 }, today: 1 })
    expect(summarizeDaily([])).toEqual({ total: 0, busiest: null, today: 0 })
  })
  it('says it in words', () => {
    expect(describeDaily(daily, 'en')).toBe(
      '8 to-dos done in the last 3 days, across all profiles. The busiest day was Mon, Mar 9, 2026, with 5. Today: 1.',
    )
    expect(
      describeDaily(
        daily.map((d) => ({ ...d, done: 0 })),
        'en',
      ),
    ).toBe('No to-dos were done in the last 3 days.')
  })
})
