import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cleanStaleTemporaries } from './create'
import { Engine } from './engine'
import { listLists } from './queries/lists'
import { SupportChild, TempDirs, UUID_FILE_RE, UUID_RE } from '../../test/support/helpers'

const temps = new TempDirs()
const children: SupportChild[] = []
afterEach(async () => {
  for (const c of children.splice(0)) await c.kill9()
  temps.cleanup()
})

const TRIALS = 30
/** Children started ahead of their trial, so their start-up overlaps earlier trials. */
const AHEAD = 2

interface Trial {
  dataDir: string
  child: SupportChild
  ready: Promise<string>
}

function prepareTrial(): Trial {
  const dataDir = temps.make()
  const child = new SupportChild('create-loop.ts', [dataDir])
  children.push(child)
  const ready = child.nextLine(60_000)
  ready.catch(() => {}) // awaited later; avoid an unhandled rejection in between
  return { dataDir, child, ready }
}

/** Lets the child create profiles back to back and kill -9s it after `delayMs`. */
async function interruptedCreates(t: Trial, delayMs: number): Promise<string[]> {
  expect(await t.ready).toBe('ready')
  t.child.proc.stdin.write('go\n')
  expect(await t.child.nextLine()).toBe('started')
  await new Promise((r) => setTimeout(r, delayMs))
  await t.child.kill9()
  // Every "created <id>" line the child printed before it died.
  return t.child
    .drain()
    .filter((l) => l.startsWith('created '))
    .map((l) => l.slice('created '.length))
}

async function checkFolder(dataDir: string, reportedCreated: string[]): Promise<void> {
  const engine = new Engine({ dataDir })
  try {
    const listing = engine.listProfiles()
    // Nothing half-made is listed, not even as ignored.
    expect(listing.ignored).toEqual([])
    const ids = listing.profiles.map((p) => p.id)
    // Every create that returned before the kill is there (and possibly one more that finished its rename).
    for (const id of reportedCreated) expect(ids).toContain(id)
    expect(ids.length - reportedCreated.length).toBeLessThanOrEqual(1)
    for (const p of listing.profiles) {
      expect(p.id).toMatch(UUID_RE)
      expect(path.basename(p.file)).toBe(`${p.id}.sqlite`)
      expect(p.file).not.toMatch(/\.tmp|partial|journal/)
      expect(p.name).toMatch(/^Profile \d+-\d+$/)
      expect(p.schemaVersion).toBe(engine.schemaVersion)
      const session = await engine.openProfile(p.id)
      try {
        expect(session.db.pragma('quick_check', { simple: true })).toBe('ok')
        const meta = Object.fromEntries(
          (session.db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [
            r.key,
            r.value,
          ]),
        )
        expect(meta).toMatchObject({ id: p.id, name: p.name })
        expect(listLists(session.db).map((l) => l.name)).toEqual(['Inbox'])
      } finally {
        session.close()
      }
    }
    // Listing cleaned the dead child's temporary files: only complete profiles remain.
    // (A kill before the first create got going leaves no profiles folder at all.)
    const left = fs.existsSync(engine.layout.profilesDir) ? fs.readdirSync(engine.layout.profilesDir) : []
    expect(
      left.filter((f) => f.startsWith('.create-')),
      JSON.stringify(left),
    ).toEqual([])
    for (const f of left) expect(f).toMatch(UUID_FILE_RE)
    expect(left).toHaveLength(ids.length)
  } finally {
    engine.close()
  }
}

describe('a create interrupted by kill -9', () => {
  it(`never leaves a half profile in the list (${TRIALS} trials at random moments)`, async () => {
    const queue = Array.from({ length: Math.min(AHEAD, TRIALS) }, prepareTrial)
    for (let trial = 0; trial < TRIALS; trial++) {
      const t = queue.shift()!
      if (trial + queue.length + 1 < TRIALS) queue.push(prepareTrial())
      const created = await interruptedCreates(t, Math.random() * 150)
      await checkFolder(t.dataDir, created)
    }
  }, 90_000)
})

describe('cleanStaleTemporaries', () => {
  it('removes temporary files of dead processes only, and never lists any of them', () => {
    const dataDir = temps.make()
    const engine = new Engine({ dataDir })
    const real = engine.createProfile('Real')
    const dir = engine.layout.profilesDir
    // A pid that surely belongs to no process any more: a child that has exited (and been reaped).
    const deadPid = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!
    const dead = `.create-${deadPid}-00000000-0000-4000-8000-000000000000.tmp`
    const mine = `.create-${process.pid}-11111111-1111-4111-8111-111111111111.tmp`
    const parent = `.create-${process.ppid}-22222222-2222-4222-8222-222222222222.tmp`
    const unrelated = '.create-notes.txt'
    for (const f of [dead, mine, parent, unrelated]) fs.copyFileSync(real.file, path.join(dir, f))

    const listing = engine.listProfiles()
    expect(listing.profiles.map((p) => p.id)).toEqual([real.id])
    expect(listing.ignored).toEqual([])
    expect(fs.readdirSync(dir).sort()).toEqual([mine, parent, unrelated, `${real.id}.sqlite`].sort())

    cleanStaleTemporaries(dir)
    expect(fs.readdirSync(dir).sort()).toEqual([mine, parent, unrelated, `${real.id}.sqlite`].sort())
  })
})
