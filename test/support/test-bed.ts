// What an engine test file sets up and tears down around every test, written once.
import path from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import type { WritableDb } from '../../main/engine/connection'
import { Engine, type EngineOptions } from '../../main/engine/engine'
import { TempDirs, type SupportChild } from './helpers'

/**
 * A test file's temp folders, engines and child processes: whatever a test adds to them is
 * cleaned up after it (children killed first, then engines closed, then folders removed).
 * `newEngine` makes an engine over `dataDir` (with any other options) that is closed so. Call once at the top of a file.
 */
export function engineTestBed(): {
  temps: TempDirs
  engines: Engine[]
  children: SupportChild[]
  newEngine: (dataDir: string, opts?: Omit<EngineOptions, 'dataDir'>) => Engine
} {
  const temps = new TempDirs()
  const engines: Engine[] = []
  const children: SupportChild[] = []
  afterEach(async () => {
    for (const c of children.splice(0)) await c.kill9()
    for (const e of engines.splice(0)) e.close()
    temps.cleanup()
  })
  const newEngine = (dataDir: string, opts: Omit<EngineOptions, 'dataDir'> = {}): Engine => {
    const e = new Engine({ dataDir, ...opts })
    engines.push(e)
    return e
  }
  return { temps, engines, children, newEngine }
}

/**
 * For every test, a new profile named `name` in a fresh data folder, open for writing: its
 * connection and its Inbox's id go to `use` before the test; it is closed and removed after.
 * Call once at the top of a file, before any beforeEach of its own that needs the profile.
 */
export function openProfileEachTest(name: string, use: (p: { db: WritableDb; inbox: number }) => void): void {
  const temps = new TempDirs()
  let engine: Engine | undefined
  beforeEach(async () => {
    engine = new Engine({ dataDir: temps.make() })
    const { db } = await engine.openProfile(engine.createProfile(name).id)
    use({ db, inbox: db.prepare("SELECT id FROM lists WHERE name = 'Inbox'").pluck().get() as number })
  })
  afterEach(() => {
    engine?.close()
    engine = undefined
    temps.cleanup()
  })
}

/**
 * For every test of a replication file: a fresh data folder and the path of a replica named
 * `replicaName` in a folder of its own (not created), handed to `use` before the test. Returns
 * the file's TempDirs, for any other folder a test makes; all are removed after every test.
 */
export function replicaTestBed(replicaName: string, use: (f: { dataDir: string; rep: string }) => void): TempDirs {
  const temps = new TempDirs()
  beforeEach(() => use({ dataDir: temps.make(), rep: path.join(temps.make('ownlist-rep-'), replicaName) }))
  afterEach(() => temps.cleanup())
  return temps
}
