// One file over 300 lines on purpose: the Replication class is the replication API group, one
// method per command (replicas add/list/remove/restore, replicate), each a few steps over the
// modules beside it (lease, keystore, status, restore, supervisor); splitting it would split the group.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Engine } from '../engine'
import { OwnlistError } from '../errors'
import { makePrivateDir } from '../fsutil'
import { generateAgeKey, identitiesIn, recipientOf } from './age-key'
import { findLitestream, type BinaryOptions } from './binary'
import { restoreFromReplica, type RestoredFile } from './restore'
import { FileKeyStore, type KeyStore } from './keystore'
import { isHeldBy, readLease, releaseLease, takeLease } from './lease'
import { readStatus, writeStatus, type ReplicaState, type ReplicaStatus } from './status'
import { ReplicaStore, type ReplicaSetting } from './store'
import {
  stopLitestreamOf,
  Supervisor,
  type SupervisedDb,
  type SupervisedReplica,
  type SupervisorOptions,
} from './supervisor'
import type { Credentials } from './transport'
import { parseReplicaUrl, isRemote, type ReplicaTarget, type ReplicaType } from './url'

export interface ReplicationOptions {
  /** Where age identities are kept; default: a 0600 file in the data folder. */
  keys?: KeyStore
  binary?: BinaryOptions
  env?: NodeJS.ProcessEnv
}

export interface AddOptions {
  keyFile?: string
  encrypt?: boolean
  takeOver?: boolean
}

export interface OnceResult {
  id: string
  url: string
  status: 'synced' | 'failed' | 'taken-over' | 'unavailable'
  syncedAt: string | null
  error: { code: string; message: string } | null
}

/** What a key file given with --key-file holds: an age identity (encryption) or an SSH private key (SFTP login). */
function readKeyFile(file: string): { identity?: string; sshKeyFile?: string } {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    throw new OwnlistError('INVALID_ARGUMENT', 'The key file cannot be read.')
  }
  const [identity] = identitiesIn(text)
  if (identity) return { identity }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) return { sshKeyFile: path.resolve(file) }
  throw new OwnlistError(
    'INVALID_ARGUMENT',
    'The key file holds neither an age key (AGE-SECRET-KEY-1…) nor an SSH private key.',
  )
}

/**
 * Replication of profiles with Litestream: replica settings, leases, a supervised Litestream
 * process, point-in-time restores. Plain Node (no Electron): the CLI uses it now, the app later.
 */
export class Replication {
  readonly store: ReplicaStore
  readonly keys: KeyStore
  private readonly env: NodeJS.ProcessEnv

  constructor(
    readonly engine: Engine,
    private readonly opts: ReplicationOptions = {},
  ) {
    this.store = new ReplicaStore(engine.layout.root)
    this.keys = opts.keys ?? FileKeyStore.inDataFolder(engine.layout.root)
    this.env = opts.env ?? process.env
  }

  /** The Litestream binary, or REPLICATION_UNAVAILABLE (Windows, or not installed). */
  binary(): string {
    return findLitestream(this.opts.binary)
  }

  get available(): boolean {
    try {
      this.binary()
      return true
    } catch {
      return false
    }
  }

  async add(
    ref: string,
    url: string,
    opts: AddOptions = {},
  ): Promise<{ profile: string; url: string; type: ReplicaType; encrypted: boolean }> {
    const target = parseReplicaUrl(url)
    const entry = this.engine.resolve(ref)
    const key = opts.keyFile !== undefined ? readKeyFile(opts.keyFile) : {}
    if (key.sshKeyFile && target.type !== 'sftp')
      throw new OwnlistError('INVALID_ARGUMENT', 'An SSH key is for sftp:// replicas only.')
    this.binary()
    const encrypted = opts.encrypt === false ? false : key.identity !== undefined || isRemote(target)
    const password = this.env.OWNLIST_SFTP_PASSWORD
    const creds: Credentials = { sshKeyFile: key.sshKeyFile, password: target.type === 'sftp' ? password : undefined }
    if (target.type === 'file') makePrivateDir(target.path)
    await takeLease(
      target,
      creds,
      { profileId: entry.id, machineId: this.store.machineId() },
      { takeOver: opts.takeOver ?? false, now: this.engine.now() },
    )
    const setting: ReplicaSetting = { url, type: target.type, encrypted }
    if (creds.sshKeyFile) setting.sshKeyFile = creds.sshKeyFile
    if (creds.password !== undefined) setting.password = creds.password
    if (encrypted) {
      setting.keyId = crypto.createHash('sha256').update(`${entry.id}\n${url}`).digest('hex').slice(0, 16)
      this.keys.put(setting.keyId, key.identity ?? generateAgeKey().identity)
    }
    const current = this.store.read(entry.id)
    this.store.write({ profileId: entry.id, replicas: [...current.replicas.filter((r) => r.url !== url), setting] })
    return { profile: entry.id, url, type: target.type, encrypted }
  }

