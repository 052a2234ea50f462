import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Db } from './connection'
import { openForReading, openWritable, withReadingConnection, writeMeta } from './connection'
import { cleanStaleTemporaries, createProfileFile } from './create'
import { OwnlistError, toErrorValue, type ErrorValue } from './errors'
import { durableRename, makePrivateDir } from './fsutil'
import { isHeaderAuthoritative } from './header'
import { inspectProfileFile, scanProfiles, unreadableCause, type Listing, type ProfileEntry } from './listing'
import { FileLock, withRegistryLock } from './lock'
import { latestVersion, loadMigrations, type Migration } from './migrations'
import { nameKey, normalizeName } from './names'
import { closeChangedProfile } from './outside-change'
import { openProfileForWriting, readSchemaVersion, type OpenRequest } from './open'
import { DataLayout, fileStamp, PROFILE_EXT } from './paths'
import { ProfileFiles, type OutsideChange } from './profile-files'
import { Reporter, type Report } from './report'
import { Backups } from './backup/backups'
import { checkDatabase, checkFullTextOnCopy } from './backup/check'
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_TEMPLATE_FILE, packageVersion } from './resources'

export interface EngineOptions {
  dataDir: string
  migrationsDir?: string
  templateFile?: string
  appVersion?: string
  now?: () => Date
}

export type MigrateStatus = 'migrated' | 'current' | 'failed' | 'too-new' | 'in-use' | 'not-a-profile'

export interface MigrateResult {
  id: string
  name: string | null
  from: number | null
  to: number | null
  status: MigrateStatus
  error: ErrorValue | null
}

/** How crypto.randomUUID() writes an id: the ids the engine gives new and imported profiles. */
const PROFILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * A profile open for writing by this process. Close it to release its lock.
 *
 * Reads and writes go through `read` and `write`, which first check that the file is still the
 * one this process last wrote (see ProfileFiles). One changed outside (moved, deleted, replaced,
 * copied over, truncated) is closed at once without another byte written to it, both versions
 * are kept (see closeChangedProfile), and the call fails with PROFILE_NOT_FOUND saying so.
 * `db` itself is for reads that need no check (or tests): writes through it are not recorded.
 */
export class ProfileSession {
  private closed = false
  private changedOutside: OwnlistError | null = null
  private readonly files: ProfileFiles
  constructor(
    readonly id: string,
    readonly db: Db,
    file: string,
    private readonly lock: FileLock,
    private readonly backupsDir: string,
    private readonly now: () => Date,
    private readonly onClose: (s: ProfileSession) => void,
  ) {
    this.files = new ProfileFiles(file)
  }

  get isOpen(): boolean {
    return !this.closed
  }

  /** Why this session closed itself: its file was changed outside Ownlist (null otherwise). */
  get outsideChange(): OwnlistError | null {
    return this.changedOutside
  }

  /** Runs a read, once the file is known to be the one this process wrote. */
  read<T>(fn: (db: Db) => T): T {
    this.assertUnchanged()
    return fn(this.db)
  }

  /** Runs a write, once the file is known to be the one this process wrote; records the files after it. */
  write<T>(fn: (db: Db) => T): T {
    this.assertUnchanged()
    try {
      return fn(this.db)
    } finally {
      this.files.record()
    }
  }

  /**
   * Throws when the session is closed, and closes it first (keeping both versions) when its
   * file was changed outside Ownlist.
   */
  assertUnchanged(): void {
    if (!this.closed) {
      const change = this.files.outsideChange()
      if (!change) return
      this.closeAs(change)
    }
    throw this.changedOutside ?? new OwnlistError('PROFILE_NOT_OPEN', 'This profile is no longer open.')
  }

  close(): void {
    if (this.closed) return
    this.closeAs(this.files.outsideChange())
  }

  private closeAs(change: OutsideChange | null): void {
    this.closed = true
    try {
      if (change) {
        this.changedOutside = closeChangedProfile({ db: this.db, files: this.files, change, backupsDir: this.backupsDir, stamp: fileStamp(this.now()) })
      } else {
        try {
          this.db.pragma('optimize')
        } finally {
          // The last connection to close checkpoints and removes -wal/-shm.
          this.db.close()
        }
      }
    } finally {
      this.files.release()
      this.lock.release()
      this.onClose(this)
    }
  }
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

  constructor(opts: EngineOptions) {
    this.layout = new DataLayout(opts.dataDir)
    this.migrations = loadMigrations(opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR)
    this.templateFile = opts.templateFile ?? DEFAULT_TEMPLATE_FILE
    this.appVersion = opts.appVersion ?? packageVersion()
    this.now = opts.now ?? (() => new Date())
  }

