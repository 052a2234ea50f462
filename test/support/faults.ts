// Shared machinery of the fault-injection tests (*.faults.test.ts and the fast fault tests):
// fast-starting child processes, the checks every trial ends with, and the per-operation tally.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import { createRequire } from 'node:module'
import path from 'node:path'
import readline from 'node:readline'
import { pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'
import { runCli } from '../../main/cli/main'
import { Engine } from '../../main/engine/engine'
import { APPLICATION_ID } from '../../main/engine/header'
import { REPO_ROOT, SUPPORT_DIR, UUID_FILE_RE, UUID_RE } from './helpers'
import { mulberry32 } from './rng'

/**
 * Bundles a script (given as its source) with esbuild into `outDir`: a child under tsx needs
 * about a second to start, a bundle about a tenth of that. `import.meta.url` is pinned to
 * main/engine/resources.ts so the migrations and the template are found as from the sources;
 * better-sqlite3 (native) is loaded from node_modules.
 */
export async function bundleScript(source: string, outDir: string, name: string): Promise<string> {
  const { build } = await import('esbuild')
  const outfile = path.join(outDir, name)
  const betterSqlite = pathToFileURL(createRequire(import.meta.url).resolve('better-sqlite3')).href
  await build({
    stdin: { contents: source, resolveDir: REPO_ROOT, sourcefile: name, loader: 'ts' },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'main/engine/resources.ts')).href) },
    plugins: [
      {
        name: 'native-from-node-modules',
        setup: (b) => b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: betterSqlite, external: true })),
      },
    ],
  })
  return outfile
}

/** The fault-op child (test/support/fault-op.ts) and the `ownlist` CLI, bundled into `outDir`. */
export async function bundleFaultScripts(outDir: string): Promise<{ faultOp: string; cli: string }> {
  const faultOp = await bundleScript(
    `import ${JSON.stringify(path.join(SUPPORT_DIR, 'fault-op.ts'))}`,
    outDir,
    'fault-op.mjs',
  )
  const cli = await bundleScript(
    `import { runCli } from ${JSON.stringify(path.join(REPO_ROOT, 'main/cli/main.ts'))}
const result = await runCli(process.argv.slice(2))
process.stdout.write(result.stdout)
process.stderr.write(result.stderr)
process.exitCode = result.exitCode`,
    outDir,
    'ownlist.mjs',
  )
  return { faultOp, cli }
}

export interface FaultOpArgs {
  op:
    | 'create'
    | 'open'
    | 'migrate'
    | 'migrate-all'
    | 'backup'
    | 'backup-to'
    | 'restore'
    | 'import'
    | 'delete'
    | 'write'
    | 'close'
  dataDir: string
  migrationsDir?: string
  ref?: string
  file?: string
  name?: string
  target?: string
  force?: boolean
  /** op "write": milliseconds between commits (as the app writes now and then); none: flat out. */
  every?: number
}

export interface OpResult {
  ok: boolean
  value?: unknown
  error?: { code: string; message: string }
  raw?: unknown
  detail?: string
  steps: number
  stepNames: string[]
}

/** A child process with a line reader on stdout; every one made is killed by `killAll`. */
export class LineChild {
  static readonly running = new Set<LineChild>()
  readonly proc: ChildProcessWithoutNullStreams
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  readonly lines: string[] = []
  /** performance.now() when each line was read. */
  readonly lineTimes: number[] = []
  /** Resolves once stdout has closed: every line the child wrote has been read. */
  readonly stdoutDone: Promise<void>
  stderr = ''
  private listeners: (() => void)[] = []
  private closed = false

  constructor(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {}) {
    this.proc = spawn(command, args, {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: opts.env ?? process.env,
      uid: opts.uid,
      gid: opts.gid,
    })
    LineChild.running.add(this)
    this.proc.stderr.setEncoding('utf8').on('data', (d: string) => (this.stderr += d))
    const rl = readline.createInterface({ input: this.proc.stdout })
    rl.on('line', (l) => {
      this.lines.push(l)
      this.lineTimes.push(performance.now())
      for (const f of this.listeners.splice(0)) f()
    })
    this.stdoutDone = new Promise((resolve) =>
      rl.on('close', () => {
        this.closed = true
        for (const f of this.listeners.splice(0)) f()
        resolve()
      }),
    )
    this.exited = new Promise((resolve) =>
      this.proc.once('exit', (code, signal) => {
        LineChild.running.delete(this)
        resolve({ code, signal })
      }),
    )
  }

