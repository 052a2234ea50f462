import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { busyError, isBusy, OwnlistError } from '../errors'
import { copyFilePrivate, durableRename, makePrivateDir, PRIVATE_DIR_MODE, realPathOrResolved } from '../fsutil'
import { temporaryName } from '../create'
import type { Listing, ProfileEntry } from '../listing'
import { IN_USE_ELSEWHERE, lockOrFail, withRegistryLock } from '../lock'
import { readChangeSeq, readMetaLeniently, stampMeta } from '../meta'
import { nameKey, normalizeName, NAME_MAX_LENGTH } from '../names'
import type { Migration } from '../migrations'
import { fileStamp, PROFILE_EXT, type DataLayout } from '../paths'
import { backupProfileFile, removeAbandonedPartials, type BackupResult } from './copy'
import { rebuildInto, type Salvage } from './repair'
import { copyToBackupFolder } from './extra-folder'
import { backupsToPrune } from './retention'
import { removeStaged, stageProfileCopy } from './stage'

import { backupStamps, listBackupFiles, type BackupInfo } from './backup-files'
import { foldStaleSidecars, moveStaleSidecars, withProbe } from './sidecars'

export { listBackupFiles, type BackupInfo, type BackupKind } from './backup-files'

/** What backups need of the engine: its folders, its profiles and their locks. */
export interface BackupHost {
  readonly layout: DataLayout
  readonly schemaVersion: number
  readonly migrations: readonly Migration[]
  readonly templateFile: string
  readonly appVersion: string
  now(): Date
  resolve(ref: string): ProfileEntry
  listProfiles(): Listing
  lockFile(id: string): string
  /** Closes this process's session of the profile, if it has one. */
  closeSession(id: string): void
  /** Opens the profile and closes it again, which migrates an older one. */
  migrate(id: string): Promise<void>
}

/** Backups, restores and imports: every file made is verified before it counts. */
export class Backups {
  constructor(private readonly engine: BackupHost) {}

  /** A verified copy of a profile at `target` (refused with FILE_EXISTS unless `force`). */
  backupTo(ref: string, target: string, opts: { force?: boolean } = {}): Promise<BackupResult> {
    const entry = this.engine.resolve(ref)
    return backupProfileFile(entry.file, path.resolve(target), opts)
  }

  /** A backup into the profile's own backups folder. */
  async backupNow(ref: string, kind: 'auto' | 'manual'): Promise<BackupResult> {
    const entry = this.engine.resolve(ref)
    const target = path.join(this.engine.layout.backupsDir(entry.id), `${kind}-${fileStamp(this.engine.now())}.sqlite`)
    const result = await backupProfileFile(entry.file, target, { createDir: true })
    this.prune(entry.id)
    return result
  }

  /**
   * An automatic backup, only if the profile changed since its newest backup (compared by
   * the change counter every write moves, so changes made by the CLI count too).
   */
  async autoBackupIfChanged(ref: string): Promise<BackupResult | null> {
    const entry = this.engine.resolve(ref)
    const dir = this.engine.layout.backupsDir(entry.id)
    const newest = listBackupFiles(dir)[0]
    const made =
      newest && readChangeSeq(newest.file) === readChangeSeq(entry.file) ? null : await this.backupNow(entry.id, 'auto')
    // Also when unchanged: a backup folder just set, or plugged back in, gets the newest one.
    await copyToBackupFolder(
      this.engine.layout.root,
      entry.id,
      listBackupFiles(dir).find((b) => b.kind === 'auto'),
      this.engine.now(),
    )
    return made
  }

  list(ref: string): BackupInfo[] {
    const entry = this.engine.resolve(ref)
    return listBackupFiles(this.engine.layout.backupsDir(entry.id))
  }

  /** Deletes automatic backups the retention rules no longer keep (never `protect`). */
  prune(id: string, protect: ReadonlySet<string> = new Set()): string[] {
    const dir = this.engine.layout.backupsDir(id)
    const stamps = backupStamps(dir)
    // A protected file may be named through a symlink or another spelling of its folder.
    const protectedReal = new Set([...protect].map(realPathOrResolved))
    const keep = new Set([
      ...protect,
      ...stamps.filter((s) => protectedReal.has(realPathOrResolved(s.file))).map((s) => s.file),
    ])
    const drop = backupsToPrune(stamps, this.engine.now(), keep)
    for (const f of drop) fs.rmSync(f, { force: true })
    removeAbandonedPartials(dir)
    return drop
  }

  /**
   * Replaces a profile with a backup file. The file is validated first (a bad one changes
   * nothing), the current state is kept as a `pre-restore` snapshot (restoring it is the
   * undo), the file is swapped in atomically, and an older backup is then migrated.
   */
  async restore(ref: string, file: string): Promise<{ id: string; restoredFrom: string; undoSnapshot: string }> {
    const entry = this.engine.resolve(ref)
    const source = path.resolve(file)
    this.engine.closeSession(entry.id)
    const lock = lockOrFail(this.engine.lockFile(entry.id), IN_USE_ELSEWHERE)
    const tmp = temporaryName(this.engine.layout.profilesDir, 'restore', entry.id)
    let undoSnapshot: string
    let staleVersion: number
    try {
      staleVersion = stageProfileCopy(source, tmp, this.engine.migrations).schemaVersion
      foldStaleSidecars(this.engine.layout, entry, () => this.engine.now())
      undoSnapshot = await this.keepCurrentState(entry)
      // The change counter moves on past both files' counters: left at the backup's value, it
      // could meet the undo snapshot's after a few edits, and the next automatic backup of a
      // changed profile would be skipped as "unchanged".
      const seq = Math.max(Number(readChangeSeq(entry.file) ?? 0), Number(readChangeSeq(tmp) ?? 0)) + 1
      stampMeta(tmp, { id: entry.id, name: entry.name, change_seq: String(seq) })
      moveStaleSidecars(this.engine.layout, entry, () => this.engine.now())
      durableRename(tmp, entry.file, [this.engine.layout.profilesDir])
    } catch (e) {
      removeStaged(tmp)
      throw e
    } finally {
      lock.release()
    }
    this.prune(entry.id, new Set([source]))
    if (staleVersion < this.engine.schemaVersion) await this.engine.migrate(entry.id)
    return { id: entry.id, restoredFrom: source, undoSnapshot }
  }

