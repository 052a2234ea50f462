// One file over 300 lines on purpose: this is the facade the app, the CLI and the tests drive, one
// short method per engine operation delegating to its module (names, open, backup, report…);
// what is left here is the session table and the registry lock that tie those modules together.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { ReadableDb, WritableDb } from './connection'
import { withReadingConnection } from './connection'
import { createProfileFile } from './create'
import { OwnlistError } from './errors'
import { makePrivateDir } from './fsutil'
import { inspectOneFile, type Listing, type ProfileEntry } from './listing'
import { closeIdleLocks, withRegistryLock } from './lock'
import { LastOpened } from './last-opened'
import { dirStamp, RegistryIndex } from './registry-index'
import { writeMeta } from './meta'
import { ignoredResult, migrateProfile, type MigrateResult } from './migrate-profiles'
import { latestVersion, loadMigrations, type Migration } from './migrations'
import { nameKey, normalizeName } from './names'
import { openProfileForWriting, readSchemaVersion, type OpenRequest } from './open'
import { DataLayout } from './paths'
import {
  assertNameFree,
  assertNameFreeLocked,
  indexedIdOfName,
  listAndRecordNames,
  type NameSources,
} from './profile-names'
import { ProfileSession } from './profile-session'
import { Reporter, type Report } from './report'
import { trashProfile } from './trash'
import { fileOfId, findProfile, isProfileId } from './resolve'
import { Backups } from './backup/backups'
import { checkProfile, type CheckResult } from './backup/check'
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_TEMPLATE_FILE, packageVersion } from './resources'

export { ProfileSession }
export type { MigrateResult, MigrateStatus } from './migrate-profiles'

export interface EngineOptions {
  dataDir: string
  migrationsDir?: string
  templateFile?: string
  appVersion?: string
  now?: () => Date
}

/**
 * The engine: a data folder of profile files and everything done to them. Plain Node,
 * no Electron: the desktop app, the CLI and the tests all drive this same class.
 */
export class Engine {
  readonly layout: DataLayout
  readonly migrations: readonly Migration[]
  readonly templateFile: string
  readonly appVersion: string
  readonly now: () => Date
  private readonly sessions = new Map<string, ProfileSession>()
  private reporter: Reporter | undefined
  private backupOps: Backups | undefined
  private readonly index: RegistryIndex
  private readonly lastOpened: LastOpened

  constructor(opts: EngineOptions) {
    this.layout = new DataLayout(opts.dataDir)
    this.migrations = loadMigrations(opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR)
    this.templateFile = opts.templateFile ?? DEFAULT_TEMPLATE_FILE
    this.appVersion = opts.appVersion ?? packageVersion()
    this.now = opts.now ?? (() => new Date())
    this.index = new RegistryIndex(path.join(this.layout.root, 'cache', 'registry.sqlite'))
    this.lastOpened = LastOpened.inDataDir(this.layout.root)
  }

  get schemaVersion(): number {
    return latestVersion(this.migrations)
  }

  /**
   * Every profile file of the folder, classified. Files whose identity the registry index
   * recorded are not opened (see RegistryIndex); everything else is inspected and recorded.
   */
  listProfiles(): Listing {
    return listAndRecordNames(this.names, false)
  }

  /** A profile by id or exact name. Builds no path from the argument before it matched a file name in the folder. */
  resolve(ref: string, given?: Listing): ProfileEntry {
    // The common cases, an id this engine made or a name the index knows: only that profile's
    // file is looked at, not every profile's. Whatever this does not settle goes through the
    // full listing, so the answer is the same.
    if (!given) {
      const found = isProfileId(ref) ? this.byId(ref) : this.byName(ref)
      if (found) return found
    }
    return findProfile(ref, given ?? this.listProfiles())
  }

  private byId(id: string): ProfileEntry | null {
    const file = fileOfId(this.layout.profilesDir, id)
    const entry = file ? inspectOneFile(file, this.index, this.migrations) : null
    if (!entry || 'reason' in entry) return null
    return { ...entry, lastOpenedAt: this.lastOpened.get(entry.id) ?? entry.lastOpenedAt }
  }

