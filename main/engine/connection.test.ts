import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, openForReading, openWritable, withReadingConnection } from './connection'
import { FileLock } from './lock'
import { REPO_ROOT, TempDirs } from '../../test/support/helpers'

const temps = new TempDirs()
afterEach(() => temps.cleanup())

/** Every .ts file of the app under main/ (tests excluded). */
function appSources(dir = path.join(REPO_ROOT, 'main')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name)
    if (d.isDirectory()) return appSources(full)
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [full] : []
  })
}

/** A database with a view that calls a function with side effects (registered on the reading connection). */
function fileWithView(): string {
  const file = path.join(temps.make(), 'view.sqlite')
  const db = new Database(file)
  db.function('side_effect', () => 1)
  db.exec('CREATE TABLE t(x); INSERT INTO t VALUES (1); CREATE VIEW v AS SELECT side_effect() AS y FROM t')
  db.close()
  return file
}

describe('trusted_schema = OFF', () => {
  it('every connection of the app is made by openDatabase (no other `new Database(` in main/)', () => {
    const openers = appSources().filter((f) => /new Database\(/.test(fs.readFileSync(f, 'utf8')))
    expect(openers.map((f) => path.relative(REPO_ROOT, f).split(path.sep).join('/'))).toEqual([
      'main/engine/connection.ts',
    ])
  })

  it.each([
    ['openDatabase', (f: string) => openDatabase(f, { fileMustExist: true })],
    ['openWritable', (f: string) => openWritable(f)],
    ['openForReading', (f: string) => openForReading(f)],
  ])('%s: a view of the file may not call a function with side effects', (_, open) => {
    const file = fileWithView()
    const db = open(file)
    try {
      expect(db.pragma('trusted_schema', { simple: true })).toBe(0)
      db.function('side_effect', () => 1)
      expect(() => db.prepare('SELECT * FROM v').all()).toThrow(/unsafe use of side_effect/)
    } finally {
      db.close()
    }
  })

  it('withReadingConnection and the profile lock connection run with it too', () => {
    const file = fileWithView()
    expect(withReadingConnection(file, (db) => db.pragma('trusted_schema', { simple: true }))).toBe(0)
    const lock = FileLock.tryAcquire(path.join(temps.make(), 'x.lock'))!
    try {
      const db = (lock as unknown as { db: Database.Database }).db
      expect(db.pragma('trusted_schema', { simple: true })).toBe(0)
    } finally {
      lock.release()
    }
  })
})
