import path from 'node:path'
import { fc, it } from '@fast-check/vitest'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import { snapshotTree, TempDirs } from '../support/helpers'
import type { CallName } from '../../common/contract'
import { invalidCases, type Fixture } from './invalid-inputs'
import { System } from './system'

// Inputs the contract rules out, for every call: each gets its exact code, and nothing on disk
// changes (every file byte for byte; SQLite's -shm, shared memory that readers write, aside).
const RUNS = 1500
const dirs = new TempDirs()
let sys: System
let fixture: Fixture

const disk = () => Object.fromEntries(Object.entries(snapshotTree(sys.dataDir)).filter(([f]) => !f.endsWith('-shm')))

beforeAll(async () => {
  const root = dirs.make()
  sys = new System(path.join(root, 'data'), path.join(root, 'outside'))
  const start = await sys.call('app.start', undefined)
  if (!start.ok) throw new Error(start.error.code)
  const added = await sys.call('todos.add', { listId: 1, title: 'Milk' })
  if (!added.ok) throw new Error(added.error.code)
  fixture = {
    profileId: (start.value as { session: { profile: { id: string } } }).session.profile.id,
    listId: 1,
    todoId: (added.value as { id: number }).id,
  }
})

afterAll(() => {
  sys.close()
  dirs.cleanup()
})

const seen = new Map<CallName, number>()

describe('inputs the contract rules out', () => {
  // The fixture is made in beforeAll; the generator only needs its ids, known before it runs.
  it.prop([fc.constant(null).chain(() => invalidCases(fixture))], { numRuns: RUNS, seed: 16 })(
    `${RUNS} generated: the exact code, a message without paths, and not a byte changed on disk`,
    async (c) => {
      const before = disk()
      const r = await sys.call(c.call, c.input)
      expect(r.ok ? 'accepted' : r.error.code, `${c.call} ${c.why}`).toBe(c.code)
      expect(disk()).toEqual(before)
      seen.set(c.call, (seen.get(c.call) ?? 0) + 1)
    },
    120_000,
  )

  it('every call of the contract got some', () => {
    expect(seen.size).toBe(33)
  })
})
