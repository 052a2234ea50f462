// How everyday operations scale with the number of profiles in the data folder (issue 12):
// list, create, resolve by name, open, and the cross-profile report cold and warm, at 3, 10,
// 100, 1,000 and 10,000 profiles, each against its raw floor in the same run (alternating).
//   raw list     readdir + stat of every file in the profiles folder
//   raw create   copy the template + new Database + PRAGMA journal_mode = WAL + close
//   raw open     new Database + journal_mode = WAL, synchronous = NORMAL, foreign_keys = ON +
//                one read of meta (which loads the schema, as any first use does) + close
// The flat lines are the claim: list, create, resolve and open should cost the same over their
// raw floor at every count. The report reads every profile when cold, so it grows with the count.
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { Engine } from '../../main/engine/engine'
import { flush, NOW, tempRoot } from '../lib/data'
import { openLadder, type OpenLadder } from '../lib/open-ladder'
import { engineOpenReadClose, rawOpenReadClose } from '../lib/open-once'
import { ratioRow, spreadOf, type BenchContext, type Row, type ScenarioOutput } from '../lib/scenario'
import { alternate, collectGarbage, median, now, round, since, type Alternated } from '../lib/stats'

export const TARGETS = { list: 3, create: 2, resolveMs: 1, open: 1.3 } as const
const NAME_DIGITS = 5
const benchName = (i: number) => `Bench ${String(i).padStart(NAME_DIGITS, '0')}`

export interface ScalingPoint {
  profiles: number
  /** Per-operation medians (ms) of alternating runs, and each run's figures. */
  list: { raw: number; warm: number; newProcess: number; runs: Alternated }
  create: { raw: number; engine: number; runs: Alternated }
  resolveByName: { engine: number; runs: number[] }
  open: { raw: number; engine: number; runs: Alternated }
  report: { cold: number; warm: number; coldRuns: number[]; warmRuns: number[] }
  /** Where an open's time goes, at this count. */
  openLadder: OpenLadder
  setup: { fillMs: number; firstListingMs: number; folderMB: number; rssMBAfterListing: number }
}

/**
 * Fills `profilesDir` with `count` profiles fast: one made by the engine, its bytes copied with
 * the id (the file name) and a distinct name patched in place. Both are fixed-length strings
 * stored once in the meta table, so the copies are valid profiles (the first listing reads them
 * all and the scenario checks it found every one by its name).
 */
function fill(engine: Engine, count: number): string[] {
  const first = engine.createProfile(benchName(0))
  const bytes = fs.readFileSync(first.file)
  const at = (s: string) => {
    const i = bytes.indexOf(s, 0, 'latin1')
    if (i < 0 || bytes.indexOf(s, i + 1, 'latin1') >= 0)
      throw new Error(`scaling: "${s}" is not stored exactly once in a new profile`)
    return i
  }
  const idAt = at(first.id)
  const nameAt = at(benchName(0))
  const ids = [first.id]
  const files = [first.file]
  for (let i = 1; i < count; i++) {
    const id = crypto.randomUUID()
    bytes.write(id, idAt, 'latin1')
    bytes.write(benchName(i), nameAt, 'latin1')
    const file = engine.layout.profileFile(id)
    fs.writeFileSync(file, bytes)
    ids.push(id)
    files.push(file)
  }
  // One sync(1) writes them all back at once (an fsync each took most of the fill at 10,000).
  if (process.platform === 'win32') flush(files)
  else execFileSync('sync')
  return ids
}

const perOp = (n: number, fn: (i: number) => void) => () => {
  const t0 = now()
  for (let i = 0; i < n; i++) fn(i)
  return since(t0) / n
}
const perOpAsync = (n: number, fn: (i: number) => Promise<void>) => async () => {
  const t0 = now()
  for (let i = 0; i < n; i++) await fn(i)
  return since(t0) / n
}
function timed(runs: number, fn: () => void): number[] {
  const xs: number[] = []
  for (let i = 0; i < runs; i++) {
    collectGarbage()
    const t0 = now()
    fn()
    xs.push(since(t0))
  }
  return xs
}
const r4 = (xs: number[]) => xs.map((x) => round(x, 4))
const alt = (a: Alternated): Alternated => ({ raw: r4(a.raw), engine: r4(a.engine) })