  /** Waits until `pred(lines)` holds; rejects when stdout closes first or after `timeoutMs`. */
  async waitFor(pred: (lines: string[]) => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!pred(this.lines)) {
      if (this.closed)
        throw new Error(
          `child ended; lines: ${this.lines.slice(-3).join(' | ')}; stderr: ${this.stderr.slice(0, 2000)}`,
        )
      const left = deadline - Date.now()
      if (left <= 0)
        throw new Error(
          `child timed out; lines: ${this.lines.slice(-3).join(' | ')}; stderr: ${this.stderr.slice(0, 2000)}`,
        )
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left)
        this.listeners.push(() => {
          clearTimeout(t)
          resolve()
        })
      })
    }
  }

  async kill9(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL')
    return this.exited
  }

  static async killAll(): Promise<void> {
    for (const c of [...LineChild.running]) await c.kill9()
  }
}

/** The fault-op child: `ready` resolves once it has loaded; `go()` starts the operation. */
export class FaultOpChild extends LineChild {
  readonly ready: Promise<void>
  goAt = 0

  constructor(bundle: string, args: FaultOpArgs, opts: { killAfterStep?: number; shellPrefix?: string } = {}) {
    const env = { ...process.env, OWNLIST_KILL_AFTER_STEP: String(opts.killAfterStep ?? 0) }
    if (opts.shellPrefix) {
      // e.g. `trap "" XFSZ; ulimit -f 64;` before exec-ing node.
      super('bash', ['-c', `${opts.shellPrefix} exec "$0" "$@"`, process.execPath, bundle, JSON.stringify(args)], {
        env,
      })
    } else {
      super(process.execPath, [bundle, JSON.stringify(args)], { env })
    }
    this.ready = this.waitFor((l) => l[0] === 'ready', 60_000)
    this.ready.catch(() => {}) // awaited later; avoid an unhandled rejection in between
  }

  go(): void {
    this.goAt = performance.now()
    this.proc.stdin.write('go\n')
  }

  /** The operation's JSON result line, if it finished before it was killed. */
  result(): OpResult | null {
    const line = this.lines.find((l) => l.startsWith('{'))
    return line ? (JSON.parse(line) as OpResult) : null
  }

  /** The time (performance.now()) the parent read the line `pred` first matches, if any. */
  timeOf(pred: (l: string) => boolean): number | undefined {
    const i = this.lines.findIndex(pred)
    return i < 0 ? undefined : this.lineTimes[i]
  }

  /**
   * Where a kill landed, from the output read to the end: before the operation started, after
   * it returned, or mid-operation in `phase` (the SQLite calls open at the kill, innermost last,
   * or the last event before it).
   */
  landing(): Landing {
    if (!this.lines.includes('started')) return { landed: false, why: 'before start' }
    if (this.result()) return { landed: false, why: 'finished before kill' }
    const open: string[] = []
    let last = 'start'
    for (const l of this.lines) {
      if (!l.startsWith('@ ')) continue
      const e = l.slice(2)
      if (e.endsWith('+')) open.push(e.slice(0, -1))
      else if (e.endsWith('-')) {
        const i = open.lastIndexOf(e.slice(0, -1))
        if (i >= 0) open.splice(i, 1)
        last = e.slice(0, -1)
      } else last = e
    }
    return { landed: true, phase: open.length ? `in ${open.join(' > ')}` : `after ${last}` }
  }

  /** Waits for the operation to finish and returns its result. */
  async finish(timeoutMs = 60_000): Promise<OpResult> {
    await this.waitFor((l) => l.some((x) => x.startsWith('{')), timeoutMs)
    await this.exited
    return this.result()!
  }
}

export type Landing = { landed: true; phase: string } | { landed: false; why: 'before start' | 'finished before kill' }