  /** Adds a profile file from elsewhere as a new profile; the source is never modified. */
  async importFile(
    file: string,
    opts: { name?: string } = {},
  ): Promise<{ id: string; name: string; schemaVersion: number; migratedFrom: number | null }> {
    const wanted = opts.name === undefined ? undefined : normalizeName(opts.name)
    const id = crypto.randomUUID()
    const { profilesDir } = this.engine.layout
    makePrivateDir(profilesDir)
    const tmp = temporaryName(profilesDir, 'import', id)
    const staged = stageProfileCopy(path.resolve(file), tmp, this.engine.migrations)
    let name: string
    try {
      name = withRegistryLock(this.engine.layout.locksDir, () => {
        const taken = new Set(this.engine.listProfiles().profiles.map((p) => nameKey(p.name)))
        const unique = uniqueName(wanted ?? normalizeName(staged.meta.name), taken)
        stampMeta(tmp, { id, name: unique, created_at: this.engine.now().toISOString() })
        durableRename(tmp, path.join(profilesDir, `${id}${PROFILE_EXT}`), [profilesDir])
        return unique
      })
    } catch (e) {
      removeStaged(tmp)
      throw e
    }
    let migratedFrom: number | null = null
    if (staged.schemaVersion < this.engine.schemaVersion) {
      await this.engine.migrate(id)
      migratedFrom = staged.schemaVersion
    }
    return { id, name, schemaVersion: this.engine.schemaVersion, migratedFrom }
  }

  /**
   * Rebuilds a damaged profile from what can still be read. Only on the user's word: the
   * damaged file is first copied (with its WAL) into the backups folder as
   * `damaged-<time>.sqlite.damaged` and never deleted; the rebuilt file then takes its place.
   */
  async repair(ref: string): Promise<{ id: string; recovered: Salvage; damagedFile: string }> {
    const entry = this.engine.resolve(ref)
    this.engine.closeSession(entry.id)
    const lock = lockOrFail(this.engine.lockFile(entry.id), IN_USE_ELSEWHERE)
    const tmp = temporaryName(this.engine.layout.profilesDir, 'repair', entry.id)
    try {
      const dir = this.engine.layout.backupsDir(entry.id)
      const made = fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
      makePrivateDir(dir)
      const damagedFile = path.join(dir, `damaged-${fileStamp(this.engine.now())}.sqlite.damaged`)
      copyFilePrivate(entry.file, damagedFile, { replace: true })
      if (fs.existsSync(`${entry.file}-wal`))
        copyFilePrivate(`${entry.file}-wal`, `${damagedFile}-wal`, { replace: true })
      // After the copy of the file as found: the probe's connection may fold a -wal into it when it closes.
      try {
        withProbe(entry.file, () => {})
      } catch (e) {
        for (const f of [damagedFile, `${damagedFile}-wal`]) fs.rmSync(f, { force: true })
        // Only folders this repair made, so they hold nothing else.
        if (made) fs.rmSync(made, { recursive: true, force: true })
        throw e
      }
      const meta = readMetaLeniently(damagedFile)
      const recovered = rebuildInto(damagedFile, this.engine.templateFile, tmp, {
        ...meta,
        id: entry.id,
        name: meta.name ?? entry.name,
        created_at: meta.created_at ?? entry.createdAt,
        app_version: this.engine.appVersion,
      })
      moveStaleSidecars(this.engine.layout, entry, () => this.engine.now())
      durableRename(tmp, entry.file, [this.engine.layout.profilesDir])
      return { id: entry.id, recovered, damagedFile }
    } catch (e) {
      removeStaged(tmp)
      throw e
    } finally {
      lock.release()
    }
  }

  /** The current file as the undo snapshot: a verified backup, or its raw bytes if it cannot be read. */
  private async keepCurrentState(entry: ProfileEntry): Promise<string> {
    const target = path.join(
      this.engine.layout.backupsDir(entry.id),
      `pre-restore-${fileStamp(this.engine.now())}.sqlite`,
    )
    try {
      return (await backupProfileFile(entry.file, target, { createDir: true })).file
    } catch (e) {
      if (isBusy(e)) throw busyError(e)
      if (!(e instanceof OwnlistError) && !(e as { code?: string }).code?.startsWith('SQLITE_')) throw e
      copyFilePrivate(entry.file, target, { replace: true })
      return target
    }
  }
}

/** "Work", else "Work (2)", "Work (3)"… */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(nameKey(name))) return name
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`
    const candidate = `${[...name].slice(0, NAME_MAX_LENGTH - suffix.length).join('')}${suffix}`
    if (!taken.has(nameKey(candidate))) return candidate
  }
}
