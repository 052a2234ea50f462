import { afterAll, describe, expect, it } from 'vitest'
import { TempDirs } from '../engine/test-support/helpers'
import { fuzzApi, fuzzSummary } from './fuzz-session'

// `npm run test:faults`: 10,000 generated inputs for every call of the API (OWNLIST_FUZZ_PER_CALL
// to change it), valid-shaped and invalid, in a seeded random order across calls.
const PER_CALL = Number(process.env.OWNLIST_FUZZ_PER_CALL ?? 10_000)
const temps = new TempDirs()
afterAll(() => temps.cleanup())

describe('API fuzzing through dispatch over a real AppService (long run)', () => {
  it(`${PER_CALL} generated inputs per call: only coded errors, no INTERNAL, no leaked paths or stacks, an intact folder`, async () => {
    const report = await fuzzApi({ perCall: PER_CALL, seed: 7, root: temps.make() })
    console.log(fuzzSummary(report))
    expect(report.escaped).toEqual([])
    expect(report.badResults.slice(0, 20)).toEqual([])
    expect(report.logged.slice(0, 20)).toEqual([])
    expect(report.folderProblems).toEqual([])
    expect(report.inputs).toBe(PER_CALL * report.calls)
  })
})
