import fs from 'node:fs'
import path from 'node:path'
import { OwnlistError, toErrorValue } from './errors'
import { unreadableCause, type Listing, type ProfileEntry } from './listing'
import { PROFILE_EXT } from './paths'

/** How crypto.randomUUID() writes an id: the ids the engine gives new and imported profiles. */
const PROFILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export function isProfileId(ref: string): boolean {
  return PROFILE_ID.test(ref)
}

/**
 * The file of the profile with id `ref`, found without reading any profile: null when `ref`
 * is not an id the engine makes or no file of that exact name is in the folder.
 */
export function fileOfId(profilesDir: string, ref: string): string | null {
  if (!PROFILE_ID.test(ref)) return null
  const file = `${ref}${PROFILE_EXT}`
  try {
    // Compared by exact name: on a case-insensitive disk another spelling must not match. Linux
    // disks compare names exactly, so there one stat says it, not a read of the whole folder.
    if (process.platform === 'linux') {
      const full = path.join(profilesDir, file)
      return fs.statSync(full, { throwIfNoEntry: false }) ? full : null
    }
    if (fs.readdirSync(profilesDir).includes(file)) return path.join(profilesDir, file)
  } catch {
    // No folder: the full listing says so.
  }
  return null
}

/** A profile of `listing` by id or exact name, or the error that says why there is none. */
export function findProfile(ref: string, listing: Listing): ProfileEntry {
  const byId = listing.profiles.find((p) => p.id === ref)
  if (byId) return byId
  const byName = listing.profiles.filter((p) => p.name === ref)
  if (byName.length === 1) return byName[0]!
  if (byName.length > 1) {
    throw new OwnlistError('AMBIGUOUS_PROFILE', `${byName.length} profiles are named "${ref}"; use its id instead.`)
  }
  // Profile files SQLite cannot read just now (a full disk, a read-only folder): "not found" would mislead.
  const unreadable = listing.ignored.filter((i) => unreadableCause(i) !== undefined)
  if (unreadable.length) {
    const mine = unreadable.find((i) => i.file === `${ref}${PROFILE_EXT}`)
    const cause = toErrorValue(unreadableCause(mine ?? unreadable[0]!))
    const code = cause.code === 'INTERNAL' ? 'IO_ERROR' : cause.code
    if (mine) throw new OwnlistError(code, `That profile cannot be read now. ${cause.message}`)
    throw new OwnlistError(
      code,
      `No readable profile has the id or name "${ref}", and ${unreadable.length} profile file(s) cannot be read now. ${cause.message}`,
    )
  }
  throw new OwnlistError('PROFILE_NOT_FOUND', `No profile has the id or name "${ref}".`)
}
