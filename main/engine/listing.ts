import fs from 'node:fs'
import path from 'node:path'
import type { ProfileFacts } from '../../common/model'
import { withReadingConnection } from './connection'
import { APPLICATION_ID, readSqliteHeader } from './header'
import { readMeta } from './meta'
import type { Migration } from './migrations'
import { PROFILE_EXT } from './paths'
import { fileIdent, type CachedProfile, type RegistryIndex } from './registry-index'
import { foreignObjectsProblem, schemaDifference } from './schema'
import { shownVersion } from './version-text'

export interface ProfileEntry extends ProfileFacts {
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
export function scanProfiles(
  profilesDir: string,
  migrations: readonly Migration[],
  opts: { index?: RegistryIndex; lastOpened?: ReadonlyMap<string, string> } = {},
): Listing {
  const listing: Listing = { profiles: [], ignored: [] }
  let names: string[]
  try {
    names = fs.readdirSync(profilesDir)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return listing
    throw e
  }
  const { index, lastOpened } = opts
  const present = new Set(names)
  for (const fileName of names.sort()) {
    if (!fileName.endsWith(PROFILE_EXT) || fileName.startsWith('.')) continue
    const file = path.join(profilesDir, fileName)
    const result = index
      ? inspectThroughIndex(file, fileName, present, index, migrations)
      : inspectProfileFile(file, migrations)
    if ('reason' in result) {
      const item = { file: fileName, reason: result.reason }
      if (result.cause !== undefined) unreadableCauses.set(item, result.cause)
      listing.ignored.push(item)
    } else {
      const opened = lastOpened?.get(result.id)
      listing.profiles.push(opened ? { ...result, lastOpenedAt: opened } : result)
    }
  }
  if (index) {
    index.forgetAllBut(present)
    index.flush()
  }
  listing.profiles.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
  return listing
}

/**
 * One file's entry from the index when the file's identity is what the index recorded, else
 * inspected (and recorded). A file with a -wal or -journal beside it is changing, or was left
 * mid-change: it is always inspected. Unreadable files are never recorded (that is transient).
 */
function inspectThroughIndex(
  file: string,
  fileName: string,
  present: ReadonlySet<string>,
  index: RegistryIndex,
  migrations: readonly Migration[],
): ProfileEntry | { reason: string; cause?: unknown } {
  const statAt = Date.now()
  let st: fs.Stats | undefined
  try {
    st = fs.statSync(file, { throwIfNoEntry: false })
  } catch {
    // A symlink loop, a name too long…: inspecting it gives the reason it cannot be read.
    return inspectProfileFile(file, migrations)
  }
  const steady = st?.isFile() && !present.has(`${fileName}-wal`) && !present.has(`${fileName}-journal`)
  if (!st || !steady) return inspectProfileFile(file, migrations)
  const ident = fileIdent(st)
  const cached = index.lookup(fileName, ident)
  if (cached) return 'reason' in cached ? { reason: cached.reason } : entryOf(cached.profile, st.size, file)
  const result = inspectProfileFile(file, migrations)
  if ('reason' in result) {
    if (result.cause === undefined) index.remember(fileName, ident, st.mtimeMs, statAt, { reason: result.reason })
  } else {
    const { id, name, schemaVersion, createdAt, lastOpenedAt, appVersion } = result
    index.remember(fileName, ident, st.mtimeMs, statAt, {
      profile: { id, name, schemaVersion, createdAt, metaLastOpenedAt: lastOpenedAt, appVersion },
    })
  }
  return result
}

/** One profile file, through the index like a listing would (for resolving one id). */
export function inspectOneFile(
  file: string,
  index: RegistryIndex,
  migrations: readonly Migration[],
): ProfileEntry | { reason: string; cause?: unknown } {
  const fileName = path.basename(file)
  const present = new Set<string>()
  for (const side of ['-wal', '-journal']) if (fs.existsSync(`${file}${side}`)) present.add(`${fileName}${side}`)
  const result = inspectThroughIndex(file, fileName, present, index, migrations)
  index.flush()
  return result
}

function entryOf(p: CachedProfile, sizeBytes: number, file: string): ProfileEntry {
  return {
    id: p.id,
    name: p.name,
    schemaVersion: p.schemaVersion,
    sizeBytes,
    createdAt: p.createdAt,
    lastOpenedAt: p.metaLastOpenedAt,
    appVersion: p.appVersion,
    file,
  }
}

/**
 * Classifies one file without ever writing to it, even while another program holds it. A file
 * whose schema has a trigger, view, index or table its schema version does not have is not
 * listed: opening it would run that code (`migrations` say what each version has).
 */
export function inspectProfileFile(
  file: string,
  migrations: readonly Migration[],
): ProfileEntry | { reason: string; cause?: unknown } {
  let head
  try {
    head = readSqliteHeader(file)
  } catch (e) {
    return { reason: `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` }
  }
  if (head.kind === 'not-sqlite') return { reason: head.reason }
  if (head.header.applicationId !== APPLICATION_ID)
    return { reason: 'a SQLite database of another app, not an Ownlist profile' }
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
