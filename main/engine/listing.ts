import fs from 'node:fs'
import path from 'node:path'
import { withReadingConnection } from './connection'
import { APPLICATION_ID, readSqliteHeader } from './header'
import { readMeta } from './meta'
import type { Migration } from './migrations'
import { PROFILE_EXT } from './paths'
import { foreignObjectsProblem, schemaDifference } from './schema'
import { shownVersion } from './version-text'

export interface ProfileEntry {
  id: string
  name: string
  schemaVersion: number
  sizeBytes: number
  createdAt: string
  lastOpenedAt: string | null
  /** The app version that last wrote the file. */
  appVersion: string
  file: string
}

export interface IgnoredFile {
  file: string
  reason: string
}

export interface Listing {
  profiles: ProfileEntry[]
  ignored: IgnoredFile[]
}

/** Why an ignored file could not be read at all (a full disk, a read-only folder…), kept out of its JSON. */
const unreadableCauses = new WeakMap<IgnoredFile, unknown>()

/** The error that kept an ignored file from being read, if that is why it was ignored. */
export function unreadableCause(item: IgnoredFile): unknown {
  return unreadableCauses.get(item)
}

/**
 * The profiles folder is the registry: every `*.sqlite` in it is looked at, valid
 * profiles are listed, anything else is reported with a reason and left untouched.
 * Dot-files (temporary files of a create in progress) are not candidates at all.
 */
export function scanProfiles(profilesDir: string, migrations: readonly Migration[]): Listing {
  const listing: Listing = { profiles: [], ignored: [] }
  let names: string[]
  try {
    names = fs.readdirSync(profilesDir)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return listing
    throw e
  }
  for (const fileName of names.sort()) {
    if (!fileName.endsWith(PROFILE_EXT) || fileName.startsWith('.')) continue
    const result = inspectProfileFile(path.join(profilesDir, fileName), migrations)
    if ('reason' in result) {
      const item = { file: fileName, reason: result.reason }
      if (result.cause !== undefined) unreadableCauses.set(item, result.cause)
      listing.ignored.push(item)
    } else listing.profiles.push(result)
  }
  listing.profiles.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
  return listing
}

/**
 * Classifies one file without ever writing to it, even while another program holds it. A file
 * whose schema has a trigger, view, index or table its schema version does not have is not
 * listed: opening it would run that code (`migrations` say what each version has).
 */
export function inspectProfileFile(file: string, migrations: readonly Migration[]): ProfileEntry | { reason: string; cause?: unknown } {
  let head
  try {
    head = readSqliteHeader(file)
  } catch (e) {
    return { reason: `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` }
  }
  if (head.kind === 'not-sqlite') return { reason: head.reason }
  if (head.header.applicationId !== APPLICATION_ID) return { reason: 'a SQLite database of another app, not an Ownlist profile' }
  const id = path.basename(file, PROFILE_EXT)
  try {
    return withReadingConnection(file, (db): ProfileEntry | { reason: string } => {
      const meta = readMeta(db)
      if (!meta.name) return { reason: 'an Ownlist file without a profile name' }
      const version = db.pragma('user_version', { simple: true }) as number
      if (version < 1) return { reason: `an Ownlist file with an invalid schema version (${version})` }
      const foreign = foreignObjectsProblem(schemaDifference(db, migrations))
      if (foreign) return { reason: `not accepted as an Ownlist profile: ${foreign}` }
      return {
        id,
        name: meta.name,
        schemaVersion: version,
        sizeBytes: head.sizeBytes,
        createdAt: meta.created_at ?? '',
        lastOpenedAt: meta.last_opened_at ?? null,
        appVersion: shownVersion(meta.app_version) ?? 'unknown',
        file,
      }
    })
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return { reason: 'a damaged database' }
    if (code === 'SQLITE_ERROR') return { reason: 'an Ownlist file without profile metadata' }
    // An Ownlist file SQLite cannot open just now (the disk is full, the folder read-only…).
    return { reason: `cannot be read (${code ?? 'error'})`, cause: e }
  }
}
