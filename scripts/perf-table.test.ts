import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Row } from '../bench/lib/scenario'
import { SCENARIO_NAMES } from '../bench/lib/scenario-names'
import { saveRun } from '../bench/lib/results'
import { scalingSvg, type ScalingPoint } from '../bench/scenarios/scaling'
import { END, perfBlock, README, readRun, SCALING_SVG, START, withPerfBlock } from './perf-table'
import { currentBlock } from './readme-block'

/** One point of the scaling scenario, every figure a multiple of `k` (so counts differ visibly). */
const point = (profiles: number, k: number): ScalingPoint => {
  const alt = { raw: [1, 1.2], engine: [2, 2.2] }
  return {
    profiles,
    list: { raw: 0.5 * k, warm: 1 * k, newProcess: 4 * k, runs: alt },
    create: { raw: 10, engine: 12, runs: alt },
    resolveByName: { engine: 0.02, runs: [0.02, 0.03] },
    open: { raw: 0.9, engine: 1.1, runs: alt },
    report: { cold: 3 * k, warm: 0.2 * k, coldRuns: [3 * k, 3 * k], warmRuns: [0.2 * k, 0.2 * k] },
    openLadder: {
      rungs: [
        { step: 'raw', us: 650 },
        { step: 'a lock', us: 700 },
        { step: 'the engine', us: 900 },
      ],
      shapeAndSchemaCheckUs: 190,
    },
    setup: { fillMs: 1500, firstListingMs: 4000, folderMB: 532.5, rssMBAfterListing: 180 },
  }
}

const temps: string[] = []
afterEach(() => {
  for (const t of temps.splice(0)) fs.rmSync(t, { recursive: true, force: true })
})

/** A results folder as one full `--save` run writes it, with one row per scenario. */
function fakeRun(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-perf-'))
  temps.push(dir)
  const run = '2026-11-30T10:00:00.000Z'
  const rowOf = (name: string): Row => ({
    scenario: name,
    what: `${name} figure`,
    raw: 1,
    engine: 2,
    unit: 'ms',
    measure: 'engine/raw',
    value: 2,
    paired: 2,
    target: '≤ 1.5x',
    met: false,
    runs: 9,
    spread: { min: 1.5, max: 2.5 },
  })
  // The breakdown figures the README quotes, as the scenarios write them.
  const extra: Record<string, object> = {
    create: {
      setup: { otherProfilesInFolder: [0, 3] },
      whereTheTimeGoesMs: { listingOfTheFolderWith3Profiles: 1.25, registryLock: 0.1, copyStampFsyncRename: 2 },
    },
    switch: {
      whereTheTimeGoesMs: { resolve: 0.2, lockVersionCheckOpenStampAndClose: 1.3, rawOpenAndClose: 0.6 },
      appServiceSwitchMs: 7,
    },
    dispatch: {
      dispatchAloneUs: { 'todos.setDone': 1.2 },
      whereTheTimeGoesUs: { outsideChangeWatchAroundAWrite: 9, plainSetDone: 40, setDoneRepeating: 52 },
    },
    backup: { integrityCheckOfCopyMs: 300, integrityCheckOverRawBackup: 2.4 },
    fleet: {
      setup: { profiles: 300, requestedProfiles: 1000 },
      ladder: {
        sample: 50,
        rungs: [
          { step: 'raw', ms: 9 },
          { step: '+ a lock', ms: 9.5 },
          { step: 'a faster copy', ms: 9.25 },
        ],
        firstListingPerProfileMs: 0.7,
      },
    },
    scaling: { points: [point(10, 1), point(10_000, 7)] },
  }
  fs.writeFileSync(path.join(dir, 'scaling.svg'), scalingSvg([point(10, 1), point(10_000, 7)]))
  for (const name of SCENARIO_NAMES)
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ run, rows: [rowOf(name)], ...extra[name] }))
  const machine = {
    cpu: 'CPU',
    cores: 2,
    node: 'v20.0.0',
    sqlite: '3',
    betterSqlite3: '12',
    loadAverage: [4],
    loadAverageAtEnd: [3],
  }
  const summary = {
    run,
    quick: false,
    scenarios: [...SCENARIO_NAMES],
    tookMs: { total: 280_000 },
    machine,
    rows: SCENARIO_NAMES.map(rowOf),
    failures: [],
  }
  fs.writeFileSync(path.join(dir, 'summary.json'), JSON.stringify(summary))
  return dir
}
const edit = (dir: string, name: string, change: (v: Record<string, unknown>) => void) => {
  const file = path.join(dir, `${name}.json`)
  const v = JSON.parse(fs.readFileSync(file, 'utf8'))
  change(v)
  fs.writeFileSync(file, JSON.stringify(v))
}

