import fs from 'node:fs'
import type { Db } from './connection'
import { BUSY_TIMEOUT_MS } from './busy-timeouts'
import { openPrivateStore } from './private-store'

/**
 * A disposable index of the profiles folder (cache/registry.sqlite), so that a profile whose
 * files did not change is never opened to be listed, resolved or name-checked. The folder stays
 * the truth: every row is keyed by its file's identity and used only while that identity holds,
 * and any failure of the index (deleted, garbage, locked) makes it empty, never wrong.
 *
 * Two tables:
 * - `files`: what inspecting a file found, per file name, with the file's identity. Any process
 *   may write it at any time: a row is only ever trusted after its identity was checked again.
 * - `names`: every profile's name per file name, exact for the folder as it was at `dir_stamp`
 *   (the folder's own identity, which moves whenever a file is added, removed or renamed in it).
 *   Written only under the registry lock, by whoever changes a name there (create, rename) or by
 *   a listing that saw the whole folder with no locked change in between (`gen`).
 */

/** What inspecting a profile file found, without its path, size or last-opened time. */
export interface CachedProfile {
  id: string
  name: string
  schemaVersion: number
  createdAt: string
  metaLastOpenedAt: string | null
  appVersion: string
}
export type CachedResult = { profile: CachedProfile } | { reason: string }

const FORMAT = 1
/** A row recorded less than this after its file's mtime could miss a change in the same clock tick. */
const RACY_MS = 50

export class RegistryIndex {
  private db: Db | null = null
  private failed = false
  /** Rows of `files` known to this process (loaded once; every use re-checks the identity). */
  private rows: Map<string, { ident: string; trusted: boolean; result: CachedResult }> | null = null
  /** How many files this process inspected or forgot so far (a listing that moved it saw changes). */
  misses = 0
  private pending = new Map<string, { ident: string; trusted: boolean; result: CachedResult } | null>()

  constructor(private readonly file: string) {}

  /** The cached result for `name` if its file still has identity `ident`. */
  lookup(name: string, ident: string): CachedResult | null {
    const row = this.loadRows().get(name)
    return row && row.trusted && row.ident === ident ? row.result : null
  }

  /** Records what inspecting `name` found; `statAtMs` is when its identity was taken. */
  remember(name: string, ident: string, mtimeMs: number, statAtMs: number, result: CachedResult): void {
    const row = { ident, trusted: statAtMs - mtimeMs > RACY_MS, result }
    this.loadRows().set(name, row)
    this.pending.set(name, row)
    this.misses++
  }

  /** Forgets every row whose file name is not in `present`. */
  forgetAllBut(present: ReadonlySet<string>): void {
    for (const name of this.loadRows().keys()) {
      if (!present.has(name)) {
        this.rows!.delete(name)
        this.pending.set(name, null)
        this.misses++
      }
    }
  }

  /** Writes what this process learnt since the last flush; failures only cost speed. */
  flush(): void {
    if (this.pending.size === 0) return
    const changes = [...this.pending]
    this.pending.clear()
    this.use((db) => {
      const put = db.prepare('INSERT OR REPLACE INTO files(name, ident, trusted, result) VALUES (?, ?, ?, ?)')
      const del = db.prepare('DELETE FROM files WHERE name = ?')
      db.transaction(() => {
        for (const [name, row] of changes) {
          if (row) put.run(name, row.ident, row.trusted ? 1 : 0, JSON.stringify(row.result))
          else del.run(name)
        }
      })()
    })
  }

  /** The generation of locked name changes, read fresh (null when the index is unusable). */
  generation(): number | null {
    return this.use((db) => Number(db.prepare("SELECT v FROM state WHERE k = 'gen'").pluck().get() ?? 0))
  }

  /**
   * The profile names of the folder when `names` is exact for `dirStamp`, read fresh: key → rows.
   * Null when it is not (then the caller lists the folder).
   */
  namesIfCurrent(dirStamp: string): { file: string; id: string; name: string; key: string }[] | null {
    return (
      this.use((db) => {
        const stamp = db.prepare("SELECT v FROM state WHERE k = 'dir_stamp'").pluck().get()
        if (stamp !== dirStamp) return null
        return db.prepare('SELECT file, id, name, key FROM names').all() as {
          file: string
          id: string
          name: string
          key: string
        }[]
      }) ?? null
    )
  }

  /** The profiles named with `key`, when `names` is exact for `dirStamp`; null when it is not. */
  namedIfCurrent(dirStamp: string, key: string): { file: string; id: string; name: string }[] | null {
    return (
      this.use((db) => {
        const stamp = db.prepare("SELECT v FROM state WHERE k = 'dir_stamp'").pluck().get()
        if (stamp !== dirStamp) return null
        return db.prepare('SELECT file, id, name FROM names WHERE key = ?').all(key) as {
          file: string
          id: string
          name: string
        }[]
      }) ?? null
    )
  }

