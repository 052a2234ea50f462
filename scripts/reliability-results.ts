// The saved results of the long fault runs (docs/reliability/*.json, tracked): what each run
// writes with OWNLIST_SAVE_RESULTS=1 and what scripts/reliability-table.ts reads back into the
// README. One file per run, with the date and the machine's load, so every figure is traceable.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'

export const RELIABILITY_DIR = fileURLToPath(new URL('../docs/reliability', import.meta.url))

export interface Machine {
  platform: string
  cpus: number
  cpu?: string
  node: string
  sqlite: string
  /** os.loadavg() (1, 5 and 15 minutes) as the run started and as it ended; absent in older files. */
  loadAverage?: number[]
  loadAverageAtEnd?: number[]
}

/** The machine as a run sees it; `loadAtStart` is os.loadavg() taken before the run began. */
export function machine(loadAtStart: number[]): Machine {
  const db = new Database(':memory:')
  const sqlite = db.prepare('SELECT sqlite_version()').pluck().get() as string
  db.close()
  const round = (xs: number[]) => xs.map((x) => Math.round(x * 100) / 100)
  return {
    platform: process.platform,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model.trim(),
    node: process.version,
    sqlite,
    loadAverage: round(loadAtStart),
    loadAverageAtEnd: round(os.loadavg()),
  }
}

export const saving = () => process.env.OWNLIST_SAVE_RESULTS === '1'

/** Writes docs/reliability/<name>.json (only with OWNLIST_SAVE_RESULTS=1). */
export function saveReliability(name: string, body: object, dir = RELIABILITY_DIR): void {
  if (!saving()) return
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(body, null, 2)}\n`)
}

/** docs/reliability/fuzz-model.json: the long model-based run (test/fuzz/model.faults.test.ts). */
export interface FuzzResults {
  suite: 'fuzz-model'
  date: string
  machine: Machine
  requestedSteps: number
  steps: number
  sequences: number
  processes: number
  seeds: number[]
  seconds: number
  stepsPerSecond: number
  failures: number
  /** Per API call: inputs that reached the engine, and how many succeeded. */
  perCall: Record<string, { reached: number; ok: number }>
}

/** docs/reliability/disk-full.json: main/engine/disk-full.faults.test.ts. */
export interface DiskFullResults {
  suite: 'disk-full'
  date: string
  machine: Machine
  /** How a full disk was made: a small tmpfs filled up, or a file-size limit. */
  mode: 'tmpfs' | 'ulimit'
  operations: {
    op: string
    runs: number
    roomBytes: { min: number; max: number; stride: number }
    survived: number
    dataLost: number
    outcomes: Record<string, number>
  }[]
}

/** docs/reliability/kill9-<suite>.json: main/engine/test-support/faults.ts saveResults. */
export interface Kill9Results {
  suite: string
  date: string
  machine: Machine
  minLanded: number
  operations: {
    op: string
    randomTrials: number
    landed: number
    stepKills: number
    aimed?: { at: string; trials: number; landed: number; landedInside: number }
    survived: number
    dataLost: number
    phases: Record<string, number>
  }[]
}
