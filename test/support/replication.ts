// Helpers for the replication tests (never imported by the app).
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { runCli } from '../../main/cli/main'
import { nativeBinding } from '../../main/engine/native'

export interface Run {
  exitCode: number
  body: any
}

/** The CLI in-process with --json, one JSON document on stdout. */
export async function cliIn(dataDir: string, ...args: string[]): Promise<Run> {
  const r = await runCli(['--data-dir', dataDir, '--json', ...args], {})
  const body = JSON.parse(r.stdout) as unknown
  if (`${JSON.stringify(body)}\n` !== r.stdout) throw new Error(`not exactly one JSON document: ${r.stdout}`)
  return { exitCode: r.exitCode, body }
}

export async function okIn(dataDir: string, ...args: string[]): Promise<any> {
  const r = await cliIn(dataDir, ...args)
  if (r.exitCode !== 0) throw new Error(`${args.join(' ')} exited ${r.exitCode}: ${JSON.stringify(r.body)}`)
  return r.body
}

export async function failsIn(dataDir: string, code: string, ...args: string[]): Promise<any> {
  const r = await cliIn(dataDir, ...args)
  const e = (r.body as { error?: { code?: unknown; message?: unknown } }).error
  const exact =
    r.exitCode === 1 &&
    Object.keys(r.body as object).length === 1 &&
    e !== undefined &&
    Object.keys(e).length === 2 &&
    e.code === code &&
    typeof e.message === 'string' &&
    e.message.length > 0
  if (!exact)
    throw new Error(`${args.join(' ')}: expected exit 1 and ${code}, got exit ${r.exitCode}: ${JSON.stringify(r.body)}`)
  return r.body
}

/** Titles of every to-do in a profile file, sorted, and its integrity check. */
export function readTitles(file: string): { titles: string[]; integrity: string } {
  const db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: nativeBinding() })
  try {
    return {
      titles: db.prepare('SELECT title FROM todos ORDER BY id').pluck().all() as string[],
      integrity: String(db.pragma('integrity_check', { simple: true })),
    }
  } finally {
    db.close()
  }
}

export async function titlesOf(dataDir: string, ref: string): Promise<string[]> {
  const body = await okIn(dataDir, 'todos', 'list', ref)
  return (body.todos as { title: string }[]).map((t) => t.title)
}

/** Files under a replica folder's generations, for "nothing more was written there". */
export function replicaFiles(folder: string): string[] {
  const out: string[] = []
  const walk = (d: string): void => {
    for (const n of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, n.name)
      if (n.isDirectory()) walk(f)
      else out.push(path.relative(folder, f))
    }
  }
  if (fs.existsSync(path.join(folder, 'generations'))) walk(path.join(folder, 'generations'))
  return out.sort()
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await cond()) return
    await sleep(100)
  }
  throw new Error(`timed out waiting for ${what}`)
}
