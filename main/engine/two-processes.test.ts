// Two processes on one data folder: the app holds a profile open and writes to it now and then,
// while the CLI runs `migrate --all`, `backup` and `report` at the same moment, round after round.
// The held profile is "in-use" to the migration and nothing else; backups and the report succeed;
// nothing is corrupted, and every to-do the app committed is there afterwards.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Engine } from './engine'
import { latestVersion, loadMigrations } from './migrations'
import { addTodo } from './queries/todos'
import { DEFAULT_MIGRATIONS_DIR } from './resources'
import {
  bundleFaultScripts,
  checkListings,
  FaultOpChild,
  fileProblems,
  LineChild,
  openAll,
  readTodos,
} from '../../test/support/faults'
import { REPO_ROOT, TempDirs } from '../../test/support/helpers'

const LATEST = latestVersion(loadMigrations(DEFAULT_MIGRATIONS_DIR))
const temps = new TempDirs()
let scripts = { faultOp: '', cli: '' }
beforeAll(async () => {
  scripts = await bundleFaultScripts(temps.make('ownlist-bundles-'))
}, 60_000)
afterAll(async () => {
  await LineChild.killAll()
  temps.cleanup()
})

async function cli(dataDir: string, ...args: string[]): Promise<{ exitCode: number | null; body: any }> {
  const child = new LineChild(process.execPath, [scripts.cli, '--data-dir', dataDir, '--json', ...args])
  const { code } = await child.exited
  return { exitCode: code, body: JSON.parse(child.lines.join('\n') || 'null') }
}

describe('the app and the CLI on the same data folder at once', () => {
  it('fleet migration says in-use for the held profile only; backups and reports succeed; nothing is lost or corrupted', async () => {
    const dataDir = temps.make()
    const outside = temps.make()
    const engine = new Engine({ dataDir })
    const held = engine.createProfile('Held')
    const other = engine.createProfile('Other')
    for (const p of [held, other]) {
      await engine.writeProfile(p.id, (db) => {
        for (let i = 1; i <= 150; i++)
          addTodo(db, { listId: 1, title: `${p.name} ${i}`, notes: 'n'.repeat(100), now: new Date() })
      })
    }
    engine.close()
    // Two profiles of the previous schema version, for the fleet migration to migrate.
    const fixture = path.join(REPO_ROOT, 'migrations', 'fixtures', `v${LATEST - 1}.sqlite`)
    const old = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2']
    for (const id of old) fs.copyFileSync(fixture, path.join(dataDir, 'profiles', `${id}.sqlite`))
    const oldRows = readTodos(path.join(dataDir, 'profiles', `${old[0]}.sqlite`), 'id, title, done')

    // The app: holds "Held" open and commits a to-do or three every few milliseconds.
    const app = new FaultOpChild(scripts.faultOp, { op: 'write', dataDir, ref: held.id, every: 10 })
    await app.ready
    app.go()
    await app.waitFor((l) => l.some((x) => x.startsWith('committed ')))

    const statuses: string[] = []
    for (let round = 0; round < 4; round++) {
      const [migrated, heldBackup, otherBackup, report] = await Promise.all([
        cli(dataDir, 'migrate', '--all'),
        cli(dataDir, 'backup', held.id, path.join(outside, `held-${round}.sqlite`)),
        cli(dataDir, 'backup', other.id, path.join(outside, `other-${round}.sqlite`)),
        cli(dataDir, 'report'),
      ])
      expect(migrated.exitCode, JSON.stringify(migrated.body)).toBe(0)
      for (const r of migrated.body.results as { id: string; status: string; error: { code: string } | null }[]) {
        statuses.push(`${r.id === held.id ? 'held' : old.includes(r.id) ? 'old' : 'other'}:${r.status}`)
        if (r.id === held.id) expect(r).toMatchObject({ status: 'in-use', error: { code: 'PROFILE_IN_USE' } })
        else
          expect(r.status, JSON.stringify(r)).toMatch(
            round === 0 && old.includes(r.id) ? /^(migrated|current)$/ : /^current$/,
          )
      }
      for (const b of [heldBackup, otherBackup])
        expect(b, JSON.stringify(b.body)).toMatchObject({ exitCode: 0, body: { verified: true } })
      expect(report.exitCode, JSON.stringify(report.body)).toBe(0)
      expect((report.body.profiles as { id: string }[]).map((p) => p.id)).toContain(held.id)
      // A profile being migrated by the other process at that moment may be skipped by this report, never the held one.
      for (const s of report.body.skipped as { id: string }[]) expect(s.id).not.toBe(held.id)

      // The held profile, one at a time: refused for writing and migrating, fine for reading and checking.
      expect((await cli(dataDir, 'todos', 'add', held.id, 'From the CLI')).body.error.code).toBe('PROFILE_IN_USE')
      expect((await cli(dataDir, 'migrate', held.id)).body.results[0]).toMatchObject({ status: 'in-use' })
      expect((await cli(dataDir, 'todos', 'list', held.id)).exitCode).toBe(0)
      expect((await cli(dataDir, 'check', held.id)).body).toEqual({ ok: true, problems: [] })
    }
    expect(app.proc.exitCode).toBe(null) // the app was writing the whole time

    // The app crashes (kill -9) with its last commits in the -wal; then everything is checked.
    await app.kill9()
    const committed = app.lines
      .filter((l) => l.startsWith('committed '))
      .flatMap((l) => l.slice(10).split(' ').map(Number))
    expect(committed.length).toBeGreaterThan(20)
    const L = await checkListings(dataDir)
    expect(L.problems).toEqual([])
    expect([...L.profiles.keys()].sort()).toEqual([held.id, other.id, ...old].sort())
    const heldIds = new Set((readTodos(L.profiles.get(held.id)!.file, 'id') as { id: number }[]).map((r) => r.id))
    expect(committed.filter((id) => !heldIds.has(id))).toEqual([])
    for (const id of old) {
      expect(L.profiles.get(id)!.schemaVersion).toBe(LATEST)
      expect(readTodos(L.profiles.get(id)!.file, 'id, title, done')).toEqual(oldRows)
    }
    expect(await openAll(dataDir, L.profiles.keys())).toEqual([])
    // Every backup is complete: intact, and the held one a consistent snapshot (ids 1..n, no gaps).
    for (const f of fs.readdirSync(outside)) {
      const file = path.join(outside, f)
      expect(fileProblems(file, { readonly: true })).toEqual([])
      const ids = (readTodos(file, 'id') as { id: number }[]).map((r) => r.id)
      expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1))
    }
    console.log(
      `two processes: 4 rounds of migrate --all + 2 backups + report beside a writing app; ${committed.length} to-dos committed by the app, all present; ${statuses.filter((s) => s === 'held:in-use').length} in-use answers`,
    )
  }, 120_000)
})
