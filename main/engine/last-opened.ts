import fs from 'node:fs'
import type { Statement } from 'better-sqlite3'
import path from 'node:path'
import type { Db } from './connection'
import { BUSY_TIMEOUT_MS } from './busy-timeouts'
import { openPrivateStore } from './private-store'

/**
 * When the app last opened each profile (state/last-opened.sqlite in the data folder), kept out
 * of the profile files so that opening one writes nothing to it. Durable, unlike the registry
 * index: deleting the index loses no time here. Profiles stamped by 0.1.0 still carry the time
 * in their meta table; the listing falls back to it. A failure here never fails an open: the
 * time is bookkeeping, and a missing one shows as "never opened" at worst.
 */
export class LastOpened {
  private db: Db | null = null
  private insert: Statement<[string, string]> | null = null
  constructor(private readonly file: string) {}

  static inDataDir(root: string): LastOpened {
    return new LastOpened(path.join(root, 'state', 'last-opened.sqlite'))
  }

  stamp(id: string, at: string): void {
    try {
      const db = this.open()
      // Prepared once per connection, like the query functions' statements: every open stamps.
      this.insert ??= db.prepare('INSERT OR REPLACE INTO opened(id, at) VALUES (?, ?)')
      this.insert.run(id, at)
    } catch (e) {
      this.close()
      this.dropIfDamaged(e)
    }
  }

  /** Every recorded time, by profile id (empty when the store cannot be read). */
  all(): Map<string, string> {
    if (!this.db && !fs.existsSync(this.file)) return new Map()
    try {
      return new Map(this.open().prepare('SELECT id, at FROM opened').raw().all() as [string, string][])
    } catch (e) {
      this.close()
      this.dropIfDamaged(e)
      return new Map()
    }
  }

  get(id: string): string | null {
    if (!this.db && !fs.existsSync(this.file)) return null
    try {
      return (this.open().prepare('SELECT at FROM opened WHERE id = ?').pluck().get(id) as string | undefined) ?? null
    } catch (e) {
      this.close()
      this.dropIfDamaged(e)
      return null
    }
  }

  private dropIfDamaged(e: unknown): void {
    const code = (e as { code?: string }).code
    if (code !== 'SQLITE_CORRUPT' && code !== 'SQLITE_NOTADB') return
    try {
      fs.rmSync(this.file, { force: true })
    } catch {
      // Read-only folder: the store stays (and unused) until it can be removed.
    }
  }

  close(): void {
    this.db?.close()
    this.db = null
    this.insert = null
  }

  /** Every caller drops a damaged store when this throws. */
  private open(): Db {
    this.db ??= openPrivateStore(this.file, BUSY_TIMEOUT_MS.lastOpened, (db) => {
      // Not WAL: reading it then changes no byte on disk (a WAL reader writes its read mark into
      // -shm). No journal file and no fsync: a stamp is one small in-place write, with no file
      // created or removed (which waits on the file system's journal when the disk is busy).
      // The price: a crash in the middle of a stamp, or a power cut, may damage the store; a
      // damaged store is started afresh, and the times fall back to "never" (or 0.1.0's meta).
      db.pragma('journal_mode = MEMORY')
      db.pragma('synchronous = OFF')
      db.exec('CREATE TABLE IF NOT EXISTS opened(id TEXT PRIMARY KEY, at TEXT NOT NULL)')
    })
    return this.db
  }
}
