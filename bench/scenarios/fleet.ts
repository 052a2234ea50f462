// Fleet migration: every profile of a data folder migrated to one more schema version,
// with a snapshot of each first, by Engine.migrateAll() and by a plain better-sqlite3 loop.
import fs from 'node:fs'
import Database from 'better-sqlite3'
import path from 'node:path'
import { Engine } from '../../main/engine/engine'
import { DEFAULT_MIGRATIONS_DIR } from '../../main/engine/resources'
import { NOW, tempRoot } from '../lib/data'
import { cloneProfiles, fleet } from '../lib/fleet'
import { fleetLadder } from '../lib/fleet-ladder'
import { ratioRow, runsIn, type BenchContext, type ScenarioOutput } from '../lib/scenario'
import { alternate, now, since } from '../lib/stats'

export const TARGET = 1.5

/** The migration added for the benchmark, after the real ones. */
export const EXTRA_MIGRATION = `ALTER TABLE todos ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
CREATE INDEX todos_by_priority ON todos(list_id, priority DESC, position);
`

/** A migrations folder: the real migrations plus one next-numbered migration. */
export function testMigrationsDir(root: string): { dir: string; version: number } {
  const dir = path.join(root, 'migrations')
  fs.mkdirSync(dir, { recursive: true })
  const real = fs
    .readdirSync(DEFAULT_MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
  for (const f of real) fs.copyFileSync(path.join(DEFAULT_MIGRATIONS_DIR, f), path.join(dir, f))
  const version = real.length + 1
  fs.writeFileSync(path.join(dir, `${String(version).padStart(4, '0')}-add-todo-priority.sql`), EXTRA_MIGRATION)
  return { dir, version }
}

export async function fleetScenario(ctx: BenchContext, opts: { profiles?: number } = {}): Promise<ScenarioOutput> {
  const requested = opts.profiles ?? (ctx.quick ? 100 : 1000)
  let n = requested
  const todos = 1000
  // The raw loop's time swings with the machine's load (6.7–18 s across 3 runs once), so more
  // runs over fewer profiles (the size is fitted to the time budget below) give an honest spread.
  const runs = ctx.runs ?? (ctx.quick ? 3 : 9)
  // The same fleet as the report's (built once per process); never written to.
  const source = await fleet(requested, todos, ctx.log)
  const tmp = tempRoot('fleet')
  try {
    const migrations = testMigrationsDir(tmp.root)
    const engineData = path.join(tmp.root, 'engine')
    const rawRoot = path.join(tmp.root, 'raw')
    const rawProfiles = path.join(rawRoot, 'profiles')
    const rawSnapshots = path.join(rawRoot, 'snapshots')
    let resetMs = 0
    // How many profiles the next run migrates: a warm-up on a tenth of them, then all.
    let count = n

    const reset = (which: 'raw' | 'engine') => {
      const t0 = now()
      // Both sides' files go before either runs: what the other side's run wrote (about 350 MB
      // over 1,000 profiles) would otherwise still be on its way to the disk, and this run's
      // fsyncs would wait for it. By hand, the engine took 11.9 ms a profile in a process of its
      // own and 19–20 ms right after the raw loop.
      fs.rmSync(rawRoot, { recursive: true, force: true })
      fs.rmSync(engineData, { recursive: true, force: true })
      if (which === 'raw') {
        fs.mkdirSync(rawSnapshots, { recursive: true })
        cloneProfiles(source, rawProfiles, count)
      } else {
        cloneProfiles(source, path.join(engineData, 'profiles'), count)
      }
      resetMs = Math.max(resetMs, since(t0))
    }
    const rawRun = async () => {
      const t0 = now()
      for (const name of fs.readdirSync(rawProfiles)) {
        if (!name.endsWith('.sqlite')) continue
        const db = new Database(path.join(rawProfiles, name), { fileMustExist: true })
        db.pragma('synchronous = NORMAL')
        await db.backup(path.join(rawSnapshots, name))
        db.exec('BEGIN')
        db.exec(EXTRA_MIGRATION)
        db.pragma(`user_version = ${migrations.version}`)
        db.exec('COMMIT')
        db.close()
      }
      return since(t0)
    }
    const engineRun = async () => {
      const t0 = now()
      const engine = new Engine({ dataDir: engineData, migrationsDir: migrations.dir, now: () => NOW })
      const results = await engine.migrateAll()
      const ms = since(t0)
      const bad = results.filter((r) => r.status !== 'migrated')
      if (results.length !== count || bad.length)
        throw new Error(`fleet: ${bad.length} of ${results.length} not migrated: ${JSON.stringify(bad[0])}`)
      return ms
    }
    // Warm-up on a tenth of the profiles (both sides), which also tells how long the measured
    // runs will take: the largest number of profiles that fits the time left is used.
    count = Math.max(10, Math.round(requested / 10))
    let perProfileMs = 0
    for (const which of ['raw', 'engine'] as const) {
      const r0 = now()
      reset(which)
      await (which === 'raw' ? rawRun() : engineRun())
      perProfileMs += since(r0) / count
    }
    const sampleSize = ctx.quick ? 20 : 50
    const ladderPasses = ctx.quick ? 1 : 2
    // The ladder below (11 rungs of each profile of the sample per pass, about 20 ms each with its copy), the results, some slack.
    const reserveMs = 5000 + sampleSize * ladderPasses * 11 * 20
    const leftMs = ctx.deadline - now() - reserveMs
    const fits = Math.floor(leftMs / (runs * perProfileMs) / 100) * 100
    n = Math.max(Math.min(requested, 100), Math.min(requested, fits))
    count = n
    const predictedFullS = Math.round((runs * requested * perProfileMs) / 1000)
    const sizeNote =
      n === requested
        ? `all ${requested} profiles (predicted ${predictedFullS} s for the measured runs)`
        : `${n} of the ${requested} profiles: all ${requested} would take about ${predictedFullS} s of measured runs, ${Math.round(leftMs / 1000)} s were left of the time budget`
    ctx.log(`fleet: migrating ${sizeNote}`)
    ctx.log(
      `fleet: migrate ${n} profiles × ${todos} to-dos with a snapshot each; ${runs} runs after a warm-up on ${Math.max(10, Math.round(requested / 10))}`,
    )
    const result = await alternate({ warmup: 0, runs, raw: rawRun, engine: engineRun, before: reset })
    const ladder = await fleetLadder(
      source.files.slice(0, sampleSize),
      { ...migrations, sql: EXTRA_MIGRATION },
      path.join(tmp.root, 'ladder'),
      ladderPasses,
    )
    const perProfile = { raw: result.raw.map((x) => x / n), engine: result.engine.map((x) => x / n) }
    const row = ratioRow('fleet', `fleet migration (${n} profiles)`, result, TARGET)
    return {
      name: 'fleet',
      rows: [row],
      detail: {
        setup: {
          profiles: n,
          requestedProfiles: requested,
          size: sizeNote,
          todosPerProfile: todos,
          profileBytes: Math.round(source.bytes / source.files.length),
          runs,
          migration: EXTRA_MIGRATION,
          resetMsMax: Math.round(resetMs),
        },
        raw: 'for each file: new Database + PRAGMA synchronous = NORMAL, await db.backup(snapshot), BEGIN, the migration SQL, PRAGMA user_version, COMMIT, close',
        engine:
          'new Engine({ migrationsDir }).migrateAll(): listing; per profile: lock, version check, open, verified snapshot (online backup in one read transaction, integrity check, row counts, fsync, rename), migrations + ledger in one IMMEDIATE transaction with foreign_key_check, meta stamp, close',
        totalMs: runsIn(result, 'ms'),
        perProfileMs: {
          raw: perProfile.raw.map((x) => Math.round(x * 1000) / 1000),
          engine: perProfile.engine.map((x) => Math.round(x * 1000) / 1000),
        },
        ladder,
      },
    }
  } finally {
    tmp.done()
  }
}
