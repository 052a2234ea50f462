// A data folder of N profiles of M to-dos, built once per process and shared by the
// scenarios that need one (report, fleet migration): one profile made through the Engine
// and filled in one transaction, then copied N-1 times under new ids.
import fs from 'node:fs'
import path from 'node:path'
import { copyProfiles, flush, makeFilledProfile, profileFiles, tempRoot, totalBytes } from './data'
import { since, now } from './stats'

export interface Fleet {
  /** A data folder: profiles/ holds the N profiles. Never written to by the scenarios. */
  dataDir: string
  profilesDir: string
  files: string[]
  profiles: number
  todosPerProfile: number
  bytes: number
  buildMs: number
}

const built = new Map<string, { fleet: Fleet; done: () => void }>()

export async function fleet(
  profiles: number,
  todosPerProfile: number,
  log: (s: string) => void = () => {},
): Promise<Fleet> {
  const key = `${profiles}x${todosPerProfile}`
  const have = built.get(key)
  if (have) return have.fleet
  const t0 = now()
  const tmp = tempRoot(`fleet-${key}`)
  const dataDir = path.join(tmp.root, 'data')
  const profilesDir = path.join(dataDir, 'profiles')
  const first = await makeFilledProfile(dataDir, 'Bench 0000', todosPerProfile)
  copyProfiles(profilesDir, fs.readFileSync(first.file), profiles - 1)
  // The Engine left a locks folder; the fleet is only the profiles.
  fs.rmSync(path.join(dataDir, 'locks'), { recursive: true, force: true })
  const files = profileFiles(profilesDir)
  flush(files)
  const f: Fleet = {
    dataDir,
    profilesDir,
    files,
    profiles,
    todosPerProfile,
    bytes: totalBytes(files),
    buildMs: Math.round(since(t0)),
  }
  log(
    `Built ${files.length} profiles × ${todosPerProfile} to-dos (${(f.bytes / 1e6).toFixed(0)} MB) in ${(f.buildMs / 1000).toFixed(1)} s`,
  )
  built.set(key, { fleet: f, done: tmp.done })
  return f
}

/** Copies a fleet's profiles into `profilesDir` (emptied first), flushed to disk. */
export function cloneProfiles(from: Fleet, profilesDir: string, count = from.files.length): string[] {
  fs.rmSync(profilesDir, { recursive: true, force: true })
  fs.mkdirSync(profilesDir, { recursive: true })
  const out = from.files.slice(0, count).map((f) => {
    const to = path.join(profilesDir, path.basename(f))
    fs.copyFileSync(f, to)
    return to
  })
  flush(out)
  return out
}

export function disposeFleets(): void {
  for (const { done } of [...built.values(), ...bigOnes.values()]) done()
  built.clear()
  bigOnes.clear()
}

const bigOnes = new Map<number, { file: string; bytes: number; buildMs: number; done: () => void }>()

/** One closed profile of `todos` to-dos (one self-contained file), built once per process; copy it before writing. */
export async function bigProfile(
  todos: number,
  log: (s: string) => void = () => {},
): Promise<{ file: string; bytes: number; buildMs: number }> {
  const have = bigOnes.get(todos)
  if (have) return have
  const t0 = now()
  const tmp = tempRoot(`big-${todos}`)
  const made = await makeFilledProfile(path.join(tmp.root, 'data'), `Big ${todos}`, todos)
  const entry = { file: made.file, bytes: fs.statSync(made.file).size, buildMs: Math.round(since(t0)), done: tmp.done }
  flush([made.file])
  log(
    `Built a profile of ${todos} to-dos (${(entry.bytes / 1e6).toFixed(1)} MB) in ${(entry.buildMs / 1000).toFixed(1)} s`,
  )
  bigOnes.set(todos, entry)
  return entry
}
