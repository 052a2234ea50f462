import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bundleScript } from '../support/faults'
import { fuzzRoot, runGuarded } from './guard'

// The hang guard itself: a call that loops synchronously (no timer in its own process could
// fire) fails the run within the stall limit, naming the call, instead of hanging the test.
const root = fuzzRoot()
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

describe('hang guard', () => {
  it('a synchronous endless loop in a call is killed and named', async () => {
    const script = await bundleScript(
      `process.stdout.write('step todos.add({"title":"spin"})\\n'); for (;;) {}`,
      root,
      'spin.mjs',
    )
    const started = Date.now()
    const run = await runGuarded(
      script,
      { steps: 1, seed: 1, root: path.join(root, 'x') },
      { stallMs: 1500, deadlineMs: 20_000 },
    )
    expect(run.report).toBeNull()
    expect(run.problem).toBe('no answer within 1500 ms; the call that hung: todos.add({"title":"spin"})')
    expect(Date.now() - started).toBeLessThan(15_000)
  })

  it('a child that dies without a report is a failure too', async () => {
    const script = await bundleScript(
      `process.stdout.write('step health.repair()\\n'); process.exit(3)`,
      root,
      'die.mjs',
    )
    const run = await runGuarded(script, { steps: 1, seed: 1, root }, { stallMs: 10_000, deadlineMs: 20_000 })
    expect(run.problem).toMatch(/^the child ended \(3\) without a report; last call: health\.repair\(\)/)
  })
})
