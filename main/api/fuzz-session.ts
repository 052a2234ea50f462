// Test-only: the API fuzz run (api-fuzz.test.ts in `npm test`, api-fuzz.faults.test.ts with
// 10,000 inputs per call). Every call gets generated inputs, valid-shaped ones with random values
// (which reach the engine) and invalid ones, in a seeded random order across calls, through
// createDispatch over a real AppService on a temporary data folder, with file dialogs that
// answer with good files, bad files, FIFOs, missing paths and the data folder's own files.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'
import { listBackupFiles } from '../engine/backup/backups'
import { Engine } from '../engine/engine'
import { ERROR_CODES } from '../engine/errors'
import { checkListings, fileProblems, openAll } from '../engine/test-support/faults'
import { badProfileFiles } from '../engine/test-support/helpers'
import type { CallName } from './contract'
import { createDispatch } from './dispatch'
import { badInput, rng, validInput, type FuzzContext } from './fuzz'
import { CALL_NAMES, INPUT_SCHEMAS } from './schemas'
import { AppService, type Dialogs } from './service'
import { SettingsStore } from './settings'

/**
 * The share of each call's inputs that are valid-shaped (the rest are invalid). Calls that do
 * real work on disk (backups, restores, switching profiles, the report) get fewer, so a run of
 * 10,000 per call stays within minutes; every call still reaches the engine many times.
 */
const VALID_SHARE: Record<CallName, number> = {
  'app.start': 0.05,
  'app.state': 0.05,
  'app.quit': 0.01,
  'profiles.list': 0.03,
  'profiles.create': 0.04,
  'profiles.rename': 0.04,
  'profiles.delete': 0.03,
  'profiles.open': 0.03,
  'lists.list': 0.3,
  'lists.create': 0.1,
  'lists.rename': 0.3,
  'lists.delete': 0.1,
  'lists.move': 0.3,
  'todos.list': 0.4,
  'todos.add': 0.5,
  'todos.update': 0.4,
  'todos.setDone': 0.4,
  'todos.delete': 0.2,
  'todos.move': 0.3,
  'backups.list': 0.02,
  'backups.backupNow': 0.01,
  'backups.exportToFile': 0.01,
  'backups.restore': 0.01,
  'backups.restoreFromFile': 0.01,
  'backups.importFile': 0.01,
  'backups.check': 0.01,
  'backups.repair': 0.004,
  'backups.health': 0.05,
  'backups.showInFolder': 0.05,
  'report.overview': 0.01,
}

export interface FuzzReport {
  inputs: number
  perCall: number
  calls: number
  /** Inputs that passed validation and reached the service and the engine. */
  reachedEngine: number
  ok: number
  codes: Record<string, number>
  /** Anything thrown out of dispatch (must be none). */
  escaped: string[]
  /** Results that are not {ok:true} / {ok:false,error:{code,message}} with a known code, or INTERNAL (must be none). */
  badResults: string[]
  /** Errors logged as unexpected by dispatch or the service (must be none). */
  logged: string[]
  /** Problems found in the data folder afterwards (must be none). */
  folderProblems: string[]
  slowest: { call: string; ms: number }
  ms: number
}

function shuffle<T>(r: () => number, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1))
    ;[xs[i], xs[j]] = [xs[j]!, xs[i]!]
  }
  return xs
}

function sqliteFilesUnder(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name)
      if (e.isDirectory()) walk(full)
      else if (e.isFile() && e.name.endsWith('.sqlite') && !e.name.startsWith('.')) out.push(full)
    }
  }
  walk(dir)
  return out
}

