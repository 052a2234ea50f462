import fs from 'node:fs'
import { removeAbandonedWrites, writeFileAtomic } from './fsutil'
import type { ProfileFigures } from '../../common/model'

/** What changes whenever a profile's data changes, the WAL included. */
export interface FileKey {
  ino: number
  size: number
  mtime: number
  walSize: number
  walMtime: number
}

export interface CachedProfile {
  key: FileKey
  /** The local day the figures were computed for: "overdue" moves with the date. */
  day: string
  /** The profile's schema version when read. */
  version: number
  figures: ProfileFigures
  /** Completions per local day over the report's window. */
  daily: Record<string, number>
}

const VERSION = 1

/**
 * Per-profile report results, kept in memory and (optionally) in a JSON file so the CLI
 * benefits too. A damaged cache file is ignored: it only ever costs a recomputation.
 */
export class ReportCache {
  private entries = new Map<string, CachedProfile>()
  private dirty = false

  constructor(private readonly file?: string) {
    if (!file) return
    removeAbandonedWrites(file)
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        version: number
        entries: Record<string, unknown>
      } | null
      if (data?.version === VERSION && isObject(data.entries)) {
        // Parsed JSON is not proof of shape: an entry that does not look right is dropped.
        this.entries = new Map(
          Object.entries(data.entries).filter((e): e is [string, CachedProfile] => isEntry(e[0], e[1])),
        )
      }
    } catch {
      // No cache yet, or an unreadable one.
    }
  }

  peek(id: string, key: FileKey): CachedProfile | undefined {
    const hit = this.entries.get(id)
    return hit && sameKey(hit.key, key) ? hit : undefined
  }

  get(id: string, key: FileKey, day: string): CachedProfile | undefined {
    const hit = this.peek(id, key)
    return hit && hit.day === day ? hit : undefined
  }

  set(entry: CachedProfile): void {
    this.entries.set(entry.figures.id, entry)
    this.dirty = true
  }

  /** Forgets profiles that are gone. */
  retain(ids: Set<string>): void {
    for (const id of this.entries.keys()) {
      if (!ids.has(id)) {
        this.entries.delete(id)
        this.dirty = true
      }
    }
  }

  save(): void {
    if (!this.file || !this.dirty) return
    // Only a cache: a crash costs a recomputation, so no fsync.
    writeFileAtomic(this.file, JSON.stringify({ version: VERSION, entries: Object.fromEntries(this.entries) }), {
      durable: false,
    })
    this.dirty = false
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function isEntry(id: string, v: unknown): v is CachedProfile {
  if (!isObject(v) || !isObject(v.key) || !isObject(v.figures) || !isObject(v.daily)) return false
  const key = v.key
  return (
    (['ino', 'size', 'mtime', 'walSize', 'walMtime'] as const).every((k) => typeof key[k] === 'number') &&
    typeof v.day === 'string' &&
    typeof v.version === 'number' &&
    v.figures.id === id
  )
}

function sameKey(a: FileKey, b: FileKey): boolean {
  return (
    a.ino === b.ino && a.size === b.size && a.mtime === b.mtime && a.walSize === b.walSize && a.walMtime === b.walMtime
  )
}