  /** Under the registry lock: `names` becomes exactly `rows`, valid for the folder at `dirStamp`. */
  replaceNames(rows: { file: string; id: string; name: string; key: string }[], dirStamp: string | null): void {
    this.use((db) => {
      const ins = db.prepare('INSERT INTO names(file, id, name, key) VALUES (?, ?, ?, ?)')
      db.transaction(() => {
        db.exec('DELETE FROM names')
        for (const r of rows) ins.run(r.file, r.id, r.name, r.key)
        setStamp(db, dirStamp)
      })()
    })
  }

  /** Under the registry lock: one profile's name changed (or it was added); the folder is now at `dirStamp`. */
  putName(
    row: { file: string; id: string; name: string; key: string },
    dirBefore: string | null,
    dirStamp: string | null,
  ): void {
    this.use((db) => {
      db.transaction(() => {
        const current =
          dirBefore !== null && db.prepare("SELECT v FROM state WHERE k = 'dir_stamp'").pluck().get() === dirBefore
        db.prepare('INSERT OR REPLACE INTO names(file, id, name, key) VALUES (?, ?, ?, ?)').run(
          row.file,
          row.id,
          row.name,
          row.key,
        )
        // Only a table that was exact before this change is exact after it.
        setStamp(db, current ? dirStamp : null)
      })()
    })
  }

  close(): void {
    this.db?.close()
    this.db = null
  }

  private loadRows(): Map<string, { ident: string; trusted: boolean; result: CachedResult }> {
    if (this.rows) return this.rows
    this.rows = new Map()
    const all = this.use(
      (db) =>
        db.prepare('SELECT name, ident, trusted, result FROM files').raw().all() as [string, string, number, string][],
    )
    for (const [name, ident, trusted, result] of all ?? []) {
      try {
        this.rows.set(name, { ident, trusted: trusted === 1, result: JSON.parse(result) as CachedResult })
      } catch {
        // A damaged row is a missing row.
      }
    }
    return this.rows
  }

  /** Runs `fn` on the index; on any failure the index is rebuilt once, then left alone (null). */
  private use<T>(fn: (db: Db) => T): T | null {
    for (let attempt = 0; attempt < 2 && !this.failed; attempt++) {
      try {
        return fn(this.open())
      } catch (e) {
        this.close()
        const code = (e as { code?: string }).code
        // Busy: another process is writing it; skip this time rather than wait or rebuild.
        if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return null
        if (attempt === 0) removeIndex(this.file)
        else this.failed = true
      }
    }
    return null
  }

  private open(): Db {
    this.db ??= openPrivateStore(this.file, BUSY_TIMEOUT_MS.registryIndex, (db) => {
      // Disposable: a crash may lose the last rows, never make one wrong (each is re-checked).
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = OFF')
      if (db.pragma('user_version', { simple: true }) !== FORMAT) {
        db.exec(`DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS names; DROP TABLE IF EXISTS state;
          CREATE TABLE files(name TEXT PRIMARY KEY, ident TEXT NOT NULL, trusted INTEGER NOT NULL, result TEXT NOT NULL);
          CREATE TABLE names(file TEXT PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL);
          CREATE INDEX names_key ON names(key);
          CREATE TABLE state(k TEXT PRIMARY KEY, v TEXT);
          PRAGMA user_version = ${FORMAT};`)
      }
    })
    return this.db
  }
}

function setStamp(db: Db, dirStamp: string | null): void {
  db.prepare("INSERT OR REPLACE INTO state(k, v) VALUES ('dir_stamp', ?)").run(dirStamp)
  db.prepare(
    "INSERT OR REPLACE INTO state(k, v) VALUES ('gen', CAST(COALESCE((SELECT v FROM state WHERE k = 'gen'), 0) + 1 AS TEXT))",
  ).run()
}

/** Best effort: in a read-only folder the index stays as it is (and unused). */
function removeIndex(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.rmSync(f, { force: true })
    } catch {
      // Read-only folder or the like: the index is left alone.
    }
  }
}

/** The folder's identity: it moves whenever a name in it is added, removed or replaced. */
export function dirStamp(dir: string): string | null {
  const st = fs.statSync(dir, { bigint: true, throwIfNoEntry: false })
  return st ? `${st.ino}:${st.mtimeNs}:${st.ctimeNs}` : null
}

/** A regular file's identity (inode, size, mtime, ctime), as one string. */
export function fileIdent(st: fs.Stats): string {
  return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`
}