export async function scalingPoint(count: number, quick: boolean, log: (s: string) => void): Promise<ScalingPoint> {
  const tmp = tempRoot(`scaling-${count}`)
  try {
    const dataDir = path.join(tmp.root, 'data')
    const engine = new Engine({ dataDir, now: () => NOW })
    let t0 = now()
    const ids = fill(engine, count)
    const fillMs = Math.round(since(t0))
    const dir = engine.layout.profilesDir
    const folderMB = round((ids.length * fs.statSync(engine.layout.profileFile(ids[0]!)).size) / 1e6, 1)
    t0 = now()
    const listing = engine.listProfiles() // the first listing after the folder was filled: the index learns every file
    const firstListingMs = Math.round(since(t0))
    if (listing.profiles.length !== count || listing.ignored.length)
      throw new Error(
        `scaling: listed ${listing.profiles.length} of ${count} profiles, ${listing.ignored.length} ignored`,
      )
    const rssMBAfterListing = Math.round(process.memoryUsage().rss / 1e6)
    // Past the index's racy window (see RegistryIndex), and let the writeback of the fill settle.
    await new Promise((r) => setTimeout(r, count >= 1000 ? 1000 : 150))
    engine.listProfiles()
    log(`scaling: ${count} profiles made in ${fillMs} ms, first listing ${firstListingMs} ms`)

    const runs = quick ? 5 : 9
    const many = count >= 10_000
    const list = await alternate({
      warmup: 1,
      runs,
      raw: perOp(1, () => {
        for (const name of fs.readdirSync(dir)) fs.statSync(path.join(dir, name))
      }),
      engine: perOp(1, () => void engine.listProfiles()),
    })
    const newProcess = timed(many ? 3 : runs, () => {
      const e = new Engine({ dataDir, now: () => NOW })
      e.listProfiles()
      e.close()
    })

    const rawDir = path.join(tmp.root, 'raw')
    fs.mkdirSync(rawDir)
    let n = 0
    // Created profiles stay until the end: removing one moves the folder, and the next create
    // would then rightly look at the whole folder again.
    const createRuns = await alternate({
      warmup: 1,
      runs,
      raw: perOp(1, () => {
        const file = path.join(rawDir, `q${n++}.sqlite`)
        fs.copyFileSync(engine.templateFile, file)
        const db = new Database(file, { fileMustExist: true })
        db.pragma('journal_mode = WAL')
        db.close()
      }),
      engine: perOp(1, () => void engine.createProfile(`New ${n++}`)),
    })

    const target = benchName(Math.floor(count / 2))
    if (engine.resolve(target).id !== ids[Math.floor(count / 2)])
      throw new Error(`scaling: ${target} resolved to another profile`)
    const resolveRuns = Array.from({ length: runs }, () => {
      collectGarbage()
      return perOp(50, () => void engine.resolve(target))()
    })

    const id = ids[0]!
    const file = engine.layout.profileFile(id)
    const open = await alternate({
      warmup: 1,
      runs: quick ? 5 : 15,
      raw: perOp(20, () => rawOpenReadClose(file)),
      engine: perOpAsync(20, () => engineOpenReadClose(engine, id)),
    })
    const ladder = await openLadder(engine, id, tmp.root, quick ? 5 : 11)
    engine.close()

    // The report over every profile: cold (its cache file deleted), then warm (nothing changed).
    const cacheFile = path.join(dataDir, 'cache', 'report.json')
    const report = (cold: boolean) => {
      if (cold) fs.rmSync(cacheFile, { force: true })
      const e = new Engine({ dataDir, now: () => NOW })
      try {
        const r = e.report(NOW)
        if (r.profiles.length !== count + runs + 1)
          throw new Error(`scaling: the report saw ${r.profiles.length} profiles`)
      } finally {
        e.close()
      }
    }
    // A cold report reads every profile (over a minute at 10,000 on a loaded machine): one run there.
    const coldRuns = timed(count >= 1000 ? 1 : 3, () => report(true))
    const warmRuns = timed(many ? 3 : 5, () => report(false))
    return {
      profiles: count,
      list: {
        raw: round(median(list.raw), 4),
        warm: round(median(list.engine), 4),
        newProcess: round(median(newProcess), 4),
        runs: alt(list),
      },
      create: {
        raw: round(median(createRuns.raw), 4),
        engine: round(median(createRuns.engine), 4),
        runs: alt(createRuns),
      },
      resolveByName: { engine: round(median(resolveRuns), 4), runs: r4(resolveRuns) },
      open: { raw: round(median(open.raw), 4), engine: round(median(open.engine), 4), runs: alt(open) },
      report: {
        cold: round(median(coldRuns), 4),
        warm: round(median(warmRuns), 4),
        coldRuns: r4(coldRuns),
        warmRuns: r4(warmRuns),
      },
      openLadder: ladder,
      setup: { fillMs, firstListingMs, folderMB, rssMBAfterListing },
    }
  } finally {
    tmp.done()
  }
}

