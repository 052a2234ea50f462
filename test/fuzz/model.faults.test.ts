import fs from 'node:fs'
import os from 'node:os'
import { afterAll, describe, expect, it } from 'vitest'
import { CALL_NAMES } from '../support/api-shape'
import { bundleChild, fuzzRoot, runGuarded } from './guard'
import { summary, type RunReport } from './run'
import { machine, saveReliability, type FuzzResults } from '../../scripts/reliability-results'

// `npm run test:faults`: the long run of the model-based API test, at least 100,000 steps
// (OWNLIST_FUZZ_STEPS to change it) in two child processes with their own seeds, each with a
// hang guard; every call must get at least 1,000 inputs that reach the engine.
// OWNLIST_SAVE_RESULTS=1 saves a passing run's figures to docs/reliability/fuzz-model.json.
const STEPS = Number(process.env.OWNLIST_FUZZ_STEPS ?? 100_000)
const CHILDREN = 2
const root = fuzzRoot()
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

describe('model-based API test (long run)', () => {
  it(`${STEPS} steps: engine and model agree after every step; every call reaches the engine 1,000 times`, async () => {
    const script = await bundleChild(root)
    const load = os.loadavg()
    const seeds = Array.from({ length: CHILDREN }, (_, i) => 7 + i * 1_000_003)
    const started = performance.now()
    const runs = await Promise.all(
      seeds.map((seed) =>
        runGuarded(
          script,
          { steps: Math.ceil(STEPS / CHILDREN), seed, root },
          { stallMs: 60_000, deadlineMs: 1_400_000 },
        ),
      ),
    )
    const seconds = (performance.now() - started) / 1000
    for (const run of runs) expect(run.problem).toBeNull()
    const reports = runs.map((r) => r.report!) as RunReport[]
    for (const r of reports) console.log(summary(r))
    for (const r of reports) expect(r.failure).toBeNull()
    const steps = reports.reduce((n, r) => n + r.steps, 0)
    console.log(
      `model-based long run: ${steps} steps in ${seconds.toFixed(0)} s, ${(steps / seconds).toFixed(0)} steps/s over ${CHILDREN} processes`,
    )
    expect(steps).toBeGreaterThanOrEqual(STEPS)
    const perCall: FuzzResults['perCall'] = {}
    for (const name of CALL_NAMES) {
      const reached = reports.reduce((n, r) => n + (r.perCall[name]?.reached ?? 0), 0)
      expect(reached, name).toBeGreaterThanOrEqual(Math.min(1000, STEPS / 100))
      perCall[name] = { reached, ok: reports.reduce((n, r) => n + (r.perCall[name]?.ok ?? 0), 0) }
    }
    // Saved only once every check above passed: a saved run is a passing run.
    const saved: FuzzResults = {
      suite: 'fuzz-model',
      date: new Date().toISOString(),
      machine: machine(load),
      requestedSteps: STEPS,
      steps,
      sequences: reports.reduce((n, r) => n + r.sequences, 0),
      processes: CHILDREN,
      seeds,
      seconds: Math.round(seconds),
      stepsPerSecond: Math.round(steps / seconds),
      failures: 0,
      perCall,
    }
    saveReliability('fuzz-model', saved)
    // About 2 ms of CPU a step: 2 to 3 minutes on two idle cores, longer on a shared machine.
  }, 1_500_000)
})