  /** Replicas and their status (from a running replicator, or idle). Contacts no server. */
  async list(ref: string): Promise<{ replicas: (ReplicaState & { type: ReplicaType; encrypted: boolean })[] }> {
    const entry = this.engine.resolve(ref)
    const { replicas } = this.store.read(entry.id)
    const status = readStatus(this.store.statusFile(entry.id))
    const available = this.available
    const machineId = this.store.machineId()
    const out = []
    for (const r of replicas) {
      const last = status.replicas.find((s) => s.url === r.url)
      let st: ReplicaStatus = !available
        ? 'unavailable'
        : status.live && last
          ? last.status
          : last?.status === 'taken-over'
            ? 'taken-over'
            : 'idle'
      let error = !available ? 'Replication is not available on this system.' : (last?.error ?? null)
      if (available && r.type === 'file') {
        // A local lease is cheap to read: a take-over shows even when no replicator runs here.
        try {
          const lease = await readLease(parseReplicaUrl(r.url), {})
          if (lease && !isHeldBy(lease, { profileId: entry.id, machineId })) {
            st = 'taken-over'
            error = 'Another profile or Ownlist data folder took this replica over; this one no longer writes there.'
          }
        } catch {
          if (!status.live) error = 'The replica’s folder cannot be reached.'
        }
      }
      if (st === 'idle' && !status.live && last?.status !== 'taken-over') error = null
      out.push({
        url: r.url,
        type: r.type,
        encrypted: r.encrypted,
        status: st,
        lastSyncedAt: last?.lastSyncedAt ?? null,
        error,
      })
    }
    return { replicas: out }
  }

  async remove(ref: string, url: string): Promise<{ profile: string; url: string; removed: true }> {
    const entry = this.engine.resolve(ref)
    const current = this.store.read(entry.id)
    const setting = current.replicas.find((r) => r.url === url)
    if (!setting) throw new OwnlistError('NOT_FOUND', 'This profile has no replica at that address.')
    try {
      await releaseLease(parseReplicaUrl(url), this.creds(setting), {
        profileId: entry.id,
        machineId: this.store.machineId(),
      })
    } catch {
      // Unreachable: the setting still goes; a lease left behind is this machine's and can be taken over.
    }
    this.store.write({ profileId: entry.id, replicas: current.replicas.filter((r) => r.url !== url) })
    return { profile: entry.id, url, removed: true }
  }

  /** The databases to replicate for these profiles (all with replicas when `refs` is 'all'). */
  supervisedDbs(refs: string[] | 'all'): () => SupervisedDb[] {
    const ids = refs === 'all' ? null : refs.map((r) => this.engine.resolve(r).id)
    return () => {
      const wanted = ids ?? this.store.profileIds()
      const out: SupervisedDb[] = []
      for (const id of wanted) {
        const replicas = this.store.read(id).replicas.map((s) => this.supervised(s))
        if (replicas.length === 0) continue
        out.push({
          profileId: id,
          file: this.engine.layout.profileFile(id),
          metaPath: path.join(this.store.dir, 'meta', id),
          replicas,
        })
      }
      return out
    }
  }

  /** A replicator for these profiles; its status goes to the data folder for `replicas list`. */
  supervisor(refs: string[] | 'all', extra: Partial<SupervisorOptions> = {}): Supervisor {
    const dbs = this.supervisedDbs(refs)
    if (refs !== 'all' && dbs().length === 0)
      throw new OwnlistError('NOT_FOUND', 'This profile has no replicas; add one with `replicas add`.')
    const written = new Map<string, string>()
    // An onStatus of the caller's (the app's event) is told after the status file is written.
    const { onStatus: tell, ...rest } = extra
    return new Supervisor({
      binary: this.binary(),
      machineId: this.store.machineId(),
      dbs,
      runDir: path.join(this.store.dir, 'run'),
      onStatus: (profileId, replicas) => {
        const text = JSON.stringify(replicas)
        if (written.get(profileId) === text) return
        written.set(profileId, text)
        try {
          writeStatus(this.store.statusFile(profileId), {
            pid: process.pid,
            updatedAt: new Date().toISOString(),
            replicas,
          })
        } catch {
          // A status that cannot be written only makes `replicas list` say less.
        }
        tell?.(profileId, replicas)
      },
      ...rest,
    })
  }