const fmtCount = (n: number) => n.toLocaleString('en')

/** The summary rows: each of issue 12's targets at the counts it names (the largest and smallest run). */
export function scalingRows(points: readonly ScalingPoint[]): Row[] {
  const counts = points.map((p) => p.profiles)
  const at = (n: number) => points.find((p) => p.profiles === n)!
  const largest = counts.slice(-2)
  const rows: Row[] = []
  for (const n of largest)
    rows.push(
      ratioRow(
        'scaling',
        `list profiles, ${fmtCount(n)} profiles, nothing changed (vs readdir + stat)`,
        at(n).list.runs,
        TARGETS.list,
      ),
    )
  for (const n of [counts[0]!, ...largest])
    rows.push(ratioRow('scaling', `create a profile beside ${fmtCount(n)}`, at(n).create.runs, TARGETS.create))
  const top = at(counts.at(-1)!)
  const us = top.resolveByName.runs.map((x) => x * 1000)
  const resolveUs = median(us)
  rows.push({
    scenario: 'scaling',
    what: `resolve a profile by name among ${fmtCount(top.profiles)} (warm)`,
    raw: null,
    engine: round(resolveUs, 1),
    unit: 'µs',
    measure: 'figure',
    value: round(resolveUs, 1),
    target: `≤ ${TARGETS.resolveMs} ms`,
    met: resolveUs <= TARGETS.resolveMs * 1000,
    runs: us.length,
    spread: spreadOf(us, 1),
  })
  for (const n of [counts[0]!, counts.at(-1)!])
    rows.push(ratioRow('scaling', `open a profile among ${fmtCount(n)}`, at(n).open.runs, TARGETS.open))
  return rows
}

export async function scalingScenario(ctx: BenchContext): Promise<ScenarioOutput> {
  const counts = ctx.quick ? [3, 10, 100] : [3, 10, 100, 1000, 10_000]
  const points: ScalingPoint[] = []
  for (const c of counts) points.push(await scalingPoint(c, ctx.quick, ctx.log))
  ctx.log(`\n${scalingTable(points)}`)
  return {
    name: 'scaling',
    rows: scalingRows(points),
    detail: {
      raw: 'list: readdir + stat of every file; create: copy the template + open (journal_mode = WAL) + close; open: new Database + journal_mode = WAL, synchronous = NORMAL, foreign_keys = ON + one read of meta + close',
      engine:
        'list: Engine.listProfiles() (warm: the same Engine again; newProcess: a new Engine); create: Engine.createProfile(name); resolve: Engine.resolve(name); open: Engine.openProfile(id) + one read of meta + close; report: a new Engine + report() with its cache deleted (cold) or present (warm)',
      points,
    },
    files: { 'scaling.svg': scalingSvg(points) },
  }
}

const msCell = (x: number) =>
  `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3)} ms`

