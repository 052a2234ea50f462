import fs from 'node:fs'
import path from 'node:path'
import { openDatabase, type Db } from './connection'
import { makePrivateDir } from './fsutil'

/**
 * When the app last opened each profile (state/last-opened.sqlite in the data folder), kept out
 * of the profile files so that opening one writes nothing to it. Durable, unlike the registry
 * index: deleting the index loses no time here. Profiles stamped by 0.1.0 still carry the time
 * in their meta table; the listing falls back to it. A failure here never fails an open: the
 * time is bookkeeping, and a missing one shows as "never opened" at worst.
 */
export class LastOpened {
  private db: Db | null = null
  constructor(private readonly file: string) {}

  static inDataDir(root: string): LastOpened {
    return new LastOpened(path.join(root, 'state', 'last-opened.sqlite'))
  }

  stamp(id: string, at: string): void {
    try {
      this.open().prepare('INSERT OR REPLACE INTO opened(id, at) VALUES (?, ?)').run(id, at)
    } catch {
      this.close()
    }
  }

  /** Every recorded time, by profile id (empty when the store cannot be read). */
  all(): Map<string, string> {
    if (!this.db && !fs.existsSync(this.file)) return new Map()
    try {
      return new Map(this.open().prepare('SELECT id, at FROM opened').raw().all() as [string, string][])
    } catch {
      this.close()
      return new Map()
    }
  }

  get(id: string): string | null {
    if (!this.db && !fs.existsSync(this.file)) return null
    try {
      return (this.open().prepare('SELECT at FROM opened WHERE id = ?').pluck().get(id) as string | undefined) ?? null
    } catch {
      this.close()
      return null
    }
  }

  close(): void {
    this.db?.close()
    this.db = null
  }

  private open(): Db {
    if (this.db) return this.db
    makePrivateDir(path.dirname(this.file))
    const db = openDatabase(this.file, { timeout: 2000 })
    try {
      // A rollback journal, not WAL: reading it then changes no byte on disk (a WAL reader
      // writes its read mark into -shm). No fsync: an app crash loses nothing (the page cache
      // has it); a power cut may lose the last stamps, and a store it damaged is started afresh.
      db.pragma('journal_mode = DELETE')
      db.pragma('synchronous = OFF')
      db.exec('CREATE TABLE IF NOT EXISTS opened(id TEXT PRIMARY KEY, at TEXT NOT NULL)')
    } catch (e) {
      db.close()
      const code = (e as { code?: string }).code
      if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') fs.rmSync(this.file, { force: true })
      throw e
    }
    this.db = db
    return db
  }
}
