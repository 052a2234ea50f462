// kill -9 at random moments (and right after every file-system step) during the migration of one
// profile (as the app opens it, and as `migrate <profile>`), fleet migration (`migrate --all`) and
// a backup into the profile's backups folder. `npm run test:faults`. Each operation needs
// OWNLIST_FAULT_TRIALS (default 50) random kills that landed mid-operation; OWNLIST_SAVE_RESULTS=1
// saves the figures to docs/reliability/kill9-migrate.json.
// The migrations are the shipped ones plus a test-only next one that touches every to-do; the
// profiles are large enough that kills land inside SQLite's backup page copy (the pre-migration
// snapshot), the migration transaction and the checkpoint at close.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { Engine } from './engine'
import { latestVersion, loadMigrations } from './migrations'
import { DEFAULT_MIGRATIONS_DIR } from './resources'
import {
  bundleFaultScripts,
  checkListings,
  openAll,
  readTodos,
  runFaultTrials,
  type FaultOpArgs,
  type TrialSetup,
  type TrialVerdict,
} from '../../test/support/faults'
import { kill9Suite, withHotWal } from '../../test/support/kill9'
import { migrationsDirWith, profileWithTodos } from '../../test/support/helpers'

const LATEST = latestVersion(loadMigrations(DEFAULT_MIGRATIONS_DIR))
const NEXT = String(LATEST + 1).padStart(4, '0')
/**
 * Test-only: the next schema version adds a column, writes it in every to-do and rebuilds the
 * full-text index (as a change of tokenizer would): a transaction long enough for kills to land in.
 */
const MARK_EVERY_TODO = {
  [`${NEXT}-mark-every-todo.sql`]: `-- Test-only: touches every to-do and rewrites the search index.
ALTER TABLE todos ADD COLUMN fault_mark TEXT;
UPDATE todos SET fault_mark = 'migrated:' || id;
INSERT INTO todos_fts(todos_fts) VALUES ('rebuild');
`,
}
/** Kills aimed inside the migration transaction (on top of those spread across the whole operation). */
const AIMED = 20
const SINGLE_TODOS = 5_000
const SINGLE_WAL_TODOS = 500
const FLEET_TODOS = 600
const BASE_COLUMNS = 'id, list_id, title, notes, done, due_on, position, created_at, updated_at, completed_at'

const { temps, copyOf, expectClean } = kill9Suite('migrate')
let bundle = ''
let migrationsDir = ''
const AT = new Date('2026-03-01T09:00:00.000Z')
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** One profile's golden folders: [cold, with a -wal left by a killed app]; rows of each. */
const single = { golden: [] as string[], rows: [] as unknown[][], id: '' }
/** Four profiles; in the second folder one of them has a -wal left by a killed app. */
const fleet = { golden: [] as string[], rows: [] as Map<string, unknown[]>[] }

function filledProfile(engine: Engine, name: string, n: number) {
  return profileWithTodos(engine, name, {
    n,
    at: AT,
    title: (i) => `${name} ${i}`,
    notes: (i) => `notes ${i}: ${'lorem ipsum '.repeat(6)}`,
  })
}

const hotWal = (dataDir: string, id: string, k: number) =>
  withHotWal(temps, dataDir, id, k, (i) => ({
    title: `In the WAL ${i}`,
    notes: `notes ${i}: ${'lorem ipsum '.repeat(6)}`,
    now: AT,
  }))

/** Every profile's to-dos (base columns), read from a throwaway copy of the folder. */
function rowsOf(dataDir: string): Map<string, unknown[]> {
  const copy = copyOf(dataDir)
  const out = new Map<string, unknown[]>()
  for (const f of fs.readdirSync(path.join(copy, 'profiles')).filter((f) => f.endsWith('.sqlite'))) {
    out.set(f.slice(0, -'.sqlite'.length), readTodos(path.join(copy, 'profiles', f), BASE_COLUMNS))
  }
  fs.rmSync(copy, { recursive: true, force: true })
  return out
}