/** A small seeded PRNG (mulberry32), so a failing trial can be replayed from its seed. */
export const seeded = mulberry32

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Counts runs of one operation and what each ended as (the disk-full sweeps); prints one summary line. */
export class Tally {
  trials = 0
  survived = 0
  lost = 0
  readonly outcomes: Record<string, number> = {}
  readonly failures: string[] = []
  constructor(readonly op: string) {}

  /** Records one run: `problems` empty means it survived; `dataLost` marks lost or mixed data. */
  record(outcome: string, problems: string[], dataLost: boolean, label: string): void {
    this.trials++
    this.outcomes[outcome] = (this.outcomes[outcome] ?? 0) + 1
    if (problems.length === 0) this.survived++
    else this.failures.push(`${label}: ${problems.slice(0, 5).join('; ')}`)
    if (dataLost) this.lost++
  }

  line(): string {
    const detail = Object.entries(this.outcomes)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')
    return `faults: ${this.op} ${this.trials} trials, ${this.survived} survived, ${this.lost} data lost (${detail})`
  }
}

/**
 * One operation's kill -9 trials and what each ended as. Only kills that landed mid-operation
 * are counted as survived (or not); a random kill that came before the operation started or
 * after it returned is counted apart, though its folder is checked all the same.
 */
export class KillTally {
  /** Random-delay trials run. */
  trials = 0
  /** Random kills that landed mid-operation. */
  landed = 0
  finishedBeforeKill = 0
  beforeStart = 0
  /** Kills right after the k-th file-system step (always mid-operation). */
  stepKills = 0
  /** Kills aimed inside one traced SQLite call (e.g. the migration transaction), and how many landed there. */
  aimedAt: string | null = null
  aimedTrials = 0
  aimedLanded = 0
  aimedInPhase = 0
  /** Landed random, step and landed aimed kills after which everything checked out. */
  survived = 0
  /** Of those, kills after which committed data was missing or mixed. */
  lost = 0
  /** Median span of the operation per variant (ms, from "started" to its result, as read by the parent). */
  spanMs: number[] = []
  /** What the data was left as, for the landed random, step and landed aimed kills. */
  readonly outcomes: Record<string, number> = {}
  /** Where the landed random kills hit (see FaultOpChild.landing). */
  readonly phases: Record<string, number> = {}
  readonly failures: string[] = []
  constructor(
    readonly op: string,
    readonly seed: number,
  ) {}

  /** Records one trial: `problems` empty means the folder checked out; `dataLost` marks lost or mixed data. */
  record(
    landing: Landing | 'step',
    outcome: string,
    problems: string[],
    dataLost: boolean,
    label: string,
    aimed = false,
  ): void {
    if (problems.length) this.failures.push(`${label}: ${problems.slice(0, 5).join('; ')}`)
    if (landing === 'step') this.stepKills++
    else if (aimed) {
      this.aimedTrials++
      if (!landing.landed) return
      this.aimedLanded++
      if (landing.phase.startsWith(`in ${this.aimedAt}`)) this.aimedInPhase++
    } else {
      this.trials++
      if (!landing.landed) {
        if (landing.why === 'before start') this.beforeStart++
        else this.finishedBeforeKill++
        return
      }
      this.landed++
      this.phases[landing.phase] = (this.phases[landing.phase] ?? 0) + 1
    }
    this.outcomes[outcome] = (this.outcomes[outcome] ?? 0) + 1
    if (problems.length === 0) this.survived++
    if (dataLost) this.lost++
  }

  line(): string {
    const detail = Object.entries(this.outcomes)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')
    return (
      `faults: ${this.op}: ${this.landed} random kills landed mid-operation (of ${this.trials} trials: ` +
      `${this.finishedBeforeKill} finished before the kill, ${this.beforeStart} before it started) + ${this.stepKills} step kills; ` +
      (this.aimedAt
        ? `+ ${this.aimedLanded} aimed kills landed (${this.aimedInPhase} in ${this.aimedAt}, of ${this.aimedTrials}); `
        : '') +
      `${this.survived} of ${this.landed + this.stepKills + this.aimedLanded} survived, ${this.lost} data lost (${detail})`
    )
  }

