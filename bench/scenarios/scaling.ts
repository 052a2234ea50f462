// How everyday operations scale with the number of profiles beside the one in use (issue 12):
// list, create, resolve by name and open at 10, 100, 1,000 and 10,000 profiles, each against
// its raw floor in the same run. Standalone for now:
//   npx tsx bench/scenarios/scaling.ts [--counts 10,100,1000,10000] [--svg out.svg]
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { Engine } from '../../main/engine/engine'
import { NOW, tempRoot } from '../lib/data'
import { median, now, round, since } from '../lib/stats'

export interface ScalingPoint {
  profiles: number
  /** Medians in ms: engine and its raw floor per operation. */
  list: { raw: number; warm: number; newProcess: number }
  create: { raw: number; engine: number }
  resolveByName: { engine: number }
  open: { raw: number; engine: number }
}

function timeMedian(runs: number, fn: () => void): number {
  const xs: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = now()
    fn()
    xs.push(since(t0))
  }
  return round(median(xs), 4)
}

async function timeMedianAsync(runs: number, fn: () => Promise<void>): Promise<number> {
  const xs: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = now()
    await fn()
    xs.push(since(t0))
  }
  return round(median(xs), 4)
}

/** Fills a profiles folder with `count` profiles: one made by the engine, copied with its id and name stamped. */
function fill(engine: Engine, count: number): string[] {
  const first = engine.createProfile('Bench 00000')
  const bytes = fs.readFileSync(first.file)
  const ids = [first.id]
  for (let i = 1; i < count; i++) {
    const id = crypto.randomUUID()
    const file = engine.layout.profileFile(id)
    fs.writeFileSync(file, bytes)
    const db = new Database(file, { fileMustExist: true })
    db.pragma('synchronous = OFF')
    const put = db.prepare('UPDATE meta SET value = ? WHERE key = ?')
    db.transaction(() => {
      put.run(id, 'id')
      put.run(`Bench ${String(i).padStart(5, '0')}`, 'name')
    })()
    db.close()
    ids.push(id)
  }
  return ids
}

export async function scalingPoint(count: number, log: (s: string) => void): Promise<ScalingPoint> {
  const tmp = tempRoot('scaling')
  try {
    const dataDir = path.join(tmp.root, 'data')
    const engine = new Engine({ dataDir, now: () => NOW })
    const t0 = now()
    const ids = fill(engine, count)
    log(`  ${count} profiles made in ${Math.round(since(t0))} ms`)
    const dir = engine.layout.profilesDir
    engine.listProfiles() // the first listing after the folder was filled: the index learns every file
    await new Promise((r) => setTimeout(r, 100)) // past the index's racy window (see RegistryIndex)
    engine.listProfiles()
    const runs = count >= 10_000 ? 5 : 9

    const rawList = timeMedian(runs, () => {
      for (const name of fs.readdirSync(dir)) fs.statSync(path.join(dir, name))
    })
    const warm = timeMedian(runs, () => void engine.listProfiles())
    const newProcess = timeMedian(runs, () => {
      const e = new Engine({ dataDir, now: () => NOW })
      e.listProfiles()
      e.close()
    })

    const rawDir = path.join(tmp.root, 'raw')
    fs.mkdirSync(rawDir)
    let n = 0
    const rawCreate = timeMedian(runs, () => {
      const file = path.join(rawDir, `p${n++}.sqlite`)
      fs.copyFileSync(engine.templateFile, file)
      const db = new Database(file, { fileMustExist: true })
      db.pragma('journal_mode = WAL')
      db.pragma('user_version', { simple: true })
      db.close()
    })
    // Created profiles stay until the end: removing one moves the folder, and the next create
    // would then rightly look at the whole folder again.
    const made: string[] = []
    const create = timeMedian(runs, () => void made.push(engine.createProfile(`New ${n++}`).file))

    const target = `Bench ${String(Math.floor(count / 2)).padStart(5, '0')}`
    const resolveByName = timeMedian(runs * 11, () => void engine.resolve(target))

    const file = engine.layout.profileFile(ids[0]!)
    const rawOpen = timeMedian(runs * 3, () => {
      const db = new Database(file, { fileMustExist: true, timeout: 5000 })
      db.pragma('journal_mode = WAL')
      db.pragma('user_version', { simple: true })
      db.close()
    })
    const open = await timeMedianAsync(runs * 3, async () => (await engine.openProfile(ids[0]!)).close())
    engine.close()
    return {
      profiles: count,
      list: { raw: rawList, warm, newProcess },
      create: { raw: rawCreate, engine: create },
      resolveByName: { engine: resolveByName },
      open: { raw: rawOpen, engine: open },
    }
  } finally {
    tmp.done()
  }
}

