// What the import and restore tests share around badProfileFiles: the folders, the real profile
// the bad files are cut from, and the run that must refuse them and change nothing.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect } from 'vitest'
import { Engine } from '../../main/engine/engine'
import {
  chownTree,
  cliJson,
  NOBODY,
  profileWithTodos,
  runCliProcess,
  snapshotEntries,
  snapshotTree,
  type BadFileCase,
  type TempDirs,
  type TodoFixture,
} from './helpers'

export interface OutsideSetUp {
  root: string
  /** A folder outside the data folder, for files given to the CLI. */
  outside: string
  dataDir: string
}

/** A data folder and a folder outside it for the files to import, restore or back up. */
export function setUpOutside(temps: TempDirs): OutsideSetUp {
  const root = temps.make()
  const outside = path.join(root, 'outside')
  fs.mkdirSync(outside)
  return { root, outside, dataDir: path.join(root, 'data') }
}

/**
 * A real 400-to-do profile named 'Real', made once in beforeAll for the describe block this is
 * called in and removed after it. Returns its path; the cases only need the name at collect time.
 */
export function realProfileFixture(fixture: TodoFixture = {}): string {
  const fixtureDir = path.join(os.tmpdir(), `ownlist-bad-files-${crypto.randomUUID()}`)
  const real = path.join(fixtureDir, 'real.sqlite')
  afterAll(() => fs.rmSync(fixtureDir, { recursive: true, force: true }))
  beforeAll(async () => {
    const e = new Engine({ dataDir: path.join(fixtureDir, 'data') })
    const p = await profileWithTodos(e, 'Real', { ...fixture, n: 400 })
    e.close()
    fs.copyFileSync(p.file, real)
  })
  return real
}

const IS_ROOT = process.getuid?.() === 0

/**
 * Runs the CLI with `args` on a bad file and asserts it is refused with the case's code, a
 * message without internals, and nothing changed in the data folder or the outside folder.
 */
export async function expectBadFileRefused(bad: BadFileCase, at: OutsideSetUp, args: string[]): Promise<void> {
  const { root, outside, dataDir } = at
  let result: { exitCode: number | null; body: Record<string, any> }
  let before: { data: Record<string, string>; outside: Record<string, string> }
  if (bad.unreadable && IS_ROOT) {
    // Root reads a mode-000 file anyway, so the command runs as `nobody`, who cannot.
    fs.chmodSync(root, 0o755)
    fs.chmodSync(outside, 0o755)
    chownTree(dataDir, NOBODY.uid, NOBODY.gid)
    before = { data: snapshotTree(dataDir), outside: snapshotEntries(outside) }
    const r = await runCliProcess(['--data-dir', dataDir, '--json', ...args], NOBODY)
    result = { exitCode: r.exitCode, body: JSON.parse(r.stdout) as Record<string, any> }
  } else {
    before = { data: snapshotTree(dataDir), outside: snapshotEntries(outside) }
    result = await cliJson(dataDir, ...args)
  }
  expect(result.body).toEqual({ error: { code: bad.code, message: expect.any(String) } })
  expect(result.exitCode).toBe(1)
  expect(result.body.error.message).not.toMatch(/SQLITE_|Error:|\n/)
  expect(snapshotTree(dataDir)).toEqual(before.data)
  expect(snapshotEntries(outside)).toEqual(before.outside)
}
