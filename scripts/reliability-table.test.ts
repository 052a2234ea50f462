import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { DiskFullResults, FuzzResults, Kill9Results } from './reliability-results'
import {
  currentBlock,
  end,
  kill9Block,
  README,
  readSaved,
  reliabilityBlock,
  start,
  testConstant,
  withBlock,
  withReliability,
} from './reliability-table'

const temps: string[] = []
afterEach(() => {
  for (const t of temps.splice(0)) fs.rmSync(t, { recursive: true, force: true })
})

const machine = { platform: 'linux', cpus: 2, node: 'v20.0.0', sqlite: '3.50.0' }
const op = (
  name: string,
  extra: Partial<Kill9Results['operations'][number]> = {},
): Kill9Results['operations'][number] => ({
  op: name,
  randomTrials: 55,
  landed: 50,
  stepKills: 4,
  survived: 54,
  dataLost: 0,
  phases: {
    'in pragma:journal_mode': 3,
    'after fs:renameSync': 40,
    'in pragma:query_only': 2,
    'in close': 2,
    'in pragma:user_version': 3,
  },
  ...extra,
})

/** docs/reliability/ as the long runs save it: two kill -9 files (one without load), disk full, fuzzing. */
function fakeSaved(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-reliability-'))
  temps.push(dir)
  const write = (name: string, body: object) => fs.writeFileSync(path.join(dir, name), JSON.stringify(body))
  write('kill9-profiles.json', {
    suite: 'profiles',
    date: '2026-11-30T07:53:24.505Z',
    machine,
    minLanded: 50,
    operations: [op('create'), op('to-do writes', { phases: { 'after start': 50 }, stepKills: 0, survived: 50 })],
  } satisfies Kill9Results)
  write('kill9-migrate.json', {
    suite: 'migrate',
    date: '2026-11-30T07:55:03.073Z',
    machine: { ...machine, loadAverage: [14.25, 12, 11], loadAverageAtEnd: [9.5, 10, 11] },
    minLanded: 50,
    operations: [
      op('migrate one', {
        aimed: { at: 'transaction.immediate', trials: 20, landed: 8, landedInside: 4 },
        survived: 62,
        phases: {
          'in backup': 5,
          'in transaction.immediate': 3,
          'in transaction.immediate > exec': 1,
          'in transaction': 1,
        },
      }),
    ],
  } satisfies Kill9Results)
  const df = (name: string, runs: number, max: number) => ({
    op: name,
    runs,
    roomBytes: { min: 0, max, stride: 4096 },
    survived: runs,
    dataLost: 0,
    outcomes: { IO_ERROR: runs - 3, succeeded: 3 },
  })
  write('disk-full.json', {
    suite: 'disk-full',
    date: '2026-12-01T09:10:00.000Z',
    machine: { ...machine, loadAverage: [3, 3, 3], loadAverageAtEnd: [4, 4, 4] },
    mode: 'tmpfs',
    operations: [df('create', 20, 163840), df('migration', 25, 1433600)],
  } satisfies DiskFullResults)
  write('fuzz-model.json', {
    suite: 'fuzz-model',
    date: '2026-12-01T10:00:00.000Z',
    machine: { ...machine, loadAverage: [8, 8, 8], loadAverageAtEnd: [7.25, 7, 7] },
    requestedSteps: 100_000,
    steps: 100_142,
    sequences: 2_003,
    processes: 2,
    seeds: [7, 1000010],
    seconds: 760,
    stepsPerSecond: 132,
    failures: 0,
    perCall: { 'app.start': { reached: 12_841, ok: 12_841 }, 'todos.add': { reached: 1_268, ok: 900 } },
  } satisfies FuzzResults)
  return dir
}
const edit = <T>(dir: string, name: string, change: (v: T) => void) => {
  const file = path.join(dir, name)
  const v = JSON.parse(fs.readFileSync(file, 'utf8')) as T
  change(v)
  fs.writeFileSync(file, JSON.stringify(v))
}