  private byName(name: string): ProfileEntry | null {
    const id = indexedIdOfName(this.names, name)
    // The name table is from the last locked change; the file itself has the last word.
    const entry = id === null ? null : this.byId(id)
    return entry?.name === name ? entry : null
  }

  /** What the name checks need: the folder, the index and the registry lock. */
  private get names(): NameSources {
    return {
      profilesDir: this.layout.profilesDir,
      locksDir: this.layout.locksDir,
      migrations: this.migrations,
      index: this.index,
      lastOpened: this.lastOpened,
    }
  }

  createProfile(rawName: unknown): ProfileEntry {
    const name = normalizeName(rawName)
    makePrivateDir(this.layout.profilesDir)
    return withRegistryLock(this.layout.locksDir, () => {
      const before = assertNameFreeLocked(this.names, name, null)
      const id = crypto.randomUUID()
      const createdAt = this.now().toISOString()
      const file = createProfileFile(this.layout.profilesDir, this.templateFile, {
        id,
        name,
        createdAt,
        appVersion: this.appVersion,
      })
      this.index.putName(
        { file: path.basename(file), id, name, key: nameKey(name) },
        before,
        dirStamp(this.layout.profilesDir),
      )
      return {
        id,
        name,
        schemaVersion: readSchemaVersion(file),
        sizeBytes: fs.statSync(file).size,
        createdAt,
        lastOpenedAt: null,
        appVersion: this.appVersion,
        file,
      }
    })
  }

  /**
   * Opens a profile for writing, migrating it first if it is older than the app. `stamp: false`
   * is for the engine's own short opens (a rename of a profile that is not open): they are not
   * "the app opened it", so they leave its last-opened time as it was.
   */
  async openProfile(
    ref: string,
    onProgress?: OpenRequest['onProgress'],
    options: { stamp?: boolean } = {},
  ): Promise<ProfileSession> {
    const entry = this.locate(ref)
    if (this.sessions.has(entry.id)) {
      throw new OwnlistError('PROFILE_IN_USE', 'This profile is already open in this window.')
    }
    const request = this.openRequest(entry, onProgress)
    if (options.stamp === false) delete request.stampOpened
    const opened = await openProfileForWriting(request)
    let session: ProfileSession
    try {
      const backupsDir = this.layout.backupsDir(entry.id)
      session = new ProfileSession(entry.id, opened.db, entry.file, opened.lock, backupsDir, this.now, (s) =>
        this.sessions.delete(s.id),
      )
    } catch (e) {
      // The file vanished between opening and watching it.
      opened.db.close()
      opened.lock.release()
      throw e
    }
    this.sessions.set(entry.id, session)
    return session
  }

  /**
   * Runs a read against a profile. A current profile is read through a reading connection,
   * so it works even while another process has it open; an older one is opened (and so
   * migrated) first; a newer one is refused untouched.
   */
  async readProfile<T>(ref: string, read: (db: ReadableDb) => T): Promise<T> {
    const entry = this.resolve(ref)
    const own = this.sessions.get(entry.id)
    if (own) return own.read(read)
    const version = readSchemaVersion(entry.file)
    if (version === this.schemaVersion) return withReadingConnection(entry.file, read)
    const session = await this.openProfile(entry.id)
    try {
      return session.read(read)
    } finally {
      session.close()
    }
  }

  /** Runs a write against a profile, opening it for the duration if this process has not. */
  async writeProfile<T>(ref: string, write: (db: WritableDb) => T): Promise<T> {
    const entry = this.resolve(ref)
    const own = this.sessions.get(entry.id)
    if (own) return own.write(write)
    const session = await this.openProfile(entry.id)
    try {
      return session.write(write)
    } finally {
      session.close()
    }
  }

  /**
   * Where a profile's file is, without reading it when `ref` is the id of a file that is
   * there (opening reads and checks it anyway); anything else is resolved in full.
   */
  private locate(ref: string): { id: string; file: string } {
    const file = fileOfId(this.layout.profilesDir, ref)
    return file ? { id: ref, file } : this.resolve(ref)
  }

  /** The open session for a profile in this process, if any. */
  session(id: string): ProfileSession | undefined {
    return this.sessions.get(id)
  }

