import { afterAll, describe, expect, it } from 'vitest'
import { TempDirs } from '../engine/test-support/helpers'
import { fuzzApi, fuzzSummary } from './fuzz-session'

// The quick version of the API fuzz run (the long one, 10,000 inputs per call, is in
// api-fuzz.faults.test.ts). dispatch.test.ts covers invalid inputs only; this mixes in
// valid-shaped inputs with random values, which reach the engine, and random file dialogs.
const temps = new TempDirs()
afterAll(() => temps.cleanup())

describe('API fuzzing through dispatch over a real AppService', () => {
  it('500 generated inputs per call: only coded errors, no INTERNAL, no leaked paths or stacks, an intact folder', async () => {
    const report = await fuzzApi({ perCall: 500, seed: 20261126, root: temps.make() })
    console.log(fuzzSummary(report))
    expect(report.escaped).toEqual([])
    expect(report.badResults).toEqual([])
    expect(report.logged).toEqual([])
    expect(report.folderProblems).toEqual([])
    expect(report.inputs).toBe(500 * report.calls)
    expect(report.reachedEngine).toBeGreaterThan(1000)
  }, 120_000)
})