  get schemaVersion(): number {
    return latestVersion(this.migrations)
  }

  listProfiles(): Listing {
    cleanStaleTemporaries(this.layout.profilesDir)
    return scanProfiles(this.layout.profilesDir, this.migrations)
  }

  /** A profile by id or exact name. Builds no path from the argument before it matched a file name in the folder. */
  resolve(ref: string, given?: Listing): ProfileEntry {
    // The common case, an id this engine made: only that profile's file is read, not every
    // profile's (switching between two profiles spent as long listing as opening). Whatever
    // this does not settle goes through the full listing below, so the answer is the same.
    if (!given && PROFILE_ID.test(ref)) {
      cleanStaleTemporaries(this.layout.profilesDir)
      const file = `${ref}${PROFILE_EXT}`
      let present = false
      try {
        // Compared by exact name: on a case-insensitive disk another spelling must not match.
        present = fs.readdirSync(this.layout.profilesDir).includes(file)
      } catch {
        // No folder: the full listing says so.
      }
      const entry = present ? inspectProfileFile(path.join(this.layout.profilesDir, file), this.migrations) : null
      if (entry && !('reason' in entry)) return entry
    }
    const listing = given ?? this.listProfiles()
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
      throw new OwnlistError(code, `No readable profile has the id or name "${ref}", and ${unreadable.length} profile file(s) cannot be read now. ${cause.message}`)
    }
    throw new OwnlistError('PROFILE_NOT_FOUND', `No profile has the id or name "${ref}".`)
  }

  createProfile(rawName: unknown): ProfileEntry {
    const name = normalizeName(rawName)
    makePrivateDir(this.layout.profilesDir)
    return withRegistryLock(this.layout.locksDir, () => {
      const listing = this.listProfiles()
      this.assertNameFree(name, listing, null)
      const id = crypto.randomUUID()
      const createdAt = this.now().toISOString()
      const file = createProfileFile(this.layout.profilesDir, this.templateFile, {
        id,
        name,
        createdAt,
        appVersion: this.appVersion,
      })
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

  /** Opens a profile for writing, migrating it first if it is older than the app. */
  async openProfile(ref: string, onProgress?: OpenRequest['onProgress']): Promise<ProfileSession> {
    const entry = this.locate(ref)
    if (this.sessions.has(entry.id)) {
      throw new OwnlistError('PROFILE_IN_USE', 'This profile is already open in this window.')
    }
    const opened = await openProfileForWriting(this.openRequest(entry, onProgress))
    let session: ProfileSession
    try {
      const backupsDir = this.layout.backupsDir(entry.id)
      session = new ProfileSession(entry.id, opened.db, entry.file, opened.lock, backupsDir, this.now, (s) => this.sessions.delete(s.id))
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
  async readProfile<T>(ref: string, read: (db: Db) => T): Promise<T> {
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
  async writeProfile<T>(ref: string, write: (db: Db) => T): Promise<T> {
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
    if (PROFILE_ID.test(ref)) {
      const file = `${ref}${PROFILE_EXT}`
      try {
        if (fs.readdirSync(this.layout.profilesDir).includes(file)) return { id: ref, file: path.join(this.layout.profilesDir, file) }
      } catch {
        // No folder: resolve says so.
      }
    }
    return this.resolve(ref)
  }

  /** The open session for a profile in this process, if any. */
  session(id: string): ProfileSession | undefined {
    return this.sessions.get(id)
  }

  async renameProfile(ref: string, rawName: unknown): Promise<{ id: string; name: string }> {
    const name = normalizeName(rawName)
    const listing = this.listProfiles()
    const entry = this.resolve(ref, listing)
    // Refuse a taken name before opening: opening stamps last_opened_at (and migrates an older
    // profile), and a refused rename must leave the file as it was. Checked again under the lock.
    this.assertNameFree(name, listing, entry.id)
    const own = this.sessions.get(entry.id)
    const session = own ?? (await this.openProfile(entry.id))
    try {
      withRegistryLock(this.layout.locksDir, () => {
        this.assertNameFree(name, this.listProfiles(), entry.id)
        session.write((db) => writeMeta(db, { name }))
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
    const lock = FileLock.tryAcquire(this.lockFile(entry.id), 0)
    if (!lock) throw new OwnlistError('PROFILE_IN_USE', 'This profile is open in another Ownlist window or process.')
    try {
      if (!isHeaderAuthoritative(entry.file)) {
        // Fold the WAL into the file so the trashed copy is one complete file.
        const db = openWritable(entry.file)
        db.pragma('wal_checkpoint(TRUNCATE)')
        db.close()
      }
      makePrivateDir(this.layout.trashDir)
      const trashedTo = path.join(this.layout.trashDir, `${entry.id}-${fileStamp(this.now())}${PROFILE_EXT}`)
      durableRename(entry.file, trashedTo, [this.layout.profilesDir, this.layout.trashDir])
      // The lock file is ours, not the user's: it goes with the profile (where the OS allows).
      try {
        fs.rmSync(this.lockFile(entry.id), { force: true })
      } catch {
        // Windows keeps an open file; it is removed with the next delete of this id, or never matters.
      }
      return { id: entry.id, trashedTo }
    } finally {
      lock.release()
    }
  }

  /** Migrates one profile (open + close) and reports what happened instead of throwing. */
  async migrateProfile(entry: ProfileEntry): Promise<MigrateResult> {
    const base = { id: entry.id, name: entry.name, from: entry.schemaVersion }
    if (this.sessions.has(entry.id)) {
      return { ...base, to: entry.schemaVersion, status: 'current', error: null }
    }
    try {
      const opened = await openProfileForWriting(this.openRequest(entry))
      opened.db.close()
      opened.lock.release()
      return { ...base, from: opened.from, to: opened.to, status: opened.from === opened.to ? 'current' : 'migrated', error: null }
    } catch (e) {
      const error = toErrorValue(e)
      const status: MigrateStatus =
        error.code === 'SCHEMA_TOO_NEW' ? 'too-new'
        : error.code === 'PROFILE_IN_USE' ? 'in-use'
        : error.code === 'NOT_A_PROFILE' ? 'not-a-profile'
        : 'failed'
      return { ...base, to: entry.schemaVersion, status, error }
    }
  }

  /** Migrates every profile, going on past failures; ignored files are reported too. */
  async migrateAll(): Promise<MigrateResult[]> {
    const listing = this.listProfiles()
    const results: MigrateResult[] = []
    for (const entry of listing.profiles) results.push(await this.migrateProfile(entry))
    for (const ignored of listing.ignored) {
      results.push({
        id: path.basename(ignored.file, PROFILE_EXT),
        name: null,
        from: null,
        to: null,
        status: 'not-a-profile',
        error: { code: 'NOT_A_PROFILE', message: `${ignored.file}: ${ignored.reason}` },
      })
    }
    return results
  }

  /** Backups, restores and imports of this data folder's profiles. */
  get backups(): Backups {
    this.backupOps ??= new Backups(this)
    return this.backupOps
  }

  /** Integrity, foreign-key and full-text checks; the profile is not changed. */
  async checkProfile(ref: string): Promise<{ ok: boolean; problems: string[] }> {
    const entry = this.resolve(ref)
    const own = this.sessions.get(entry.id)
    let problems: string[]
    if (own) {
      // The full-text check is an FTS5 command written as an INSERT.
      problems = own.write((db) => checkDatabase(db, { fullText: true }))
    } else {
      const lock = readSchemaVersion(entry.file) <= this.schemaVersion ? FileLock.tryAcquire(this.lockFile(entry.id), 0) : null
      try {
        // Without the lock (in use elsewhere, or a newer schema) the check only reads, and the
        // full-text check (an FTS5 command written as an INSERT) runs on a copy instead.
        const db = lock ? openWritable(entry.file) : openForReading(entry.file)
        try {
          problems = checkDatabase(db, { fullText: lock !== null })
        } finally {
          db.close()
        }
        if (!lock && problems.length === 0) problems = await checkFullTextOnCopy(entry.file)
      } catch (e) {
        const code = (e as { code?: string }).code ?? ''
        if (!code.startsWith('SQLITE_CORRUPT') && !code.startsWith('SQLITE_NOTADB')) throw e
        problems = [`the database is damaged and cannot be read (${(e as Error).message})`]
      } finally {
        lock?.release()
      }
    }
    return { ok: problems.length === 0, problems }
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
    }
  }

  private assertNameFree(name: string, listing: Listing, exceptId: string | null): void {
    const key = nameKey(name)
    const clash = listing.profiles.find((p) => p.id !== exceptId && nameKey(p.name) === key)
    if (clash) throw new OwnlistError('NAME_TAKEN', `A profile named "${clash.name}" already exists.`)
  }
}
