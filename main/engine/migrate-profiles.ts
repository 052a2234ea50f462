import path from 'node:path'
import { toErrorValue, type ErrorValue } from './errors'
import type { IgnoredFile, ProfileEntry } from './listing'
import { openProfileForWriting, type OpenRequest } from './open'
import { PROFILE_EXT } from './paths'

export type MigrateStatus = 'migrated' | 'current' | 'failed' | 'too-new' | 'in-use' | 'not-a-profile'

export interface MigrateResult {
  id: string
  name: string | null
  from: number | null
  to: number | null
  status: MigrateStatus
  error: ErrorValue | null
}

/**
 * Migrates one profile (open + close) and reports what happened instead of throwing.
 * `req` is null when this process has the profile open already (and so migrated).
 */
export async function migrateProfile(entry: ProfileEntry, req: OpenRequest | null): Promise<MigrateResult> {
  const base = { id: entry.id, name: entry.name, from: entry.schemaVersion }
  if (!req) {
    return { ...base, to: entry.schemaVersion, status: 'current', error: null }
  }
  try {
    const opened = await openProfileForWriting(req)
    opened.db.close()
    opened.lock.release()
    return {
      ...base,
      from: opened.from,
      to: opened.to,
      status: opened.from === opened.to ? 'current' : 'migrated',
      error: null,
    }
  } catch (e) {
    const error = toErrorValue(e)
    const status: MigrateStatus =
      error.code === 'SCHEMA_TOO_NEW'
        ? 'too-new'
        : error.code === 'PROFILE_IN_USE'
          ? 'in-use'
          : error.code === 'NOT_A_PROFILE'
            ? 'not-a-profile'
            : 'failed'
    return { ...base, to: entry.schemaVersion, status, error }
  }
}

/** A file the listing ignored, as a migration result. */
export function ignoredResult(ignored: IgnoredFile): MigrateResult {
  return {
    id: path.basename(ignored.file, PROFILE_EXT),
    name: null,
    from: null,
    to: null,
    status: 'not-a-profile',
    error: { code: 'NOT_A_PROFILE', message: `${ignored.file}: ${ignored.reason}` },
  }
}
