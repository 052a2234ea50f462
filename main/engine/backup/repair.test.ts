import fs from 'node:fs'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { Engine } from '../engine'
import { sha256File, SupportChild } from '../../../test/support/helpers'
import { engineTestBed } from '../../../test/support/test-bed'

const { temps, engines, children } = engineTestBed()

/** A profile of 3,000 to-dos, checkpointed, with one page in the middle overwritten. */
function damagedProfile() {
  const engine = new Engine({ dataDir: temps.make() })
  engines.push(engine)
  const entry = engine.createProfile('Damaged')
  const db = new Database(entry.file)
  const insert = db.prepare(
    "INSERT INTO todos(list_id, title, notes, position, created_at, updated_at) VALUES (1, ?, ?, ?, 'c', 'u')",
  )
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) insert.run(`To-do ${i}`, 'n'.repeat(200), i)
  })()
  const original = db.prepare('SELECT id, title FROM todos ORDER BY id').all() as { id: number; title: string }[]
  db.pragma('journal_mode = DELETE')
  db.close()
  const size = fs.statSync(entry.file).size
  const fd = fs.openSync(entry.file, 'r+')
  fs.writeSync(fd, Buffer.alloc(4096, 0x41), 0, 4096, Math.floor(size / 2 / 4096) * 4096)
  fs.closeSync(fd)
  return { engine, entry, original }
}

describe('check and repair', () => {
  it('finds the damage, rebuilds what can be read, and keeps the damaged file byte for byte', async () => {
    const { engine, entry, original } = damagedProfile()
    expect((await engine.checkProfile(entry.id)).ok).toBe(false)
    const damagedBytes = sha256File(entry.file)

    const result = await engine.backups.repair(entry.id)
    expect(sha256File(result.damagedFile)).toBe(damagedBytes)
    expect(result.damagedFile.startsWith(engine.layout.backupsDir(entry.id))).toBe(true)
    expect(await engine.checkProfile(entry.id)).toEqual({ ok: true, problems: [] })

    const session = await engine.openProfile(entry.id)
    const rows = session.db.prepare('SELECT id, title FROM todos ORDER BY id').all() as { id: number; title: string }[]
    const meta = session.db.prepare("SELECT value FROM meta WHERE key = 'name'").pluck().get()
    const search = session.db.prepare('SELECT count(*) FROM todos_fts WHERE todos_fts MATCH \'"2999"\'').pluck().get()
    session.close()
    expect(meta).toBe('Damaged')
    expect(result.recovered.todos).toBe(rows.length)
    expect(rows.length + result.recovered.lost).toBeGreaterThanOrEqual(original.length - 50)
    expect(rows.length).toBeGreaterThan(2900)
    // Every recovered row is an original row, unchanged.
    const byId = new Map(original.map((r) => [r.id, r.title]))
    for (const r of rows) expect(r.title).toBe(byId.get(r.id))
    expect(search).toBe(rows.some((r) => r.title === 'To-do 2999') ? 1 : 0)
  })

  it('refuses to repair a profile another process has open', async () => {
    const { engine, entry } = damagedProfile()
    // A damaged profile whose header is intact still opens: a second process holds it open.
    const holder = new SupportChild('hold-profile.ts', [engine.layout.root, entry.id])
    children.push(holder)
    expect(JSON.parse(await holder.nextLine())).toEqual({ ready: true })
    const inode = fs.statSync(entry.file).ino
    await expect(engine.backups.repair(entry.id)).rejects.toMatchObject({ code: 'PROFILE_IN_USE' })
    await holder.kill9()
    // Not replaced, and no copy made: the refusal did nothing.
    expect(fs.statSync(entry.file).ino).toBe(inode)
    expect(
      fs.existsSync(engine.layout.backupsDir(entry.id)) ? fs.readdirSync(engine.layout.backupsDir(entry.id)) : [],
    ).toEqual([])
  })
})