beforeAll(async () => {
  bundle = (await bundleFaultScripts(temps.make('ownlist-bundles-'))).faultOp
  migrationsDir = migrationsDirWith(temps, MARK_EVERY_TODO)
  const cold = temps.make()
  const engine = new Engine({ dataDir: cold })
  single.id = (await filledProfile(engine, 'Target', SINGLE_TODOS)).id
  engine.close()
  single.golden.push(cold, await hotWal(cold, single.id, SINGLE_WAL_TODOS))
  for (const g of single.golden) single.rows.push(rowsOf(g).get(single.id)!)
  expect(single.rows[1]!.length).toBe(SINGLE_TODOS + SINGLE_WAL_TODOS)

  const fleetDir = temps.make()
  const e = new Engine({ dataDir: fleetDir })
  const ids: string[] = []
  for (const name of ['Home', 'Work', 'Club', 'Trips']) ids.push((await filledProfile(e, name, FLEET_TODOS)).id)
  e.close()
  fleet.golden.push(fleetDir, await hotWal(fleetDir, ids[1]!, 150))
  for (const g of fleet.golden) fleet.rows.push(rowsOf(g))
}, 300_000)

const cleanup = (s: TrialSetup) => fs.rmSync(s.dataDir, { recursive: true, force: true })

type MigrationState = 'old' | 'new' | 'mixed'

/** Either the old schema with the old rows, or the new one with every row migrated; never in between. */
function migrationState(file: string, rows: unknown[]): { state: MigrationState; why: string } {
  const db = new Database(file, { fileMustExist: true, timeout: 5000 })
  try {
    db.pragma('query_only = ON')
    const version = db.pragma('user_version', { simple: true }) as number
    const columns = (db.pragma('table_info(todos)') as { name: string }[]).map((c) => c.name)
    const sameRows = same(db.prepare(`SELECT ${BASE_COLUMNS} FROM todos ORDER BY id`).all(), rows)
    const hasMark = columns.includes('fault_mark')
    if (version === LATEST && !hasMark && sameRows) return { state: 'old', why: '' }
    if (version === LATEST + 1 && hasMark && sameRows) {
      const unmarked = db
        .prepare("SELECT count(*) FROM todos WHERE fault_mark IS NOT 'migrated:' || id")
        .pluck()
        .get() as number
      const ledger = db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number
      if (unmarked === 0 && ledger === LATEST + 1) return { state: 'new', why: '' }
      return { state: 'mixed', why: `version ${version}, ${unmarked} to-dos not migrated, ledger at ${ledger}` }
    }
    return {
      state: 'mixed',
      why: `version ${version}, fault_mark column ${hasMark}, rows ${sameRows ? 'intact' : 'changed'}`,
    }
  } finally {
    db.close()
  }
}

/**
 * After a kill during a migration: each profile is old or new (never mixed), every listed
 * backup (the pre-migration snapshots) is the complete old state, and opening each profile
 * with the new app then migrates it fully.
 */
async function checkMigrated(
  dataDir: string,
  expected: Map<string, unknown[]>,
): Promise<{ states: MigrationState[]; problems: string[]; lost: boolean }> {
  const L = await checkListings(dataDir)
  const problems = [...L.problems]
  let lost = false
  const states: MigrationState[] = []
  for (const [id, rows] of expected) {
    const p = L.profiles.get(id)
    if (!p) {
      problems.push(`${id} is no longer listed`)
      lost = true
      continue
    }
    const { state, why } = migrationState(p.file, rows)
    states.push(state)
    if (state === 'mixed') {
      problems.push(`${p.name}: ${why}`)
      lost = true
    }
    for (const b of L.backups.get(id) ?? []) {
      const snap = migrationState(b, rows)
      if (snap.state !== 'old') {
        problems.push(
          `${p.name}: snapshot ${path.basename(b)} is not the complete old state (${snap.why || snap.state})`,
        )
        lost = true
      }
    }
  }
  // Opening with the new app finishes what the killed process started.
  problems.push(...(await openAll(dataDir, L.profiles.keys(), migrationsDir)))
  for (const [id, rows] of expected) {
    const p = L.profiles.get(id)
    if (!p) continue
    const after = migrationState(p.file, rows)
    if (after.state !== 'new') problems.push(`${p.name} after opening: ${after.why || after.state}`)
  }
  return { states, problems, lost }
}