export function scalingTable(points: readonly ScalingPoint[]): string {
  const head = '| profiles | list raw | list warm | list, new process | create raw | create | resolve by name | open raw | open |'
  const rule = '|---:|---:|---:|---:|---:|---:|---:|---:|---:|'
  const ms = (x: number) => `${x < 1 ? x.toFixed(3) : x.toFixed(1)} ms`
  const rows = points.map((p) =>
    [p.profiles.toLocaleString('en'), ms(p.list.raw), ms(p.list.warm), ms(p.list.newProcess), ms(p.create.raw), ms(p.create.engine), ms(p.resolveByName.engine), ms(p.open.raw), ms(p.open.engine)].join(' | '),
  )
  return [head, rule, ...rows.map((r) => `| ${r} |`)].join('\n')
}

/** A log-log chart of each operation's engine time against the number of profiles. */
export function scalingSvg(points: readonly ScalingPoint[]): string {
  const W = 640
  const H = 360
  const pad = { l: 60, r: 150, t: 20, b: 40 }
  const series: [string, string, (p: ScalingPoint) => number][] = [
    ['list (raw readdir+stat)', '#999', (p) => p.list.raw],
    ['list', '#1f77b4', (p) => p.list.warm],
    ['create', '#2ca02c', (p) => p.create.engine],
    ['resolve by name', '#d62728', (p) => p.resolveByName.engine],
    ['open', '#9467bd', (p) => p.open.engine],
  ]
  const xs = points.map((p) => Math.log10(p.profiles))
  const ys = points.flatMap((p) => series.map(([, , f]) => Math.log10(Math.max(f(p), 0.001))))
  const [x0, x1] = [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1)]
  const [y0, y1] = [Math.floor(Math.min(...ys)), Math.ceil(Math.max(...ys, Math.min(...ys) + 1))]
  const X = (v: number) => pad.l + ((v - x0) / (x1 - x0)) * (W - pad.l - pad.r)
  const Y = (v: number) => H - pad.b - ((v - y0) / (y1 - y0)) * (H - pad.t - pad.b)
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`, `<rect width="${W}" height="${H}" fill="white"/>`]
  for (let e = y0; e <= y1; e++) {
    out.push(`<line x1="${pad.l}" x2="${W - pad.r}" y1="${Y(e)}" y2="${Y(e)}" stroke="#eee"/>`, `<text x="${pad.l - 6}" y="${Y(e) + 4}" text-anchor="end">${10 ** e} ms</text>`)
  }
  for (const p of points) out.push(`<text x="${X(Math.log10(p.profiles))}" y="${H - pad.b + 16}" text-anchor="middle">${p.profiles.toLocaleString('en')}</text>`)
  out.push(`<text x="${(pad.l + W - pad.r) / 2}" y="${H - 6}" text-anchor="middle">profiles in the data folder</text>`)
  series.forEach(([label, color, f], i) => {
    const pts = points.map((p) => `${X(Math.log10(p.profiles)).toFixed(1)},${Y(Math.log10(Math.max(f(p), 0.001))).toFixed(1)}`).join(' ')
    out.push(`<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="2"${i === 0 ? ' stroke-dasharray="4 3"' : ''}/>`)
    out.push(`<text x="${W - pad.r + 8}" y="${pad.t + 16 * (i + 1)}" fill="${color}">${label}</text>`)
  })
  out.push('</svg>')
  return out.join('\n')
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const { values } = parseArgs({ options: { counts: { type: 'string', default: '10,100,1000,10000' }, svg: { type: 'string' } } })
  const points: ScalingPoint[] = []
  for (const c of values.counts!.split(',').map(Number)) {
    console.log(`scaling: ${c} profiles`)
    points.push(await scalingPoint(c, console.log))
  }
  console.log(scalingTable(points))
  console.log(JSON.stringify(points))
  if (values.svg) fs.writeFileSync(values.svg, scalingSvg(points))
}
