// What the kill -9 suites (kill9-*.faults.test.ts) share: their folders, the data folder an app
// killed mid-session leaves, and the verdict every operation's tally must meet.
import fs from 'node:fs'
import { afterAll, expect } from 'vitest'
import { Engine } from '../../main/engine/engine'
import { addTodo } from '../../main/engine/queries/todos'
import { LineChild, MIN_LANDED, saveResults, type KillTally } from './faults'
import { TempDirs } from './helpers'

/**
 * A suite's temp folders (golden data and one copy per trial) and its tallies, removed, printed
 * and saved to docs/reliability/kill9-<suite>.json after it. Call once at the top of a file.
 */
export function kill9Suite(suite: string) {
  const temps = new TempDirs()
  const trialDirs = new TempDirs()
  const results: KillTally[] = []
  afterAll(async () => {
    await LineChild.killAll()
    trialDirs.cleanup()
    temps.cleanup()
  })
  afterAll(() => {
    for (const t of results) console.log(t.line())
    saveResults(suite, results)
  })
  /** A throwaway copy of a golden folder, for one trial. */
  const copyOf = (dir: string): string => {
    const d = trialDirs.make('ownlist-fault-')
    fs.cpSync(dir, d, { recursive: true })
    return d
  }
  /** Records the tally and asserts every kill left a consistent folder and enough of them landed. */
  const expectClean = (tally: KillTally, opts: { bothOutcomes?: boolean } = {}) => {
    results.push(tally)
    expect(tally.failures, tally.failures.join('\n')).toEqual([])
    expect(tally.lost).toBe(0)
    expect(tally.survived).toBe(tally.landed + tally.stepKills + tally.aimedLanded)
    expect(tally.landed, tally.line()).toBeGreaterThanOrEqual(MIN_LANDED)
    // The kills really landed on both sides of the operation's commit point.
    if (opts.bothOutcomes !== false) expect(Object.keys(tally.outcomes).length, tally.line()).toBeGreaterThanOrEqual(2)
  }
  return { temps, trialDirs, copyOf, expectClean }
}

/**
 * A copy (made with `temps`) of `dataDir` taken while profile `id` is open with `k` more to-dos
 * committed to its -wal: what an app killed mid-session leaves behind (-wal and -shm beside the file).
 */
export async function withHotWal(
  temps: TempDirs,
  dataDir: string,
  id: string,
  k: number,
  todo: (i: number) => { title: string; notes: string; now: Date },
): Promise<string> {
  const work = temps.make()
  fs.cpSync(dataDir, work, { recursive: true })
  const engine = new Engine({ dataDir: work })
  const s = await engine.openProfile(id)
  // All of it stays in the WAL (as when a reader held the checkpoints off), for a large checkpoint.
  s.db.pragma('wal_autocheckpoint = 0')
  for (let i = 1; i <= k; i++) addTodo(s.db, { listId: 1, ...todo(i) })
  const snap = temps.make()
  fs.cpSync(work, snap, { recursive: true })
  s.close()
  engine.close()
  return snap
}