  /** Ships what is there now, then stops (`replicate --once`). */
  async runOnce(
    refs: string[] | 'all',
    opts: { timeoutMs?: number; onProgress?: (line: string) => void } = {},
  ): Promise<OnceResult[]> {
    let sup: Supervisor
    try {
      sup = this.supervisor(refs, { onProgress: opts.onProgress })
    } catch (e) {
      if (!(e instanceof OwnlistError) || e.code !== 'REPLICATION_UNAVAILABLE') throw e
      return this.supervisedDbs(refs)().flatMap((db) =>
        db.replicas.map((r) => ({
          id: db.profileId,
          url: r.target.url,
          status: 'unavailable' as const,
          syncedAt: null,
          error: e.toValue(),
        })),
      )
    }
    sup.start()
    await sup.settled(opts.timeoutMs ?? 20_000)
    const before = sup.states()
    const code = await sup.stop()
    const results: OnceResult[] = []
    for (const [id, states] of before) {
      for (const s of states) {
        if (s.status === 'taken-over')
          results.push({
            id,
            url: s.url,
            status: 'taken-over',
            syncedAt: null,
            error: { code: 'REPLICA_IN_USE', message: s.error ?? 'Taken over.' },
          })
        else if (s.status === 'ok' && code === 0)
          results.push({ id, url: s.url, status: 'synced', syncedAt: s.lastSyncedAt, error: null })
        else
          results.push({
            id,
            url: s.url,
            status: 'failed',
            syncedAt: s.lastSyncedAt,
            error: {
              code: 'REPLICA_UNREACHABLE',
              message: s.error ?? 'The replica could not be brought up to date in time.',
            },
          })
      }
    }
    return results
  }

  /** Stops replicating a profile before it is deleted (the replica and its settings stay). */
  async beforeDelete(ref: string): Promise<void> {
    const entry = this.engine.resolve(ref)
    await stopLitestreamOf(path.join(this.store.dir, 'run'), entry.id)
  }

  /** A replica restored as a new profile, through the same validation as an import. */
  async restoreAsNew(
    url: string,
    opts: { at?: Date; name?: string; keyFile?: string } = {},
  ): Promise<{ id: string; name: string; schemaVersion: number; asOf: string }> {
    return this.withRestored(url, opts, async (r) => {
      const p = await this.engine.backups.importFile(r.file, { name: opts.name })
      return { id: p.id, name: p.name, schemaVersion: p.schemaVersion, asOf: r.asOf.toISOString() }
    })
  }

  /** A replica restored over a profile, as a restore from a file: validated, the current state kept as `pre-restore`. */
  async restoreInto(
    ref: string,
    url: string,
    opts: { at?: Date; keyFile?: string } = {},
  ): Promise<{ id: string; restoredFrom: string; undoSnapshot: string }> {
    const entry = this.engine.resolve(ref)
    return this.withRestored(url, opts, async (r) => {
      // A replicator running for this profile sees the file swapped and starts a new generation.
      const out = await this.engine.backups.restore(entry.id, r.file)
      return { id: out.id, restoredFrom: url, undoSnapshot: out.undoSnapshot }
    })
  }

  private async withRestored<T>(
    url: string,
    opts: { at?: Date; keyFile?: string },
    use: (r: RestoredFile) => Promise<T>,
  ): Promise<T> {
    const target = parseReplicaUrl(url)
    const key = opts.keyFile !== undefined ? readKeyFile(opts.keyFile) : {}
    const binary = this.binary()
    const known = this.knownSettings(url)
    const creds: Credentials = {
      sshKeyFile: key.sshKeyFile ?? known.find((s) => s.sshKeyFile)?.sshKeyFile,
      password: this.env.OWNLIST_SFTP_PASSWORD ?? known.find((s) => s.password !== undefined)?.password,
    }
    const identities = [...new Set([...(key.identity ? [key.identity] : []), ...this.keys.all()])]
    const restored = await restoreFromReplica({ binary, target, creds, identities, at: opts.at ?? null })
    try {
      return await use(restored)
    } finally {
      restored.dispose()
    }
  }

  private knownSettings(url: string): ReplicaSetting[] {
    return this.store.profileIds().flatMap((id) => this.store.read(id).replicas.filter((r) => r.url === url))
  }

  private creds(s: ReplicaSetting): Credentials {
    return { sshKeyFile: s.sshKeyFile, password: s.password }
  }

  private supervised(s: ReplicaSetting): SupervisedReplica {
    const target: ReplicaTarget = parseReplicaUrl(s.url)
    const identity = s.encrypted && s.keyId ? this.keys.get(s.keyId) : null
    if (s.encrypted && !identity)
      throw new OwnlistError(
        'REPLICATION_UNAVAILABLE',
        'The encryption key of a replica is missing from this data folder, so it cannot be written. Remove the replica and add it again (a new key), or restore the key file.',
      )
    const recipient = identity ? recipientOf(identity) : null
    return {
      target,
      creds: this.creds(s),
      config: {
        target,
        sshKeyFile: s.sshKeyFile,
        password: s.password,
        identities: identity ? [identity] : undefined,
        recipients: recipient ? [recipient] : undefined,
      },
    }
  }
}