  summary() {
    const { op, seed, trials, landed, finishedBeforeKill, beforeStart, stepKills, survived, lost } = this
    return {
      op,
      seed,
      spanMs: this.spanMs.map((d) => Math.round(d * 10) / 10),
      randomTrials: trials,
      landed,
      finishedBeforeKill,
      beforeStart,
      stepKills,
      ...(this.aimedAt
        ? {
            aimed: {
              at: this.aimedAt,
              trials: this.aimedTrials,
              landed: this.aimedLanded,
              landedInside: this.aimedInPhase,
            },
          }
        : {}),
      survived,
      dataLost: lost,
      outcomes: this.outcomes,
      phases: Object.fromEntries(Object.entries(this.phases).sort((a, b) => b[1] - a[1])),
    }
  }
}

const LOAD_AT_START = os.loadavg()

/**
 * With OWNLIST_SAVE_RESULTS=1, writes the tallies of one test file to
 * docs/reliability/kill9-<suite>.json (tracked: the README's Reliability figures come from it).
 */
export function saveResults(suite: string, tallies: KillTally[]): void {
  if (process.env.OWNLIST_SAVE_RESULTS !== '1' || tallies.length === 0) return
  const dir = path.join(REPO_ROOT, 'docs', 'reliability')
  fs.mkdirSync(dir, { recursive: true })
  const sqlite = new Database(':memory:')
  const sqliteVersion = sqlite.prepare('SELECT sqlite_version()').pluck().get() as string
  sqlite.close()
  const body = {
    suite,
    date: new Date().toISOString(),
    // The load as the test file began and ended: the README states it with the figures.
    machine: {
      platform: process.platform,
      cpus: os.cpus().length,
      node: process.version,
      sqlite: sqliteVersion,
      loadAverage: LOAD_AT_START,
      loadAverageAtEnd: os.loadavg(),
    },
    minLanded: MIN_LANDED,
    operations: tallies.map((t) => t.summary()),
  }
  fs.writeFileSync(path.join(dir, `kill9-${suite}.json`), `${JSON.stringify(body, null, 2)}\n`)
}

/** A file's to-dos as comparable rows, read through a plain connection (which replays a -wal). */
export function readTodos(file: string, columns = 'id, list_id, title, notes, done, due_on, position'): unknown[] {
  const db = new Database(file, { fileMustExist: true, timeout: 5000 })
  try {
    db.pragma('query_only = ON')
    return db.prepare(`SELECT ${columns} FROM todos ORDER BY id`).all()
  } finally {
    db.close()
  }
}

/** integrity_check, application_id and the full-text index of a database file, as problems. */
export function fileProblems(file: string, opts: { readonly?: boolean } = {}): string[] {
  const problems: string[] = []
  let db: Database.Database | undefined
  try {
    db = new Database(file, { fileMustExist: true, readonly: opts.readonly ?? false, timeout: 5000 })
    const integrity = db.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') problems.push(`${path.basename(file)}: integrity ${String(integrity)}`)
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID)
      problems.push(`${path.basename(file)}: not an Ownlist file`)
    if (!opts.readonly) db.prepare("INSERT INTO todos_fts(todos_fts, rank) VALUES ('integrity-check', 1)").run()
  } catch (e) {
    problems.push(`${path.basename(file)}: ${(e as Error).message}`)
  } finally {
    db?.close()
  }
  return problems
}

const BACKUP_NAME = /^(auto|manual|pre-restore|pre-migration-v\d+)-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d(\.\d+)?Z\.sqlite$/

export interface FolderCheck {
  problems: string[]
  /** Listed profiles by id, each with its file. */
  profiles: Map<string, { name: string; file: string; schemaVersion: number }>
  /** Every backup `backups list` gave, by profile id. */
  backups: Map<string, string[]>
}

/**
 * What must hold in a data folder after any fault: `profiles list` (the CLI, which also clears
 * temporaries of dead processes) lists only complete profiles under their final names and
 * nothing as ignored; `backups list` lists only complete, verified backups; nothing temporary
 * is left in the profiles folder. Reads only: `openAll` then opens each profile for writing.
 */
