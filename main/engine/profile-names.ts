import path from 'node:path'
import { cleanStaleTemporaries } from './create'
import { OwnlistError } from './errors'
import type { LastOpened } from './last-opened'
import { scanProfiles, unreadableCause, type Listing } from './listing'
import { FileLock } from './lock'
import type { Migration } from './migrations'
import { nameKey } from './names'
import { dirStamp, type RegistryIndex } from './registry-index'

// Profile names across the data folder: listing the folder while keeping the registry index's name
// table exact, and the NAME_TAKEN checks that creates, renames and imports run under the registry lock.

/** What the name checks read: the profiles folder, its locks and the registry index. */
export interface NameSources {
  profilesDir: string
  locksDir: string
  migrations: readonly Migration[]
  index: RegistryIndex
  lastOpened: LastOpened
}

/** Lists the folder; when the listing is exact, records its names in the index (see the comment inside). */
export function listAndRecordNames(src: NameSources, lockHeld: boolean): Listing {
  const dir = src.profilesDir
  cleanStaleTemporaries(dir)
  const gen = src.index.generation()
  const before = dirStamp(dir)
  const misses = src.index.misses
  const listing = scanProfiles(dir, src.migrations, { index: src.index, lastOpened: src.lastOpened.all() })
  // The index's name table is exact for the folder as this listing saw it when no file moved
  // (same folder stamp) and no locked name change ran (same generation) meanwhile: record it
  // then, under the registry lock, so that creates and name lookups need not list the folder.
  const exact = before !== null && gen !== null && !listing.ignored.some((i) => unreadableCause(i) !== undefined)
  if (
    exact &&
    dirStamp(dir) === before &&
    (src.index.misses !== misses || src.index.namedIfCurrent(before, '') === null)
  ) {
    const lock = lockHeld ? null : FileLock.tryAcquire(path.join(src.locksDir, 'registry.lock'))
    if (lockHeld || lock) {
      try {
        if (src.index.generation() === gen && dirStamp(dir) === before) src.index.replaceNames(namesOf(listing), before)
      } finally {
        lock?.release()
      }
    }
  }
  return listing
}

/** The id the index's name table gives for exactly `name` while the folder is unchanged, else null. */
export function indexedIdOfName(src: NameSources, name: string): string | null {
  const stamp = dirStamp(src.profilesDir)
  const named = stamp === null ? null : src.index.namedIfCurrent(stamp, nameKey(name))?.filter((r) => r.name === name)
  return named?.length === 1 ? named[0]!.id : null
}

/**
 * Under the registry lock: throws NAME_TAKEN when another profile has the name. From the
 * index's name table while the folder is as it was when that table was last made exact (no
 * file added, removed or renamed since: creates, renames and imports all run under this lock
 * and keep it so), else from a full listing. Returns the folder stamp the answer holds for.
 */
export function assertNameFreeLocked(src: NameSources, name: string, exceptId: string | null): string | null {
  const key = nameKey(name)
  const before = dirStamp(src.profilesDir)
  const named = before === null ? null : src.index.namedIfCurrent(before, key)
  if (named) {
    const clash = named.find((r) => r.id !== exceptId)
    if (clash) throw nameTaken(clash.name)
    return before
  }
  assertNameFree(name, listAndRecordNames(src, true), exceptId)
  return before
}

export function assertNameFree(name: string, listing: Listing, exceptId: string | null): void {
  const key = nameKey(name)
  const clash = listing.profiles.find((p) => p.id !== exceptId && nameKey(p.name) === key)
  if (clash) throw nameTaken(clash.name)
}

const nameTaken = (name: string) => new OwnlistError('NAME_TAKEN', `A profile named "${name}" already exists.`)

/** The name table's rows for a listing. */
function namesOf(listing: Listing): { file: string; id: string; name: string; key: string }[] {
  return listing.profiles.map((p) => ({ file: path.basename(p.file), id: p.id, name: p.name, key: nameKey(p.name) }))
}
