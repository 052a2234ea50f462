import fs from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { CALL_NAMES } from '../support/api-shape'
import { bundleChild, fuzzRoot, runGuarded } from './guard'
import { summary } from './run'

// The short run of the model-based API test (the long one, 100,000 steps, is model.faults.test.ts):
// random sequences of every API call through dispatch, checked against the in-memory model after
// every step, in a child process with a deadline.
const STEPS = 1500
const root = fuzzRoot()
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

describe('model-based API test (short run)', () => {
  it(`${STEPS} steps: engine and model agree after every step, every profile passes integrity_check`, async () => {
    const script = await bundleChild(root)
    const run = await runGuarded(
      script,
      { steps: STEPS, seed: 20261126, root },
      { stallMs: 30_000, deadlineMs: 100_000 },
    )
    expect(run.problem).toBeNull()
    const report = run.report!
    console.log(summary(report))
    expect(report.failure).toBeNull()
    expect(report.steps).toBeGreaterThanOrEqual(STEPS)
    // Every call of the contract was made, with inputs that reached the service and the engine.
    for (const name of CALL_NAMES) expect(report.perCall[name]?.reached ?? 0, name).toBeGreaterThanOrEqual(10)
  }, 120_000)
})