describe('kill -9 during migrations and backups', () => {
  it('migrating one profile (opened by the app, and `migrate <profile>`): old schema and rows, or every row migrated', async () => {
    // Variants: [app open, migrate command] × [cold, with a -wal left by a killed app].
    const ops: FaultOpArgs['op'][] = ['open', 'migrate']
    const tally = await runFaultTrials(
      {
        op: 'migrate one',
        variants: 4,
        setup: (v) => {
          const dataDir = copyOf(single.golden[v >> 1]!)
          return { dataDir, args: { op: ops[v & 1]!, dataDir, ref: single.id, migrationsDir } }
        },
        check: async (s, child, v): Promise<TrialVerdict> => {
          const { states, problems, lost } = await checkMigrated(
            s.dataDir,
            new Map([[single.id, single.rows[v >> 1]!]]),
          )
          const r = child.result()
          if (r?.ok && states[0] !== 'new') problems.push('a migration that returned left the old schema')
          return { outcome: states[0] ?? 'missing', problems, lost }
        },
      },
      { bundle, seed: 606, cleanup, aim: { phase: 'transaction.immediate', trials: AIMED } },
    )
    expectClean(tally)
  })

  it('fleet migration (`migrate --all`): every profile old or new on its own, none mixed', async () => {
    const tally = await runFaultTrials(
      {
        op: 'migrate --all',
        variants: 2,
        setup: (v) => {
          const dataDir = copyOf(fleet.golden[v]!)
          return { dataDir, args: { op: 'migrate-all', dataDir, migrationsDir } }
        },
        check: async (s, child, v): Promise<TrialVerdict> => {
          const { states, problems, lost } = await checkMigrated(s.dataDir, fleet.rows[v]!)
          const r = child.result()
          if (r?.ok && states.some((x) => x !== 'new'))
            problems.push('a fleet migration that returned left profiles unmigrated')
          const migrated = states.filter((x) => x === 'new').length
          return { outcome: `${migrated}/${states.length} migrated`, problems, lost }
        },
      },
      { bundle, seed: 707, cleanup, aim: { phase: 'transaction.immediate', trials: AIMED } },
    )
    expectClean(tally)
  })

  it('backup into the backups folder: `backups list` shows only complete, verified backups', async () => {
    const tally = await runFaultTrials(
      {
        op: 'backup',
        variants: 2,
        setup: (v) => {
          const dataDir = copyOf(single.golden[v]!)
          return { dataDir, args: { op: 'backup', dataDir, ref: single.id } }
        },
        check: async (s, child, v): Promise<TrialVerdict> => {
          const L = await checkListings(s.dataDir)
          const problems = [...L.problems]
          let lost = false
          const p = L.profiles.get(single.id)
          if (!p || !same(readTodos(p.file, BASE_COLUMNS), single.rows[v])) {
            problems.push('the profile is missing or changed')
            lost = true
          }
          const backups = L.backups.get(single.id) ?? []
          for (const b of backups) {
            if (!same(readTodos(b, BASE_COLUMNS), single.rows[v])) {
              problems.push(`backup ${path.basename(b)} lacks to-dos`)
              lost = true
            }
          }
          if (child.result()?.ok && backups.length !== 1) problems.push('a backup that returned is not listed')
          problems.push(...(await openAll(s.dataDir, L.profiles.keys())))
          return { outcome: backups.length ? 'new' : 'old', problems, lost }
        },
      },
      { bundle, seed: 808, cleanup },
    )
    expectClean(tally)
  })
})
