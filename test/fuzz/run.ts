// Runs the model-based test: random sequences of API calls (fc.commands) against a fresh data
// folder each, checking after every step that engine and model agree. Returns a report; a
// failure comes back shrunk, as the steps that ran, with fast-check's seed and path to replay it.
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import type { CallName } from '../../common/contract'
import { CALL_NAMES } from '../support/api-shape'
import { Engine } from '../../main/engine/engine'
import { addTodo } from '../../main/engine/queries/todos'
import { badProfileFiles } from '../support/helpers'
import { Model } from './model'
import { checkAgreement, STEPS, TOUCHES_PROFILES, type StepDef } from './steps'
import { System } from './system'

export interface RunOptions {
  /** Stop starting new sequences once this many steps ran. */
  steps: number
  seed: number
  root: string
  maxCommands?: number
  /** Called before every call (the hang guard's progress line). */
  onStep?: (label: string) => void
}

export interface CallTally {
  /** Inputs that passed the contract's shape and so reached the service and the engine. */
  reached: number
  ok: number
  codes: Record<string, number>
  ms?: number
  checkMs?: number
}

export interface RunReport {
  steps: number
  sequences: number
  ms: number
  perCall: Record<string, CallTally>
  failure: string | null
}

class Step implements fc.AsyncCommand<Model, System> {
  private shown = ''
  constructor(
    private readonly def: StepDef<unknown>,
    private readonly args: unknown,
    private readonly ctx: { report: RunReport; onStep?: (label: string) => void },
  ) {}
  check(): boolean {
    return true
  }
  async run(m: Model, sys: System): Promise<void> {
    const input = this.def.input(m, this.args, sys)
    this.shown = `${this.def.label ?? this.def.call}(${JSON.stringify(input)?.slice(0, 300) ?? ''}${sys.dialogAnswer !== null && /File/.test(this.def.call) ? ` dialog→${path.basename(sys.dialogAnswer)}` : ''})`
    this.ctx.onStep?.(this.shown)
    const expected = this.def.expect(m, input, this.args, sys)
    const t0 = performance.now()
    const result = await sys.call(this.def.call, input)
    const t1 = performance.now()
    const tally = (this.ctx.report.perCall[this.def.call] ??= { reached: 0, ok: 0, codes: {} })
    tally.reached++
    this.ctx.report.steps++
    if (result.ok) tally.ok++
    else tally.codes[result.error.code] = (tally.codes[result.error.code] ?? 0) + 1
    if ('code' in expected) {
      if (result.ok || result.error.code !== expected.code)
        throw new Error(`expected ${expected.code}, got ${JSON.stringify(result).slice(0, 400)}`)
    } else {
      if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`)
      expected.ok(result.value)
    }
    await checkAgreement(m, sys, TOUCHES_PROFILES.test(this.def.call) || this.ctx.report.steps % 10 === 0)
    tally.ms = (tally.ms ?? 0) + (t1 - t0)
    tally.checkMs = (tally.checkMs ?? 0) + (performance.now() - t1)
  }
  toString(): string {
    return this.shown || `${this.def.label ?? this.def.call}(${JSON.stringify(this.args)})`
  }
}

/** Files import and restore must refuse, each with its code (made once per run). */
async function makeBadFiles(dir: string): Promise<{ file: string; code: string }[]> {
  const engine = new Engine({ dataDir: path.join(dir, 'seed') })
  const good = engine.createProfile('Seed')
  // Several pages with to-dos: what badProfileFiles damages must be there to damage.
  await engine.writeProfile(good.id, (db) => {
    for (let i = 0; i < 40; i++) addTodo(db, { listId: 1, title: `Seed ${i}`, notes: 'n'.repeat(200), now: new Date() })
  })
  engine.close()
  const out: { file: string; code: string }[] = []
  // Unreadable files are not: this may run as root, which reads anything.
  for (const c of badProfileFiles(good.file).filter((c) => !c.unreadable)) {
    const d = fs.mkdtempSync(path.join(dir, 'bad-'))
    out.push({ file: c.make(d), code: c.code })
  }
  return out
}

export function stepsArbitrary(ctx: { report: RunReport; onStep?: (label: string) => void }, maxCommands: number) {
  const one = fc.oneof(
    ...STEPS.map((def) => ({
      weight: Math.round(def.weight * 10),
      arbitrary: def.args.map((a) => new Step(def, a, ctx)),
    })),
  )
  return fc.commands([one], { maxCommands, size: 'max' })
}

/** Runs one sequence of steps on a fresh data folder under `root` (also used by the regression tests). */
export async function runSequence(
  root: string,
  badFiles: { file: string; code: string }[],
  cmds: Iterable<fc.AsyncCommand<Model, System>>,
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(root, 'seq-'))
  const sys = new System(path.join(dir, 'data'), path.join(dir, 'outside'))
  sys.badFiles = badFiles
  const model = new Model()
  try {
    await fc.asyncModelRun(() => ({ model, real: sys }), cmds)
    await checkAgreement(model, sys, true)
  } finally {
    sys.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

export async function runModelTest(opts: RunOptions): Promise<RunReport> {
  const started = performance.now()
  const report: RunReport = { steps: 0, sequences: 0, ms: 0, perCall: {}, failure: null }
  for (const name of CALL_NAMES) report.perCall[name] = { reached: 0, ok: 0, codes: {} }
  const badFiles = await makeBadFiles(fs.mkdtempSync(path.join(opts.root, 'files-')))
  const ctx = { report, onStep: opts.onStep }
  // The app as a person starts it: the first launch creates "Personal" and opens it.
  const start = new Step(
    STEPS.find((s) => s.call === 'app.start')!,
    null,
    ctx,
  )
  let chunk = 0
  while (report.steps < opts.steps && !report.failure) {
    const details = await fc.check(
      fc.asyncProperty(stepsArbitrary(ctx, opts.maxCommands ?? 100), async (cmds) => {
        report.sequences++
        await runSequence(opts.root, badFiles, [start, ...cmds])
      }),
      { seed: opts.seed + chunk++, numRuns: 10 },
    )
    if (details.failed)
      report.failure = `${fc.defaultReportMessage(details) ?? 'failed'}\n${String((details.errorInstance as Error)?.message ?? details.errorInstance)}`
  }
  report.ms = performance.now() - started
  return report
}

export function summary(r: RunReport): string {
  const calls = Object.entries(r.perCall)
    .map(([c, t]) => `${c} ${t.reached}/${t.ok}ok`)
    .join(', ')
  return `model-based: ${r.steps} steps in ${r.sequences} sequences, ${(r.ms / 1000).toFixed(1)} s (${((r.steps * 1000) / r.ms).toFixed(0)} steps/s); per call reached/ok: ${calls}`
}

export type { CallName }

/** Replays a sequence of steps (by call, or label such as "undo", with their generated arguments) after app.start; throws where engine and model disagree. */
export async function replaySteps(root: string, steps: [string, unknown][]): Promise<void> {
  const report: RunReport = { steps: 0, sequences: 0, ms: 0, perCall: {}, failure: null }
  const def = (name: string) => STEPS.find((s) => (s.label ?? s.call) === name) ?? fail(name)
  const fail = (name: string): never => {
    throw new Error(`no step ${name}`)
  }
  const cmds = [['app.start', null] as [string, unknown], ...steps].map(
    ([name, args]) => new Step(def(name), args, { report }),
  )
  await runSequence(root, await makeBadFiles(fs.mkdtempSync(path.join(root, 'files-'))), cmds)
}
