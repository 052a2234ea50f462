// Where a fleet migration's time goes, as a ladder over a sample of profiles: each rung migrates
// a fresh copy the way the rung before did, plus (or in place of) one of the engine's steps; the
// last is the engine's own migrateProfile. The increments add up to the whole by construction,
// which parts timed alone did not. What migrateAll adds before the first profile (a new Engine's
// first listing) is timed on its own.
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
import { median, now, round, shuffled, since } from './stats'

export interface FleetLadder {
  sample: number
  /** Each rung's median (ms per profile), in the order they build up. */
  rungs: { step: string; ms: number }[]
  firstListingPerProfileMs: number
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
  passes: number,
): Promise<FleetLadder> {
  const list = loadMigrations(migrations.dir)
  const dataDir = path.join(root, 'data')
  const profilesDir = path.join(dataDir, 'profiles')
  const snapshots = path.join(root, 'snapshots')
  fs.mkdirSync(profilesDir, { recursive: true })
  fs.mkdirSync(snapshots, { recursive: true })
  const stamps = new LastOpened(path.join(root, 'last-opened.sqlite'))
  const engine = new Engine({ dataDir, migrationsDir: migrations.dir, now: () => NOW })
  /** A fresh copy of `src` in the profiles folder, nothing of an earlier rung's left beside it (untimed). */
  const fresh = (src: string): string => {
    const file = path.join(profilesDir, path.basename(src))
    for (const f of [file, `${file}-wal`, `${file}-shm`, path.join(snapshots, path.basename(src))])
      fs.rmSync(f, { force: true })
    fs.rmSync(engine.layout.backupsDir(path.basename(src, '.sqlite')), { recursive: true, force: true })
    fs.copyFileSync(src, file)
    flush([file])
    return file
  }
  const upTo =
    (k: number) =>
    async (file: string): Promise<number> => {
      const has = (step: (typeof STEPS)[number]) => STEPS.indexOf(step) <= k
      const name = path.basename(file)
      const t0 = now()
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
      if (has('+ the meta stamp')) {
        readMeta(db) // the engine reads meta to check the id, then stamps the version
        writeMeta(db, { app_version: 'bench' })
      }
      if (has('+ the last-opened stamp')) stamps.stamp(name, NOW.toISOString())
      db.close()
      lock?.release()
      return since(t0)
    }
  const rungs: [string, (file: string) => Promise<number>][] = STEPS.map((step, k) => [step, upTo(k)])
  rungs.push([
    "the engine's migrateProfile",
    async (file) => {
      const entry = engine.listProfiles().profiles.find((p) => p.file === file)
      if (!entry) throw new Error('ladder: the engine does not list the copy')
      const t0 = now()
      const result = await engine.migrateProfile(entry)
      const ms = since(t0)
      if (result.status !== 'migrated') throw new Error(`ladder: ${JSON.stringify(result)}`)
      return ms
    },
  ])
  const times = new Map<string, number[]>()
  try {
    // Profile by profile, every rung on a fresh copy of it, in a new random order each time: the
    // disk's background writeback and the caches then weigh on every rung alike.
    for (let pass = 0; pass < passes; pass++)
      for (const src of files)
        for (const [step, run] of shuffled(rungs)) {
          const ms = await run(fresh(src))
          times.set(step, [...(times.get(step) ?? []), ms])
        }
    return {
      sample: files.length,
      rungs: rungs.map(([step]) => ({ step, ms: round(median(times.get(step)!), 3) })),
      firstListingPerProfileMs: firstListingPerProfile(files, migrations.dir, root),
    }
  } finally {
    engine.close()
    stamps.close()
    fs.rmSync(root, { recursive: true, force: true })
  }
}

/**
 * What migrateAll adds before the first profile: a new Engine (with the same migrations) and
 * its first listing (every file read, then indexed), per profile; the median of three fresh folders.
 */
function firstListingPerProfile(files: readonly string[], migrationsDir: string, root: string): number {
  const runs = [0, 1, 2].map((k) => {
    const dataDir = path.join(root, `listing-${k}`)
    const copies = files.map((f) => {
      const to = path.join(dataDir, 'profiles', path.basename(f))
      fs.mkdirSync(path.dirname(to), { recursive: true })
      fs.copyFileSync(f, to)
      return to
    })
    flush(copies)
    const t0 = now()
    const engine = new Engine({ dataDir, migrationsDir, now: () => NOW })
    try {
      if (engine.listProfiles().profiles.length !== files.length) throw new Error('ladder: listing missed a profile')
      return since(t0) / files.length
    } finally {
      engine.close()
    }
  })
  return round(median(runs), 3)
}