describe("the README's performance figures", () => {
  it('are exactly what the script makes of the saved results (no hand edits, no unsaved runs)', () => {
    const readme = fs.readFileSync(README, 'utf8')
    const block = currentBlock(readme, 'perf')
    expect(block).toEqual(perfBlock(readRun()))
  })

  it('give every row its number of runs and its spread', () => {
    const block = perfBlock(readRun(fakeRun()))
    expect(block).toContain('| switch figure | 9 | 1.00 ms | 2.00 ms | 2.00x | 1.50–2.50x | ≤ 1.5x | **missed** |')
    expect(block).toContain('load average\n4.0 at the start, 3.0 at the end, on 2 cores')
    expect(block).toContain('fleet migration (300 of 1000 profiles, as many as fit the time budget)')
    expect(block).toContain('as a ladder over 50 of them')
    expect(block).toContain('raw 9.00 ms; + a lock +0.50 ms; a faster copy −0.25 ms. ')
    expect(block).toContain('(every file read, then indexed): 0.70 ms a profile.')
    expect(block).toContain('validation, routing and the Result alone 1.2 µs')
    expect(withPerfBlock(`a\n${START}\nold\n${END}\nb`, block)).toBe(`a\n${block}\nb`)
  })

  it('print a plain count once, beside what it is out of, and its target in the target column', () => {
    const dir = fakeRun()
    const count = (what: string, value: number, target: string, outOf?: string): Row => ({
      scenario: 'renderer',
      what,
      raw: null,
      engine: null,
      unit: 'ms',
      measure: 'figure',
      value,
      target,
      ...(outOf === undefined ? {} : { outOf }),
      met: target.startsWith('0') ? value === 0 : null,
      runs: 4,
      spread: null,
    })
    const rows = [
      count('scroll frames', 22, '0', 'of 799 frames'),
      count('idle frames', 0, '—', 'of 239 frames'),
      // As results saved before rows had outOf wrote them.
      count('old scroll frames', 5, '0 of 700 frames'),
      count('old idle frames', 1, 'of 200 frames'),
    ]
    edit(dir, 'renderer', (v) => {
      v.rows = rows
    })
    edit(dir, 'summary', (v) => {
      v.rows = [...(v.rows as Row[]).filter((r) => r.scenario !== 'renderer'), ...rows]
    })
    const block = perfBlock(readRun(dir))
    expect(block).toContain('| scroll frames | 4 | — | 22 of 799 frames | — | — | 0 | **missed** |')
    expect(block).toContain('| idle frames | 4 | — | 0 of 239 frames | — | — | — |  |')
    expect(block).toContain('| old scroll frames | 4 | — | 5 of 700 frames | — | — | 0 | **missed** |')
    expect(block).toContain('| old idle frames | 4 | — | 1 of 200 frames | — | — | — |  |')
  })

  it('show the scaling table of every count, the chart the bench drew of it, and where the count stops', () => {
    const block = perfBlock(readRun(fakeRun()))
    expect(block).toContain(
      '| 10 | 0.500 ms | 1.00 ms | 4.00 ms | 10.0 ms | 12.0 ms | 0.020 ms | 0.900 ms | 1.10 ms | 3.00 ms | 0.200 ms |',
    )
    expect(block).toContain(
      '| 10,000 | 3.50 ms | 7.00 ms | 28.0 ms | 10.0 ms | 12.0 ms | 0.020 ms | 0.900 ms | 1.10 ms | 21.0 ms | 1.40 ms |',
    )
    expect(block).toContain(`![Median time per operation by number of profiles](${SCALING_SVG})`)
    expect(block).toContain('Measured up to 10,000 profiles: 532.5 MB on disk')
    expect(block).toContain('raw 650 µs; a lock +50 µs; and the engine, 900 µs (+200 µs over the rung before).')
    expect(block).toContain('The shape and schema check, 190 µs, runs once per file')
    const svg = scalingSvg([point(10, 1), point(10_000, 7)])
    expect(svg).toMatch(/^<svg [^>]*>/)
    expect(svg.match(/<polyline /g)).toHaveLength(9)
  })

  it('come only from one complete full run', () => {
    const cases: [string, (dir: string) => void][] = [
      ['another run', (d) => edit(d, 'switch', (v) => void (v.run = '2026-11-26T11:55:06.049Z'))],
      ['a --quick run', (d) => edit(d, 'summary', (v) => void (v.quick = true))],
      ['a failed scenario', (d) => edit(d, 'summary', (v) => void (v.failures = [{ scenario: 'fleet' }]))],
      ['a partial run', (d) => edit(d, 'summary', (v) => void (v.scenarios = ['create']))],
      ['a stray file', (d) => fs.writeFileSync(path.join(d, 'old-switch.json'), '{}')],
      ["rows that differ from the summary's", (d) => edit(d, 'fleet', (v) => void ((v.rows as Row[])[0]!.value = 1.2))],
      ['no chart', (d) => fs.rmSync(path.join(d, 'scaling.svg'))],
      [
        'a chart of other figures',
        (d) => edit(d, 'scaling', (v) => void ((v.points as ScalingPoint[])[1]!.open.engine = 5)),
      ],
      ['an edited chart', (d) => fs.appendFileSync(path.join(d, 'scaling.svg'), '<!-- -->')],
    ]
    expect(() => readRun(fakeRun())).not.toThrow()
    for (const [what, spoil] of cases) {
      const dir = fakeRun()
      spoil(dir)
      expect(() => readRun(dir), what).toThrow(/is not one full run/)
    }
    const noBreakdown = fakeRun()
    edit(noBreakdown, 'backup', (v) => void delete v.integrityCheckOfCopyMs)
    expect(() => perfBlock(readRun(noBreakdown))).toThrow(/no backup integrity check/)
    const noSteps = fakeRun()
    edit(noSteps, 'scaling', (v) => void delete (v.points as Partial<ScalingPoint>[])[1]!.openLadder)
    fs.writeFileSync(
      path.join(noSteps, 'scaling.svg'),
      scalingSvg(JSON.parse(fs.readFileSync(path.join(noSteps, 'scaling.json'), 'utf8')).points),
    )
    expect(() => perfBlock(readRun(noSteps))).toThrow(/no scaling openLadder/)
  })

  it('are saved with the chart beside the JSON, and nothing of an older run left', () => {
    const from = fakeRun()
    const to = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-perf-saved-'))
    temps.push(to)
    fs.writeFileSync(path.join(to, 'old.json'), '{}')
    fs.writeFileSync(path.join(to, 'old.svg'), '<svg/>')
    saveRun(from, [...SCENARIO_NAMES, 'summary'], to)
    expect(fs.readdirSync(to).sort()).toEqual(
      [...SCENARIO_NAMES.map((n) => `${n}.json`), 'scaling.svg', 'summary.json'].sort(),
    )
    expect(() => readRun(to)).not.toThrow()
  })
})
