// Where a fleet migration's time goes, as a ladder over a sample of profiles: each rung migrates
// fresh copies the way the rung before did, plus (or in place of) one of the engine's steps; the
// last two are the engine's own migrateProfile and migrateAll. The increments add up to the whole
// by construction, which parts timed alone did not.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { backupProfileFile } from '../../main/engine/backup/copy'
import { assertNoOtherWriter, openWritable, profileShapeProblem, type Db } from '../../main/engine/connection'
import { Engine } from '../../main/engine/engine'
import { LastOpened } from '../../main/engine/last-opened'
import { lockOrFail } from '../../main/engine/lock'
import { readMeta, writeMeta } from '../../main/engine/meta'
import { applyMigrations, loadMigrations } from '../../main/engine/migrations'
import { readSchemaVersion } from '../../main/engine/open'
import { foreignObjectsProblem, schemaDifference } from '../../main/engine/schema'
import { flush, NOW } from './data'
import { median, now, round, since } from './stats'

export interface FleetLadder {
  sample: number
  /** Each rung's median (ms per profile), in the order they build up. */
  rungs: { step: string; ms: number }[]
}

/** Each rung adds (+) or swaps in one step over the rung before it. */
const STEPS = [
  'raw: open, online backup, migrate, close',
  "+ the app's opener (WAL, trusted_schema = OFF)",
  "+ the profile's lock",
  '+ the version from the header',
  '+ the shape and schema check',
  '+ BEGIN IMMEDIATE + ROLLBACK',
  'the verified snapshot for the online backup',
  'the migration runner (ledger, checksums, foreign_key_check) for the plain script',
  '+ the meta stamp',
  '+ the last-opened stamp',
] as const

export async function fleetLadder(
  files: readonly string[],
  migrations: { dir: string; version: number; sql: string },
  root: string,
  rounds: number,
): Promise<FleetLadder> {
  const list = loadMigrations(migrations.dir)
  const dataDir = path.join(root, 'data')
  const profilesDir = path.join(dataDir, 'profiles')
  const snapshots = path.join(root, 'snapshots')
  const stamps = new LastOpened(path.join(root, 'last-opened.sqlite'))
  const reset = () => {
    for (const d of [dataDir, snapshots]) fs.rmSync(d, { recursive: true, force: true })
    fs.mkdirSync(profilesDir, { recursive: true })
    fs.mkdirSync(snapshots)
    const out = files.map((f) => {
      const to = path.join(profilesDir, path.basename(f))
      fs.copyFileSync(f, to)
      return to
    })
    flush(out)
    return out
  }
  const upTo = (k: number) => async (file: string) => {
    const has = (step: (typeof STEPS)[number]) => STEPS.indexOf(step) <= k
    const name = path.basename(file)
    const lock = has("+ the profile's lock") ? lockOrFail(path.join(dataDir, 'locks', `${name}.lock`), 'bench') : null
    if (has('+ the version from the header')) readSchemaVersion(file)
    let db: Db
    if (has("+ the app's opener (WAL, trusted_schema = OFF)")) {
      const check = has('+ the shape and schema check')
        ? (d: Db) => void (profileShapeProblem(d) ?? foreignObjectsProblem(schemaDifference(d, list)))
        : undefined
      db = openWritable(file, check)
    } else {
      db = new Database(file, { fileMustExist: true })
      db.pragma('synchronous = NORMAL')
    }
    if (has('+ BEGIN IMMEDIATE + ROLLBACK')) assertNoOtherWriter(db)
    if (has('the verified snapshot for the online backup'))
      await backupProfileFile(file, path.join(snapshots, name), { createDir: true })
    else await db.backup(path.join(snapshots, name))
    if (has('the migration runner (ledger, checksums, foreign_key_check) for the plain script'))
      applyMigrations(db, list, undefined, () => NOW)
    else {
      db.exec('BEGIN')
      db.exec(migrations.sql)
      db.pragma(`user_version = ${migrations.version}`)
      db.exec('COMMIT')
    }
    if (has('+ the meta stamp')) writeMeta(db, { ...readMeta(db), app_version: 'bench' })
    if (has('+ the last-opened stamp')) stamps.stamp(name, NOW.toISOString())
    db.close()
    lock?.release()
  }
  const rungs: [string, () => Promise<number>][] = STEPS.map((step, k) => [
    step,
    async () => {
      const run = upTo(k)
      const copies = reset()
      const t0 = now()
      for (const f of copies) await run(f)
      return since(t0) / copies.length
    },
  ])
  rungs.push([
    "the engine's migrateProfile",
    async () => {
      reset()
      const engine = new Engine({ dataDir, migrationsDir: migrations.dir, now: () => NOW })
      try {
        const entries = engine.listProfiles().profiles
        const t0 = now()
        for (const e of entries) if ((await engine.migrateProfile(e)).status !== 'migrated') throw new Error('ladder')
        return since(t0) / entries.length
      } finally {
        engine.close()
      }
    },
  ])
  rungs.push([
    "the engine's migrateAll (a new Engine: listing included)",
    async () => {
      reset()
      const t0 = now()
      const engine = new Engine({ dataDir, migrationsDir: migrations.dir, now: () => NOW })
      try {
        const results = await engine.migrateAll()
        const ms = since(t0)
        if (results.some((r) => r.status !== 'migrated')) throw new Error('ladder: not every profile migrated')
        return ms / results.length
      } finally {
        engine.close()
      }
    },
  ])
  const times = new Map<string, number[]>()
  try {
    for (let r = 0; r < rounds; r++)
      for (const [step, fn] of r % 2 ? [...rungs].reverse() : rungs)
        times.set(step, [...(times.get(step) ?? []), await fn()])
  } finally {
    stamps.close()
    fs.rmSync(root, { recursive: true, force: true })
  }
  return { sample: files.length, rungs: rungs.map(([step]) => ({ step, ms: round(median(times.get(step)!), 3) })) }
}