/** The scaling table (markdown): medians per operation at every count. */
export function scalingTable(points: readonly ScalingPoint[]): string {
  const head =
    '| profiles | list raw | list | list, new process | create raw | create | resolve by name | open raw | open | report cold | report warm |'
  const rule = '| --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |'
  const rows = points.map((p) =>
    [
      fmtCount(p.profiles),
      ...[
        p.list.raw,
        p.list.warm,
        p.list.newProcess,
        p.create.raw,
        p.create.engine,
        p.resolveByName.engine,
        p.open.raw,
        p.open.engine,
        p.report.cold,
        p.report.warm,
      ].map(msCell),
    ].join(' | '),
  )
  return [head, rule, ...rows.map((r) => `| ${r} |`)].join('\n')
}

/** A log-log chart of each operation's median time against the number of profiles (raw floors dashed). */
export function scalingSvg(points: readonly ScalingPoint[]): string {
  const W = 720
  const H = 400
  const pad = { l: 70, r: 190, t: 30, b: 44 }
  const series: [string, string, boolean, (p: ScalingPoint) => number][] = [
    ['list', '#1f77b4', false, (p) => p.list.warm],
    ['list, raw readdir + stat', '#1f77b4', true, (p) => p.list.raw],
    ['create', '#2ca02c', false, (p) => p.create.engine],
    ['create, raw copy + open', '#2ca02c', true, (p) => p.create.raw],
    ['open', '#9467bd', false, (p) => p.open.engine],
    ['open, raw', '#9467bd', true, (p) => p.open.raw],
    ['resolve by name', '#d62728', false, (p) => p.resolveByName.engine],
    ['report, warm', '#ff7f0e', false, (p) => p.report.warm],
    ['report, cold', '#8c564b', false, (p) => p.report.cold],
  ]
  const lg = (v: number) => Math.log10(Math.max(v, 0.001))
  const xs = points.map((p) => Math.log10(p.profiles))
  const ys = points.flatMap((p) => series.map(([, , , f]) => lg(f(p))))
  const [x0, x1] = [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1)]
  const [y0, y1] = [Math.floor(Math.min(...ys)), Math.ceil(Math.max(...ys, Math.min(...ys) + 1))]
  const X = (v: number) => (pad.l + ((v - x0) / (x1 - x0)) * (W - pad.l - pad.r)).toFixed(1)
  const Y = (v: number) => (H - pad.b - ((v - y0) / (y1 - y0)) * (H - pad.t - pad.b)).toFixed(1)
  const tick = (e: number) => (e >= 3 ? `${10 ** (e - 3)} s` : e >= 0 ? `${10 ** e} ms` : `${10 ** (e + 3)} µs`)
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${pad.l}" y="18" font-weight="bold">Median time per operation by number of profiles (log-log; dashed: raw better-sqlite3)</text>`,
  ]
  for (let e = y0; e <= y1; e++) {
    out.push(
      `<line x1="${pad.l}" x2="${W - pad.r}" y1="${Y(e)}" y2="${Y(e)}" stroke="#e5e5e5"/>`,
      `<text x="${pad.l - 6}" y="${(Number(Y(e)) + 4).toFixed(1)}" text-anchor="end">${tick(e)}</text>`,
    )
  }
  for (const p of points)
    out.push(
      `<text x="${X(Math.log10(p.profiles))}" y="${H - pad.b + 16}" text-anchor="middle">${fmtCount(p.profiles)}</text>`,
    )
  out.push(
    `<text x="${((pad.l + W - pad.r) / 2).toFixed(0)}" y="${H - 8}" text-anchor="middle">profiles in the data folder</text>`,
  )
  series.forEach(([label, color, dashed, f], i) => {
    const pts = points.map((p) => `${X(Math.log10(p.profiles))},${Y(lg(f(p)))}`).join(' ')
    out.push(
      `<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="2"${dashed ? ' stroke-dasharray="5 4"' : ''}/>`,
    )
    const ly = pad.t + 10 + 18 * i
    out.push(
      `<line x1="${W - pad.r + 10}" x2="${W - pad.r + 34}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${dashed ? ' stroke-dasharray="5 4"' : ''}/>`,
    )
    out.push(`<text x="${W - pad.r + 40}" y="${ly}">${label}</text>`)
  })
  out.push('</svg>', '')
  return out.join('\n')
}
