// Building the data the benchmarks run on: filled profiles, and fleets made by copying one.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { Engine } from '../../main/engine/engine'
import { localDate } from '../../main/engine/local-date'

/** A fixed "now" for a whole run, so every scenario sees the same dates. */
export const NOW = new Date()
export const day = (back: number): Date => new Date(NOW.getFullYear(), NOW.getMonth(), NOW.getDate() - back)

/** Words the to-do titles are made of; search benchmarks look for one of the nouns. */
export const VERBS = ['call', 'write', 'buy', 'fix', 'plan'] as const
export const NOUNS = [
  'garden',
  'invoice',
  'dentist',
  'report',
  'kitchen',
  'bicycle',
  'passport',
  'meeting',
  'birthday',
  'laptop',
  'garage',
  'insurance',
  'library',
  'plumber',
  'recipe',
  'holiday',
  'printer',
  'window',
  'contract',
  'budget',
  'school',
  'doctor',
  'flowers',
  'tickets',
  'bakery',
  'battery',
  'camera',
  'charger',
  'curtains',
  'ferry',
  'gutter',
  'hammer',
  'jacket',
  'kettle',
  'ladder',
  'mailbox',
  'notebook',
  'oven',
  'paint',
  'quilt',
  'radiator',
  'scooter',
  'tent',
  'umbrella',
  'vacuum',
  'wallet',
  'yoghurt',
  'zipper',
  'blender',
  'compost',
] as const

/** A temporary folder for one scenario, removed by `done()`. */
export function tempRoot(prefix: string): { root: string; done: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `ownlist-bench-${prefix}-`))
  return { root, done: () => fs.rmSync(root, { recursive: true, force: true }) }
}

/** Runs `fn` with a temporary folder of its own, removed afterwards whatever happens. */
export async function inTempRoot<T>(prefix: string, fn: (root: string) => Promise<T>): Promise<T> {
  const tmp = tempRoot(prefix)
  try {
    return await fn(tmp.root)
  } finally {
    tmp.done()
  }
}

/**
 * M to-dos in one transaction into the first list: open and done, due and overdue,
 * completions over 60 days, titles "Task i: <verb> <noun>" (each noun in 1 of 50 titles).
 */
export function fillProfile(db: Database.Database, m: number, opts: { listId?: number } = {}): void {
  const listId = opts.listId ?? (db.prepare('SELECT id FROM lists ORDER BY position LIMIT 1').pluck().get() as number)
  const start = db
    .prepare('SELECT coalesce(max(position), -1) + 1 FROM todos WHERE list_id = ?')
    .pluck()
    .get(listId) as number
  const insert = db.prepare(
    `INSERT INTO todos(list_id, title, notes, done, due_on, position, created_at, updated_at, completed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  let seed = 42
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32
  db.transaction(() => {
    for (let i = 0; i < m; i++) {
      const created = new Date(NOW.getTime() - (60 + rand() * 300) * 86_400_000)
      const done = rand() < 0.4
      const completed = done ? new Date(NOW.getTime() - rand() * 60 * 86_400_000) : null
      const due = rand() < 0.6 ? localDate(day(Math.floor(rand() * 60) - 30)) : null
      const updated = completed ?? new Date(created.getTime() + rand() * 30 * 86_400_000)
      insert.run(
        listId,
        `Task ${i}: ${VERBS[i % VERBS.length]} the ${NOUNS[Math.floor(rand() * NOUNS.length)]}`,
        i % 3 ? '' : 'some notes to index',
        done ? 1 : 0,
        due,
        start + i,
        created.toISOString(),
        updated.toISOString(),
        completed?.toISOString() ?? null,
      )
    }
  })()
}

/** A profile made by the Engine in `dataDir`, filled with `m` to-dos and closed (checkpointed: one file). */
export async function makeFilledProfile(
  dataDir: string,
  name: string,
  m: number,
): Promise<{ id: string; file: string }> {
  const engine = new Engine({ dataDir, now: () => NOW })
  try {
    const entry = engine.createProfile(name)
    const session = await engine.openProfile(entry.id)
    fillProfile(session.db, m)
    session.close()
    return { id: entry.id, file: entry.file }
  } finally {
    engine.close()
  }
}

/** Writes `bytes` (a closed profile) into `profilesDir` under `count` new ids, each stamped with its id and a name. */
export function copyProfiles(profilesDir: string, bytes: Buffer, count: number, firstIndex = 1): string[] {
  fs.mkdirSync(profilesDir, { recursive: true })
  const files: string[] = []
  for (let i = firstIndex; i < firstIndex + count; i++) {
    const id = crypto.randomUUID()
    const file = path.join(profilesDir, `${id}.sqlite`)
    fs.writeFileSync(file, bytes)
    const db = new Database(file, { fileMustExist: true })
    db.pragma('synchronous = OFF')
    const put = db.prepare('UPDATE meta SET value = ? WHERE key = ?')
    db.transaction(() => {
      put.run(id, 'id')
      put.run(`Bench ${String(i).padStart(4, '0')}`, 'name')
    })()
    db.close()
    files.push(file)
  }
  return files
}

/**
 * Flushes freshly written files (and their folders) now, so the kernel's writeback of them
 * does not land in the middle of measured runs (it made later runs up to twice as slow).
 */
export function flush(files: readonly string[]): void {
  const dirs = new Set(files.map((f) => path.dirname(f)))
  for (const f of [...files, ...dirs]) {
    const fd = fs.openSync(f, 'r')
    try {
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
  }
}

export function profileFiles(profilesDir: string): string[] {
  return fs
    .readdirSync(profilesDir)
    .filter((f) => f.endsWith('.sqlite') && !f.startsWith('.'))
    .sort()
    .map((f) => path.join(profilesDir, f))
}

export function totalBytes(files: readonly string[]): number {
  return files.reduce((n, f) => n + fs.statSync(f).size, 0)
}
