import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../../test/support/helpers'
import { replicaTestBed } from '../../../test/support/test-bed'
import { okIn, titlesOf, waitFor } from '../../../test/support/replication'

let dataDir: string
let rep: string
replicaTestBed('r', (f) => ({ dataDir, rep } = f))

/** Starts `replicate` as its own process and sends the signal to that process itself. */
async function foreground(
  command: string[],
  signal: NodeJS.Signals,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...command, '--data-dir', dataDir, '--json', 'replicate', '--all'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  await waitFor('first sync', () => stderr.includes('synced'), 30_000)
  // A write while it runs, then the signal at once: the final sync must carry it.
  await okIn(dataDir, 'todos', 'add', 'Work', 'last one')
  child.kill(signal)
  return { code: await exited, stdout, stderr }
}

describe('replicate in the foreground', () => {
  it.each([
    ['the bundled CLI (bin/ownlist.js), SIGTERM', ['bin/ownlist.js'], 'SIGTERM'],
    ['tsx directly, SIGINT', ['--import', 'tsx', 'main/cli/main.ts'], 'SIGINT'],
  ] as const)(
    '%s: exits 0 after a final sync',
    async (_what, command, signal) => {
      if (command[0] === 'bin/ownlist.js') {
        const built = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: REPO_ROOT })
        expect(built.status).toBe(0)
      }
      const p = await okIn(dataDir, 'profiles', 'create', 'Work')
      await okIn(dataDir, 'replicas', 'add', 'Work', `file://${rep}`)
      await okIn(dataDir, 'todos', 'add', 'Work', 'first')
      const r = await foreground([...command], signal)
      expect(r.code, r.stderr).toBe(0)
      expect(JSON.parse(r.stdout)).toEqual({
        results: [{ id: p.id, url: `file://${rep}`, status: 'synced', syncedAt: expect.any(String), error: null }],
      })
      expect(r.stderr).toContain('final sync')
      await okIn(dataDir, 'replicas', 'restore', `file://${rep}`, '--name', 'Copy')
      expect(await titlesOf(dataDir, 'Copy')).toEqual(['first', 'last one'])
      // It held no lock: the write above went through while it ran; nothing left running.
      expect(fs.readdirSync(path.join(dataDir, 'profiles')).some((n) => n.includes('litestream'))).toBe(false)
    },
    90_000,
  )
})

describe('deleting a replicated profile', () => {
  it('stops its replication first, keeps the replica, and the trashed file has every change', async () => {
    const p = await okIn(dataDir, 'profiles', 'create', 'Work')
    await okIn(dataDir, 'replicas', 'add', 'Work', `file://${rep}`)
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'main/cli/main.ts', '--data-dir', dataDir, '--json', 'replicate', 'Work'],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    try {
      await waitFor('first sync', () => stderr.includes('synced'), 30_000)
      for (const t of ['a', 'b', 'c']) await okIn(dataDir, 'todos', 'add', 'Work', t)
      const del = await okIn(dataDir, 'profiles', 'delete', 'Work')
      expect(fs.readdirSync(path.join(dataDir, 'profiles')).filter((n) => n.startsWith(p.id))).toEqual([])
      const { readTitles } = await import('../../../test/support/replication')
      expect(readTitles(del.trashedTo)).toEqual({ titles: ['a', 'b', 'c'], integrity: 'ok' })
      await waitFor(
        'replicator idle',
        () =>
          !fs.readFileSync(path.join(dataDir, 'replication', 'status', `${p.id}.json`), 'utf8').includes('"syncing"'),
        10_000,
      )
      await okIn(dataDir, 'replicas', 'restore', `file://${rep}`, '--name', 'Back')
      expect(await titlesOf(dataDir, 'Back')).toEqual(['a', 'b', 'c'])
    } finally {
      child.kill('SIGTERM')
      await exited
    }
  }, 90_000)
})