export async function checkListings(dataDir: string, expectIgnored: string[] = []): Promise<FolderCheck> {
  const problems: string[] = []
  const profiles: FolderCheck['profiles'] = new Map()
  const backups: FolderCheck['backups'] = new Map()
  const listed = await runCli(['--data-dir', dataDir, '--json', 'profiles', 'list'], {})
  if (listed.exitCode !== 0)
    return { problems: [`profiles list failed: ${listed.stdout}${listed.stderr}`], profiles, backups }
  const body = JSON.parse(listed.stdout) as {
    profiles: { id: string; name: string; schemaVersion: number }[]
    ignored: { file: string; reason: string }[]
  }
  const ignored = body.ignored.map((i) => i.file).sort()
  if (JSON.stringify(ignored) !== JSON.stringify([...expectIgnored].sort()))
    problems.push(`ignored: ${JSON.stringify(body.ignored)}`)
  const profilesDir = path.join(dataDir, 'profiles')
  for (const p of body.profiles) {
    if (!UUID_RE.test(p.id)) problems.push(`listed a profile with id ${p.id}`)
    profiles.set(p.id, { name: p.name, file: path.join(profilesDir, `${p.id}.sqlite`), schemaVersion: p.schemaVersion })
  }
  const left = fs.existsSync(profilesDir) ? fs.readdirSync(profilesDir) : []
  for (const f of left) {
    const base = f.replace(/-(wal|shm)$/, '')
    if (expectIgnored.includes(f)) continue
    if (!UUID_FILE_RE.test(base) || !profiles.has(base.slice(0, -'.sqlite'.length)))
      problems.push(`left in profiles/: ${f}`)
  }
  for (const id of profiles.keys()) {
    const r = await runCli(['--data-dir', dataDir, '--json', 'backups', 'list', id], {})
    if (r.exitCode !== 0) {
      problems.push(`backups list ${id} failed: ${r.stdout}`)
      continue
    }
    const files = (JSON.parse(r.stdout) as { backups: { file: string }[] }).backups.map((b) => b.file)
    backups.set(id, files)
    for (const f of files) {
      if (!BACKUP_NAME.test(path.basename(f))) problems.push(`listed as a backup: ${path.basename(f)}`)
      for (const side of ['-wal', '-journal'])
        if (fs.existsSync(`${f}${side}`)) problems.push(`a backup with a ${side}: ${path.basename(f)}`)
      problems.push(...fileProblems(f, { readonly: true }))
    }
  }
  return { problems, profiles, backups }
}

/** Opens every listed profile as the app does (Engine.openProfile) and checks it; closes it again. */
export async function openAll(dataDir: string, ids: Iterable<string>, migrationsDir?: string): Promise<string[]> {
  const problems: string[] = []
  const engine = new Engine({ dataDir, migrationsDir })
  try {
    for (const id of ids) {
      try {
        const s = await engine.openProfile(id)
        try {
          const integrity = s.db.pragma('integrity_check', { simple: true })
          if (integrity !== 'ok') problems.push(`${id}: integrity ${String(integrity)}`)
          s.db.prepare("INSERT INTO todos_fts(todos_fts, rank) VALUES ('integrity-check', 1)").run()
          const fk = s.db.pragma('foreign_key_check') as unknown[]
          if (fk.length) problems.push(`${id}: ${fk.length} broken foreign keys`)
        } finally {
          s.close()
        }
      } catch (e) {
        problems.push(`${id}: does not open: ${(e as Error).message}`)
      }
    }
  } finally {
    engine.close()
  }
  return problems
}

export interface TrialSetup {
  dataDir: string
  args: FaultOpArgs
}

export interface TrialVerdict {
  /** What the data was left as, e.g. "old" or "new" (counted in the summary line). */
  outcome: string
  problems: string[]
  /** Committed data missing, or a mix of old and new. */
  lost: boolean
}

export interface FaultSpec<S extends TrialSetup> {
  op: string
  /** Trials alternate between the variants (e.g. with and without a -wal left by a crash). */
  variants: number
  setup: (variant: number) => S
  /** Judges the folder after the child was killed (or finished); `child` has its output. */
  check: (s: S, child: FaultOpChild, variant: number) => Promise<TrialVerdict>
  /** For an endless operation (the writer): the window after `go` in which kills land. */
  window?: (variant: number) => number
}

/** Landed random kills each operation needs (OWNLIST_FAULT_TRIALS overrides, e.g. for a quick look). */
export const MIN_LANDED = Number(process.env.OWNLIST_FAULT_TRIALS ?? 50)