describe("the README's reliability figures", () => {
  it('are exactly what the script makes of docs/reliability/ and the engine tests (no hand edits, no unsaved runs)', () => {
    const readme = fs.readFileSync(README, 'utf8')
    const saved = readSaved()
    expect(currentBlock(readme, 'reliability')).toEqual(reliabilityBlock(saved))
    expect(currentBlock(readme, 'kill9')).toEqual(kill9Block(saved))
    expect(withReliability(readme, saved)).toBe(readme)
  })

  it('give every kill -9 operation its landed kills, where they landed, and the totals', () => {
    const saved = readSaved(fakeSaved())
    const k9 = kill9Block(saved)
    // Ties keep the saved order; "first read" is user_version; plain transactions are "other".
    expect(k9).toContain(
      '| create | 50 of 55 | 10: journal-mode switch 3, first read 3, other SQLite calls 2, close 2 | 4 | — | 54 of 54 | 0 |',
    )
    expect(k9).toContain('| to-do writes | 50 of 55 | not traced | 0 | — | 50 of 50 | 0 |')
    expect(k9).toContain(
      '| migrate one | 50 of 55 | 10: backup page copy 5, migration transaction 4, other SQLite calls 1 | 4 | 8 (4 inside) | 62 of 62 | 0 |',
    )
    expect(k9).toContain(
      "`docs/reliability/kill9-profiles.json` (2026-11-30 07:53 UTC; linux, 2 cores, Node 20.0.0, SQLite 3.50.0; the machine's load was not recorded in this file)",
    )
    expect(k9).toContain(
      '`docs/reliability/kill9-migrate.json` (2026-11-30 07:55 UTC; linux, 2 cores, Node 20.0.0, SQLite 3.50.0; load average 14.3 at the start, 9.5 at the end (1 minute))',
    )
    const table = reliabilityBlock(saved)
    expect(table).toContain(
      '3 operations: 150 random kills landed mid-operation (of 165 trials), 8 right after a file-system step, 8 of 20 kills aimed at the migration transaction landed mid-operation (4 inside it); 166 of 166 survived | **0 data lost** |',
    )
  })

  it('give the disk-full and fuzzing runs with their dates and load, and the engine tests their own counts', () => {
    const table = reliabilityBlock(readSaved(fakeSaved()))
    expect(table).toContain(
      '- disk full: `disk-full.json`, 2026-12-01 09:10 UTC; linux, 2 cores, Node 20.0.0, SQLite 3.50.0; load average 3.0 at the start, 4.0 at the end (1 minute)',
    )
    expect(table).toContain(
      '- model-based fuzzing: `fuzz-model.json`, 2026-12-01 10:00 UTC; linux, 2 cores, Node 20.0.0, SQLite 3.50.0; load average 8.0 at the start, 7.3 at the end (1 minute)',
    )
    expect(table).toContain('| disk full | 45 runs (create 20, migration 25) on a tmpfs filled to leave 0–1.4 MB free')
    expect(table).toContain('`IO_ERROR` "The disk is full." 39 times, success 6; 0 runs with a problem, 0 data lost')
    expect(table).toContain(
      '100,142 steps in 2,003 random call sequences (fast-check `fc.commands`, all 2 calls, each reaching the engine 1,268–12,841 times) against an in-memory model, in 2 child processes with a hang guard (seeds 7, 1000010); 760 s, 132 steps/s',
    )
    const trials = testConstant('main/engine/create-interrupted.test.ts', 'TRIALS')
    expect(table).toContain(`| create interrupted (engine tests) | ${trials} kill -9s at random moments`)
    const backups = testConstant('main/engine/backup/backup.test.ts', 'TRIALS')
    expect(table).toContain(
      `| backup killed mid-way (engine tests) | ${backups} kill -9s at random moments of a child backing up in a loop, and ${testConstant('main/engine/backup/backup.test.ts', 'CLI_TRIALS')} of`,
    )
    expect(withBlock(`a\n${start('kill9')}\nold\n${end('kill9')}\nb`, 'kill9', 'NEW')).toBe('a\nNEW\nb')
    expect(() => withBlock('no markers', 'kill9', 'NEW')).toThrow(/needs one/)
  })

  it('come only from complete, passing long runs', () => {
    const cases: [string, (dir: string) => void, RegExp][] = [
      [
        'a failed fuzzing run',
        (d) => edit<FuzzResults>(d, 'fuzz-model.json', (v) => void (v.failures = 1)),
        /a failed run/,
      ],
      [
        'a short fuzzing run',
        (d) => edit<FuzzResults>(d, 'fuzz-model.json', (v) => void (v.steps = 1500)),
        /1500 steps, not the long run's 100000/,
      ],
      [
        'a stray file',
        (d) => fs.writeFileSync(path.join(d, 'old-fuzz.json'), '{}'),
        /old-fuzz.json, which no test writes/,
      ],
      [
        'too few landed kills',
        (d) => edit<Kill9Results>(d, 'kill9-profiles.json', (v) => void (v.operations[0]!.landed = 49)),
        /create has 49 landed kills, under 50/,
      ],
    ]
    expect(() => readSaved(fakeSaved())).not.toThrow()
    for (const [what, spoil, message] of cases) {
      const dir = fakeSaved()
      spoil(dir)
      expect(() => readSaved(dir), what).toThrow(message)
    }
    const unnamed = fakeSaved()
    edit<Kill9Results>(unnamed, 'kill9-migrate.json', (v) => void (v.operations[0]!.aimed!.at = 'exec'))
    expect(() => kill9Block(readSaved(unnamed))).toThrow(/aimed at exec/)
  })

  it('say a long run has no saved figures rather than quote one', () => {
    const dir = fakeSaved()
    fs.rmSync(path.join(dir, 'disk-full.json'))
    fs.rmSync(path.join(dir, 'fuzz-model.json'))
    const table = reliabilityBlock(readSaved(dir))
    expect(table).toContain('- disk full: no saved run (`disk-full.json` is missing)')
    expect(table).toContain(
      '| disk full | no passing run saved yet (`OWNLIST_SAVE_RESULTS=1 npx vitest run --config vitest.faults.config.ts main/engine/disk-full.faults.test.ts`, then `npm run reliability:readme`) | — |',
    )
    expect(table).toContain(
      '| API fuzzing, model-based (test/fuzz) | no passing run saved yet (`OWNLIST_SAVE_RESULTS=1 npx vitest run --config vitest.faults.config.ts test/fuzz/model.faults.test.ts`',
    )
    expect(table).not.toMatch(/steps\/s|MB free/)
  })

  it("reads a test's count from its own constant, exactly once", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-reliability-'))
    temps.push(root)
    fs.writeFileSync(path.join(root, 'a.test.ts'), 'const TRIALS = 1_000\nconst OTHER = 3\n')
    fs.writeFileSync(path.join(root, 'b.test.ts'), 'const TRIALS = 2\nfunction f() {\n  const TRIALS = 3\n}\n')
    expect(testConstant('a.test.ts', 'TRIALS', root)).toBe(1000)
    expect(() => testConstant('a.test.ts', 'CLI_TRIALS', root)).toThrow(/has 0 `const CLI_TRIALS/)
    expect(() => testConstant('b.test.ts', 'TRIALS', root)).toThrow(/has 2 `const TRIALS/)
  })
})