/** Runs `perCall` inputs for every call against a fresh data folder in `root`; never throws for a finding. */
export async function fuzzApi(opts: { perCall: number; seed: number; root: string }): Promise<FuzzReport> {
  const started = performance.now()
  const r = rng(opts.seed)
  const dataDir = path.join(opts.root, 'data')
  const outside = path.join(opts.root, 'outside')
  const badDir = path.join(outside, 'bad')
  fs.mkdirSync(badDir, { recursive: true })
  const logged: string[] = []
  const log = (e: unknown) => logged.push(e instanceof Error ? (e.stack ?? e.message) : String(e))

  // Files the dialogs hand out: a good profile file, every bad kind, a FIFO, a device.
  const seedEngine = new Engine({ dataDir: path.join(opts.root, 'seed') })
  const good = seedEngine.createProfile('Brought along')
  await seedEngine.writeProfile(good.id, (db) => {
    for (let i = 0; i < 40; i++) db.prepare("INSERT INTO todos(list_id, title, position, created_at, updated_at) VALUES (1, ?, ?, '2026-01-01', '2026-01-01')").run(`Brought ${i}`, i)
  })
  seedEngine.close()
  const goodFile = path.join(outside, 'good.sqlite')
  fs.copyFileSync(good.file, goodFile)
  const openable: string[] = [goodFile, path.join(outside, 'missing.sqlite'), outside, '/dev/zero']
  for (const c of badProfileFiles(goodFile)) {
    const dir = fs.mkdtempSync(path.join(badDir, 'case-'))
    openable.push(c.make(dir))
  }
  const fifo = path.join(outside, 'pipe.sqlite')
  execFileSync('mkfifo', [fifo])
  openable.push(fifo)

  const engine = new Engine({ dataDir })
  const ctx: FuzzContext = { profileIds: [], backupNames: [], maxId: 20 }
  let profileFiles: string[] = []
  let backupFiles: string[] = []
  const refresh = () => {
    const profiles = engine.listProfiles().profiles
    ctx.profileIds = profiles.map((p) => p.id)
    profileFiles = profiles.map((p) => p.file)
    backupFiles = profiles.flatMap((p) => listBackupFiles(engine.layout.backupsDir(p.id)).map((b) => b.file))
    ctx.backupNames = backupFiles.map((f) => path.basename(f))
  }
  const pickFrom = (xs: string[]) => xs[Math.floor(r() * xs.length)]
  let exports = 0
  const dialogs: Dialogs = {
    async saveFile() {
      const roll = r()
      if (roll < 0.15) return null
      if (roll < 0.6) return path.join(outside, `export ${exports++}.sqlite`)
      if (roll < 0.7) return path.join(outside, 'no such folder', 'x.sqlite')
      if (roll < 0.75) return outside
      if (roll < 0.85) return pickFrom(openable.filter((f) => f.startsWith(badDir))) ?? null
      // The data folder's own files: a user can navigate there too.
      return pickFrom([...profileFiles, ...backupFiles]) ?? null
    },
    async openFile() {
      const roll = r()
      if (roll < 0.1) return null
      if (roll < 0.7) return pickFrom(openable) ?? null
      return pickFrom([...profileFiles, ...backupFiles, goodFile]) ?? null
    },
    showInFolder() {},
  }
  const service = new AppService({ engine, settings: new SettingsStore(path.join(dataDir, 'settings.json')), emit: () => {}, dialogs, log })
  const dispatch = createDispatch(service.handlers, log)

  const schedule = shuffle(r, CALL_NAMES.flatMap((name) => Array.from({ length: opts.perCall }, () => name)))
  const report: FuzzReport = {
    inputs: 0,
    perCall: opts.perCall,
    calls: CALL_NAMES.length,
    reachedEngine: 0,
    ok: 0,
    codes: {},
    escaped: [],
    badResults: [],
    logged,
    folderProblems: [],
    slowest: { call: '', ms: 0 },
    ms: 0,
  }
  const leaks = [dataDir, fs.realpathSync(opts.root)]
  refresh()
  await dispatch('app.start', undefined)
  for (let i = 0; i < schedule.length; i++) {
    const name = schedule[i]!
    const schema = INPUT_SCHEMAS[name] as z.ZodType
    const valid = r() < VALID_SHARE[name]
    const input = valid ? validInput(r, name, schema, ctx) : badInput(r, schema, validInput(r, name, schema, ctx))
    report.inputs++
    if (valid) report.reachedEngine++
    const t = performance.now()
    let result: unknown
    try {
      result = await Promise.race([dispatch(name, input), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 30 s (a hang?)')), 30_000))])
    } catch (e) {
      report.escaped.push(`${name} #${i}: ${(e as Error).stack ?? String(e)}`)
      continue
    }
    const ms = performance.now() - t
    if (ms > report.slowest.ms) report.slowest = { call: name, ms }
    const res = result as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } }
    const show = () => `${name} #${i} ${String(JSON.stringify(input))?.slice(0, 160)} -> ${JSON.stringify(result)?.slice(0, 300)}`
    if (res?.ok === true) {
      report.ok++
      if (name === 'todos.add') ctx.maxId = Math.max(ctx.maxId, ((res.value as { id: number }).id ?? 0) + 5)
    } else if (res?.ok === false && res.error && typeof res.error.code === 'string' && typeof res.error.message === 'string') {
      const { code, message } = res.error
      report.codes[code] = (report.codes[code] ?? 0) + 1
      if (!(ERROR_CODES as readonly string[]).includes(code) || code === 'INTERNAL') report.badResults.push(show())
      else if (message.length === 0 || /\n\s+at \S/.test(message) || leaks.some((l) => message.includes(l))) report.badResults.push(`message: ${show()}`)
      else if (valid === false && code !== 'INVALID_ARGUMENT') report.badResults.push(`invalid input not refused: ${show()}`)
    } else {
      report.badResults.push(`shape: ${show()}`)
    }
    if (i % 200 === 0 || (valid && /^(profiles\.(create|delete|open)|app\.|backups\.(importFile|restore|backupNow|repair))/.test(name))) refresh()
    // As the renderer does: with no profile open, it starts the app again (not counted as an input).
    if (res?.error?.code === 'PROFILE_NOT_OPEN' && r() < 0.2) {
      const again = (await dispatch('app.start', undefined)) as { ok: boolean; error?: { code: string } }
      if (!again.ok && (again.error?.code === 'INTERNAL' || !(ERROR_CODES as readonly string[]).includes(again.error?.code ?? ''))) report.badResults.push(`app.start: ${JSON.stringify(again)}`)
      refresh()
    }
  }
  service.close()

  // Afterwards: every listed profile opens and passes its checks; every .sqlite in the folder is intact.
  const L = await checkListings(dataDir)
  report.folderProblems.push(...L.problems)
  report.folderProblems.push(...(await openAll(dataDir, L.profiles.keys())))
  for (const f of sqliteFilesUnder(dataDir)) if (!f.startsWith(path.join(dataDir, 'profiles'))) report.folderProblems.push(...fileProblems(f, { readonly: true }))
  report.ms = performance.now() - started
  return report
}

export function fuzzSummary(rep: FuzzReport): string {
  const codes = Object.entries(rep.codes)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} ${n}`)
    .join(', ')
  return (
    `fuzz: api ${rep.inputs} inputs (${rep.perCall} per call × ${rep.calls} calls), ${rep.reachedEngine} valid-shaped reached the engine, ` +
    `${rep.ok} ok, ${rep.escaped.length} exceptions escaped, ${rep.badResults.length} bad results (INTERNAL/unknown code/leaky message), ` +
    `${rep.logged.length} logged as unexpected, ${rep.folderProblems.length} folder problems; errors: ${codes}; slowest ${rep.slowest.call} ${rep.slowest.ms.toFixed(0)} ms; ${(rep.ms / 1000).toFixed(1)} s`
  )
}