interface PlannedTrial {
  variant: number
  delayMs?: number
  killAfterStep?: number
  aimed?: boolean
  label: string
}

/** Sleeps `ms` and then some (a timer is late, never early); spins the last 2 ms for a finer aim. */
async function sleepPrecisely(ms: number): Promise<void> {
  const until = performance.now() + ms
  if (ms > 2) await sleep(ms - 2)
  while (performance.now() < until) {
    // spin
  }
}

/**
 * Runs one operation's kill -9 trials. First each variant runs to the end three times: its span
 * (from "started" to its result, as the parent reads them) and its file-system steps. Then random
 * trials, each killed after a seeded delay spread evenly across the variant's span (and 10 %
 * past it) counted from "started", until MIN_LANDED kills landed mid-operation; a kill that came
 * after the operation returned is not counted as one. Fails after `maxTrials` random trials
 * without enough landed. Then one trial per file-system step, the child killing itself right
 * after that step, and `aim.trials` kills aimed inside the calibrated window of one traced
 * SQLite call (counted apart). Random children are started ahead, so their start-up overlaps the checks.
 */
export async function runFaultTrials<S extends TrialSetup>(
  spec: FaultSpec<S>,
  opts: {
    bundle: string
    seed: number
    stepTrials?: boolean
    cleanup?: (s: S) => void
    maxTrials?: number
    /** Extra kills aimed inside the first traced call `phase` (e.g. "transaction.immediate"), at its calibrated window. */
    aim?: { phase: string; trials: number }
  },
): Promise<KillTally> {
  const tally = new KillTally(spec.op, opts.seed)
  const spans: number[] = []
  const stepCounts: number[] = []
  /** Per variant, where the aimed-at call ran in the median calibration run (ms after "started"). */
  const aimWindows: ([number, number] | null)[] = []
  for (let v = 0; v < spec.variants; v++) {
    if (spec.window) {
      spans.push(spec.window(v))
      stepCounts.push(0)
      continue
    }
    const runs: { span: number; window: [number, number] | null }[] = []
    let steps = 0
    for (let i = 0; i < 3; i++) {
      const s = spec.setup(v)
      const child = new FaultOpChild(opts.bundle, s.args)
      await child.ready
      child.go()
      const r = await child.finish()
      const t0 = child.timeOf((l) => l === 'started')!
      const from = opts.aim ? child.timeOf((l) => l === `@ ${opts.aim!.phase}+`) : undefined
      const to = opts.aim ? child.timeOf((l) => l === `@ ${opts.aim!.phase}-`) : undefined
      runs.push({
        span: child.timeOf((l) => l.startsWith('{'))! - t0,
        window: from !== undefined && to !== undefined ? [from - t0, to - t0] : null,
      })
      if (!r.ok) throw new Error(`${spec.op} (variant ${v}) failed without a fault: ${JSON.stringify(r)}`)
      steps = r.steps
      const verdict = await spec.check(s, child, v)
      if (verdict.problems.length)
        throw new Error(`${spec.op} (variant ${v}) without a fault: ${verdict.problems.join('; ')}`)
      opts.cleanup?.(s)
    }
    const median = [...runs].sort((a, b) => a.span - b.span)[1]!
    spans.push(median.span)
    aimWindows.push(median.window)
    stepCounts.push(steps)
  }
  tally.spanMs = spans
  const rnd = seeded(opts.seed)
  const maxTrials = opts.maxTrials ?? 4 * MIN_LANDED
  let planned = 0
  const nextRandom = (): PlannedTrial | null => {
    if (planned >= maxTrials) return null
    const i = planned++
    const variant = i % spec.variants
    const delayMs = rnd() * 1.1 * spans[variant]!
    return {
      variant,
      delayMs,
      label: `trial ${i} (variant ${variant}, seed ${opts.seed}, kill ${delayMs.toFixed(2)} ms after start)`,
    }
  }
  const stepPlan: PlannedTrial[] = []
  if (opts.stepTrials !== false) {
    for (let v = 0; v < spec.variants; v++) {
      for (let k = 1; k <= stepCounts[v]!; k++)
        stepPlan.push({
          variant: v,
          killAfterStep: k,
          label: `variant ${v}, killed after file-system step ${k}/${stepCounts[v]}`,
        })
    }
  }
  if (opts.aim) {
    tally.aimedAt = opts.aim.phase
    for (let i = 0; i < opts.aim.trials; i++) {
      const variant = i % spec.variants
      const w = aimWindows[variant]
      if (!w) throw new Error(`${spec.op} (variant ${variant}): no ${opts.aim.phase} traced to aim at`)
      const delayMs = w[0] + rnd() * (w[1] - w[0])
      stepPlan.push({
        variant,
        delayMs,
        aimed: true,
        label: `aimed ${i} at ${opts.aim.phase} (variant ${variant}, kill ${delayMs.toFixed(2)} ms after start)`,
      })
    }
  }
  const start = (t: PlannedTrial) => {
    const s = spec.setup(t.variant)
    return { t, s, child: new FaultOpChild(opts.bundle, s.args, { killAfterStep: t.killAfterStep }) }
  }
  const runTrial = async ({ t, s, child }: ReturnType<typeof start>) => {
    await child.ready
    child.go()
    if (t.delayMs !== undefined) {
      await child.waitFor((l) => l.includes('started'))
      await sleepPrecisely(t.delayMs)
      await child.kill9()
    } else {
      const exit = await Promise.race([child.exited, sleep(60_000).then(() => null)])
      if (!exit) await child.kill9()
    }
    await child.stdoutDone
    const landing = t.delayMs !== undefined ? child.landing() : 'step'
    let verdict: TrialVerdict
    try {
      verdict = await spec.check(s, child, t.variant)
    } catch (e) {
      verdict = { outcome: 'error', problems: [`check threw: ${(e as Error).stack ?? String(e)}`], lost: false }
    }
    if (child.stderr.trim()) verdict.problems.push(`child stderr: ${child.stderr.slice(0, 500)}`)
    const where = landing === 'step' ? '' : landing.landed ? `, landed ${landing.phase}` : `, ${landing.why}`
    tally.record(landing, verdict.outcome, verdict.problems, verdict.lost, `${spec.op} ${t.label}${where}`, t.aimed)
    opts.cleanup?.(s)
  }
  // Random trials until enough landed: two children ahead, the extra ones killed unused.
  const queue: ReturnType<typeof start>[] = []
  const fill = () => {
    while (queue.length < 3) {
      const t = nextRandom()
      if (!t) return
      queue.push(start(t))
    }
  }
  fill()
  while (queue.length && tally.landed < MIN_LANDED) {
    await runTrial(queue.shift()!)
    if (tally.landed < MIN_LANDED) fill()
  }
  for (const unused of queue.splice(0)) {
    await unused.child.kill9()
    opts.cleanup?.(unused.s)
  }
  for (const t of stepPlan) await runTrial(start(t))
  const phases = Object.entries(tally.phases)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')
  const aimed = opts.aim
    ? ` ${opts.aim.phase} at ${aimWindows.map((w) => (w ? `${w[0].toFixed(1)}–${w[1].toFixed(1)}` : '?')).join('/')} ms;`
    : ''
  console.log(
    `${tally.line()} [${spec.variants} variant(s); span ~${spans.map((d) => d.toFixed(1)).join('/')} ms;${aimed} ${stepCounts.join('/')} file-system steps; landed: ${phases}]`,
  )
  return tally
}

/**
 * Mounts a tmpfs of `bytes` at `dir` (root only, where mounting is permitted); false when it cannot.
 * OWNLIST_FAULTS_NO_MOUNT=1 pretends it cannot, to run the fallbacks.
 */
export function tryMountTmpfs(dir: string, bytes: number): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || process.env.OWNLIST_FAULTS_NO_MOUNT === '1')
    return false
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'pipe' })
    return true
  } catch {
    return false
  }
}

/** Remounts a tmpfs made by `tryMountTmpfs` read-only (or writable again). */
export function remount(dir: string, mode: 'ro' | 'rw'): void {
  execFileSync('mount', ['-o', `remount,${mode}`, dir], { stdio: 'pipe' })
}

export function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' })
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' })
  }
}