  async renameProfile(ref: string, rawName: unknown): Promise<{ id: string; name: string }> {
    const name = normalizeName(rawName)
    const listing = this.listProfiles()
    const entry = this.resolve(ref, listing)
    // Refuse a taken name before opening: opening migrates an older profile, and a refused
    // rename must leave the file as it was. Checked again under the lock. The open does not
    // stamp last-opened: a rename is not the app opening the profile.
    assertNameFree(name, listing, entry.id)
    const own = this.sessions.get(entry.id)
    const session = own ?? (await this.openProfile(entry.id, undefined, { stamp: false }))
    try {
      withRegistryLock(this.layout.locksDir, () => {
        const before = assertNameFreeLocked(this.names, name, entry.id)
        session.write((db) => writeMeta(db, { name }))
        this.index.putName(
          { file: path.basename(entry.file), id: entry.id, name, key: nameKey(name) },
          before,
          dirStamp(this.layout.profilesDir),
        )
      })
    } finally {
      if (!own) session.close()
    }
    return { id: entry.id, name }
  }

  /** Moves a profile's file into trash/ after a checkpoint; nothing is unlinked. */
  deleteProfile(ref: string): { id: string; trashedTo: string } {
    const entry = this.resolve(ref)
    this.sessions.get(entry.id)?.close()
    const trashedTo = trashProfile(this.layout, entry, this.lockFile(entry.id), this.now)
    return { id: entry.id, trashedTo }
  }

  /** Migrates one profile (open + close) and reports what happened instead of throwing. */
  migrateProfile(entry: ProfileEntry): Promise<MigrateResult> {
    return migrateProfile(entry, this.sessions.has(entry.id) ? null : this.openRequest(entry))
  }

  /** Migrates every profile, going on past failures; ignored files are reported too. */
  async migrateAll(): Promise<MigrateResult[]> {
    const listing = this.listProfiles()
    const results: MigrateResult[] = []
    for (const entry of listing.profiles) results.push(await this.migrateProfile(entry))
    return [...results, ...listing.ignored.map(ignoredResult)]
  }

  /** Backups, restores and imports of this data folder's profiles. */
  get backups(): Backups {
    this.backupOps ??= new Backups({
      layout: this.layout,
      schemaVersion: this.schemaVersion,
      migrations: this.migrations,
      templateFile: this.templateFile,
      appVersion: this.appVersion,
      now: () => this.now(),
      resolve: (ref) => this.resolve(ref),
      listProfiles: () => this.listProfiles(),
      lockFile: (id) => this.lockFile(id),
      closeSession: (id) => this.sessions.get(id)?.close(),
      migrate: async (id) => (await this.openProfile(id)).close(),
    })
    return this.backupOps
  }

  /** Integrity, foreign-key and full-text checks; the profile is not changed. */
  async checkProfile(ref: string): Promise<CheckResult> {
    const entry = this.resolve(ref)
    return checkProfile({
      file: entry.file,
      lockFile: this.lockFile(entry.id),
      schemaVersion: this.schemaVersion,
      own: this.sessions.get(entry.id),
    })
  }

  /** Figures across every profile; unchanged profiles come from the cache without being opened. */
  report(now?: Date): Report {
    this.reporter ??= new Reporter({
      profilesDir: this.layout.profilesDir,
      cacheFile: path.join(this.layout.root, 'cache', 'report.json'),
      latestSchema: this.schemaVersion,
      templateFile: this.templateFile,
    })
    return this.reporter.run(now)
  }

  /** Closes every profile this process has open. */
  close(): void {
    for (const s of [...this.sessions.values()]) s.close()
    this.index.close()
    this.lastOpened.close()
    closeIdleLocks(this.layout.locksDir)
  }

  /** The side file whose OS lock marks a profile as open for writing. */
  lockFile(id: string): string {
    return path.join(this.layout.locksDir, `${id}.lock`)
  }

  private openRequest(entry: { id: string; file: string }, onProgress?: OpenRequest['onProgress']): OpenRequest {
    return {
      id: entry.id,
      file: entry.file,
      lockFile: this.lockFile(entry.id),
      backupsDir: this.layout.backupsDir(entry.id),
      migrations: this.migrations,
      appVersion: this.appVersion,
      now: this.now,
      onProgress,
      stampOpened: (at) => this.lastOpened.stamp(entry.id, at),
    }
  }
}
