// Where an open's time goes, as a ladder: each rung opens the profile, reads its name and closes
// it like the rung before, plus one more of the engine's steps; the last rung is the engine's own
// openProfile + read + close. The increments add up to the whole by construction, which parts
// timed alone did not (their sum fell short of the whole by about half).
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { assertNoOtherWriter, openWritable, profileShapeProblem } from '../../main/engine/connection'
import type { Engine } from '../../main/engine/engine'
import { isHeaderAuthoritative } from '../../main/engine/header'
import { LastOpened } from '../../main/engine/last-opened'
import { lockOrFail } from '../../main/engine/lock'
import { readSchemaVersion } from '../../main/engine/open'
import { ProfileFiles } from '../../main/engine/profile-files'
import { fileOfId } from '../../main/engine/resolve'
import { foreignObjectsProblem, schemaDifference } from '../../main/engine/schema'
import { NOW } from './data'
import { engineOpenReadClose, READ_NAME } from './open-once'
import { median, now, round, shuffled, since } from './stats'

export interface OpenLadder {
  /** Each rung's median (µs per open + read + close, single ops), in the order they build up. */
  rungs: { step: string; us: number }[]
  /** Runs once per file while it is unchanged (cached by its identity), so it is not a rung. */
  shapeAndSchemaCheckUs: number
}

/** The steps in the order the rungs add them (each rung runs its steps in the engine's order, see upTo). */
const STEPS = [
  'raw open, read and close',
  "the app's opener (trusted_schema = OFF)",
  "the profile's lock",
  'the version from the header',
  "the check cache's stat of the file",
  'BEGIN IMMEDIATE + ROLLBACK (no other writer)',
  'the outside-change watch',
  'the last-opened stamp',
  'finding the file by id',
] as const

export async function openLadder(engine: Engine, id: string, scratch: string, rounds: number): Promise<OpenLadder> {
  const file = engine.layout.profileFile(id)
  const stamps = new LastOpened(path.join(scratch, 'ladder-last-opened.sqlite'))
  const upTo = (k: number) => () => {
    const has = (step: (typeof STEPS)[number]) => STEPS.indexOf(step) <= k
    if (has('finding the file by id')) fileOfId(engine.layout.profilesDir, id)
    const lock = has("the profile's lock") ? lockOrFail(engine.lockFile(id), 'bench') : null
    if (has('the version from the header')) readSchemaVersion(file)
    if (has("the check cache's stat of the file")) {
      isHeaderAuthoritative(file)
      fs.statSync(file, { bigint: true })
    }
    let db: Database.Database
    if (has("the app's opener (trusted_schema = OFF)")) db = openWritable(file)
    else {
      db = new Database(file, { fileMustExist: true, timeout: 5000 })
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.pragma('foreign_keys = ON')
    }
    if (has('BEGIN IMMEDIATE + ROLLBACK (no other writer)')) assertNoOtherWriter(db)
    if (has('the last-opened stamp')) stamps.stamp(id, NOW.toISOString())
    const files = has('the outside-change watch') ? new ProfileFiles(file) : null
    files?.outsideChange()
    db.prepare(READ_NAME).get()
    db.close()
    files?.release()
    lock?.release()
  }
  const rungs: [string, () => unknown][] = STEPS.map((step, k) => [step, upTo(k)])
  rungs.push(["the engine's openProfile + read + close", () => engineOpenReadClose(engine, id)])
  const times = new Map<string, number[]>()
  try {
    // One op of each rung in turn, in a new random order each time: blocks of one rung drifted
    // with the machine by more than some steps cost, and a fixed order always ran a rung right
    // after the same other one. A median of single ops shrugs off a lost time slice.
    for (let r = -1; r < rounds; r++)
      for (let i = 0; i < 20; i++)
        for (const [step, fn] of shuffled(rungs)) {
          const t0 = now()
          const out = fn()
          if (out instanceof Promise) await out
          if (r >= 0) times.set(step, [...(times.get(step) ?? []), since(t0) * 1000])
        }
  } finally {
    stamps.close()
  }
  return {
    rungs: rungs.map(([step]) => ({ step, us: round(median(times.get(step)!), 1) })),
    shapeAndSchemaCheckUs: shapeCheckUs(file, engine),
  }
}

function shapeCheckUs(file: string, engine: Engine): number {
  const db = openWritable(file)
  try {
    const xs: number[] = []
    for (let i = 0; i < 60; i++) {
      const t0 = now()
      void (profileShapeProblem(db) ?? foreignObjectsProblem(schemaDifference(db, engine.migrations)))
      xs.push(since(t0))
    }
    return round(median(xs.slice(10)) * 1000, 1)
  } finally {
    db.close()
  }
}
