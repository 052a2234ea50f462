import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../engine'
import { addTodo } from '../queries/todos'
import { TempDirs } from '../../../test/support/helpers'
import { sleep } from '../../../test/support/replication'
import { findLitestream } from './binary'

// Litestream checkpoints the WAL of a profile this process has open: the file changes in place,
// and the outside-change watch must take that as the profile's own checkpoint, never as an outside
// overwrite (which closes the session and drops what its WAL held).

const dirs = new TempDirs()
afterEach(() => dirs.cleanup())

/** A Litestream that checkpoints as often as it can: every sync, after a single page. */
function startLitestream(dir: string, db: string, rep: string): ChildProcess {
  const config = path.join(dir, 'litestream.yml')
  fs.writeFileSync(
    config,
    [
      'dbs:',
      `  - path: ${JSON.stringify(db)}`,
      `    meta-path: ${JSON.stringify(path.join(dir, 'meta'))}`,
      '    monitor-interval: 10ms',
      '    checkpoint-interval: 10ms',
      '    min-checkpoint-page-count: 1',
      '    replicas:',
      '      - type: file',
      `        path: ${JSON.stringify(rep)}`,
      '        sync-interval: 10ms',
      '',
    ].join('\n'),
  )
  return spawn(findLitestream(), ['replicate', '-config', config, '-no-expand-env'], { stdio: 'ignore' })
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })
}

describe('an open profile beside Litestream checkpointing it', () => {
  it('writes and reads go on through Litestream checkpoints, and its deaths mid-checkpoint', async () => {
    const dataDir = dirs.make()
    const work = dirs.make('ownlist-ls-')
    const engine = new Engine({ dataDir })
    const p = engine.createProfile('Watch')
    const session = await engine.openProfile(p.id)
    let litestream = startLitestream(work, p.file, path.join(work, 'rep'))
    let written = 0
    let kills = 0
    const stopAt = Date.now() + Number(process.env.OWNLIST_WATCH_MS ?? 10_000)
    try {
      for (let round = 0; Date.now() < stopAt; round++) {
        for (let i = 0; i < 50; i++) {
          session.write((db) => addTodo(db, { listId: 1, title: `w${written}`, now: new Date() }))
          written++
          expect(session.read((db) => db.prepare('SELECT count(*) FROM todos').pluck().get())).toBe(written)
        }
        await sleep(5 + (round % 7) * 3)
        if (round % 10 === 9) {
          await killed(litestream)
          kills++
          litestream = startLitestream(work, p.file, path.join(work, 'rep'))
        }
      }
      expect(session.isOpen).toBe(true)
      expect(kills).toBeGreaterThan(0)
    } finally {
      await killed(litestream)
      console.log(`checkpoint watch: ${written} writes, ${kills} Litestream kills, open: ${session.isOpen}`)
      session.close()
      engine.close()
    }
  }, 120_000)
})
