// A crash in the middle of a checkpoint (found by the kill -9 fleet-migration trials): SQLite
// copies WAL frames into the file in page order, so page 1, with the new, larger page count, is
// written before the pages after it. Until the WAL is replayed, the file is shorter than its
// header says, and that is no damage: the WAL beside it holds the rest.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../cli/main'
import { Engine } from './engine'
import { addTodo } from './queries/todos'
import { readTodos } from '../../test/support/faults'
import { TempDirs } from '../../test/support/helpers'

const temps = new TempDirs()
afterEach(() => temps.cleanup())

/** The page data of the last frame for page `pgno` in a WAL file. */
function lastFrameOf(wal: Buffer, pgno: number, pageSize: number): Buffer | null {
  let found: Buffer | null = null
  for (let off = 32; off + 24 + pageSize <= wal.length; off += 24 + pageSize) {
    if (wal.readUInt32BE(off) === pgno) found = wal.subarray(off + 24, off + 24 + pageSize)
  }
  return found
}

describe('a checkpoint cut short by a crash', () => {
  it('leaves a file shorter than its header says beside its WAL: still listed, opened and complete', async () => {
    const dataDir = temps.make()
    const engine = new Engine({ dataDir })
    const p = engine.createProfile('Growing')
    const s = await engine.openProfile(p.id)
    s.db.pragma('wal_autocheckpoint = 0')
    for (let i = 1; i <= 400; i++)
      addTodo(s.db, { listId: 1, title: `To-do ${i}`, notes: 'n'.repeat(300), now: new Date() })
    // The state a kill -9 leaves: the file, its -wal and -shm, copied while the session is open.
    const crashed = temps.make()
    fs.cpSync(dataDir, crashed, { recursive: true })
    s.close()
    engine.close()
    const file = path.join(crashed, 'profiles', `${p.id}.sqlite`)
    const pageSize = fs.readFileSync(file).readUInt16BE(16)
    const page1 = lastFrameOf(fs.readFileSync(`${file}-wal`), 1, pageSize)
    expect(page1).not.toBeNull()
    // The checkpoint's first write, and no more: page 1 from the WAL into the file.
    const fd = fs.openSync(file, 'r+')
    fs.writeSync(fd, page1!, 0, pageSize, 0)
    fs.closeSync(fd)
    expect(page1!.readUInt32BE(28) * pageSize).toBeGreaterThan(fs.statSync(file).size)

    const listed = JSON.parse((await runCli(['--data-dir', crashed, '--json', 'profiles', 'list'], {})).stdout)
    expect(listed).toMatchObject({ profiles: [{ id: p.id, name: 'Growing' }], ignored: [] })
    const again = new Engine({ dataDir: crashed })
    const session = await again.openProfile(p.id)
    expect(session.db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(session.db.prepare('SELECT count(*) FROM todos').pluck().get()).toBe(400)
    session.close()
    again.close()
    expect(readTodos(file, 'count(*) AS n')).toEqual([{ n: 400 }])
  })
})
