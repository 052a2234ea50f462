// One file over 300 lines on purpose: the Supervisor is one state machine around one child process
// (start, backoff, lease checks, swapped files, log to status), and every method reads and moves
// the same private state; split, that state would have to be shared across files.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { OwnlistError } from '../errors'
import { makePrivateDir } from '../fsutil'
import { FileLock } from '../lock'
import { litestreamConfig, type ConfiguredDb, type ConfiguredReplica } from './config'
import { isHeldBy, readLease, type Holder } from './lease'
import { parseLogLine } from './litestream'
import type { ReplicaState } from './status'
import type { Credentials } from './transport'
import type { ReplicaTarget } from './url'

/** One replica of one database, ready to run. */
export interface SupervisedReplica {
  target: ReplicaTarget
  creds: Credentials
  /** Everything but the name (the supervisor names replicas r0, r1… in its config). */
  config: Omit<ConfiguredReplica, 'name'>
}

export interface SupervisedDb {
  profileId: string
  file: string
  /** Litestream's working folder for it (outside profiles/). */
  metaPath: string
  replicas: SupervisedReplica[]
}

export interface SupervisorOptions {
  binary: string
  machineId: string
  /** The databases to replicate, asked again on every tick (profiles deleted or added, replicas removed). */
  dbs: () => SupervisedDb[]
  onStatus?: (profileId: string, states: ReplicaState[]) => void
  /** Progress in words (the foreground `replicate` writes it to stderr). */
  onProgress?: (line: string) => void
  tickMs?: number
  /** How often a lease is read: a local folder every tick, others less often (each read is a connection). */
  remoteLeaseEveryMs?: number
  /** A lease taken over this recently is not written into yet: the old holder needs a moment to notice. */
  takeOverGraceMs?: number
  syncIntervalMs?: number
  /** First restart delay after Litestream died (doubling up to backoffMaxMs). */
  backoffBaseMs?: number
  /** The longest restart delay (default 30 s). */
  backoffMaxMs?: number
  /**
   * Per-profile lock and pid files: one replicator per profile on a machine at a time, and a
   * Litestream left running by a replicator that was killed is stopped before a new one starts.
   */
  runDir?: string
  now?: () => Date
}

interface Tracked {
  state: ReplicaState
  /** yes: ours; no: someone else's; gone: no lease there (folder replaced, unmounted); wait: just taken over. */
  held: 'yes' | 'no' | 'gone' | 'wait' | 'unknown'
  leaseCheckedAt: number
  sinceStart: boolean
  /** When the write in progress started (Date.now()), for a write that never ends. */
  writingSince: number | null
}

const key = (profileId: string, url: string): string => `${profileId}\n${url}`

/**
 * Runs one Litestream process for a set of profile databases and keeps it running: restarted
 * with backoff when it dies, restarted without a replica whose lease another machine took
 * (killed at once, so it writes nothing more there), restarted with a fresh working folder when
 * a database file was swapped (restore, repair), and its log turned into per-replica status.
 * It holds no profile lock and never touches the profile's connections: writes are not slowed.
 */
export class Supervisor {
  private child: ChildProcess | null = null
  private childExit: Promise<number | null> | null = null
  private running: {
    config: string
    inodes: Map<string, number>
    names: Map<string, { profileId: string; url: string }>
  } | null = null
  private readonly tracked = new Map<string, Tracked>()
  private readonly workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-replicate-'))
  private timer: NodeJS.Timeout | null = null
  private ticking = false
  private stopped = false
  private failures = 0
  private retryAt = 0
  private readonly tickMs: number
  private readonly now: () => Date
  private lastDbs: SupervisedDb[] = []
  private readonly locks = new Map<string, FileLock>()

  constructor(private readonly opts: SupervisorOptions) {
    this.tickMs = opts.tickMs ?? 500
    this.now = opts.now ?? (() => new Date())
  }

  /** Litestream's pid while it runs (tests kill it). */
  get childPid(): number | null {
    return this.child?.pid ?? null
  }

  start(): void {
    if (this.opts.runDir) {
      makePrivateDir(this.opts.runDir)
      for (const db of this.opts.dbs()) {
        const lock = FileLock.tryAcquire(path.join(this.opts.runDir, `${db.profileId}.lock`), 0)
        if (!lock) {
          this.releaseLocks()
          throw new OwnlistError(
            'PROFILE_IN_USE',
            'This profile is already being replicated by another Ownlist process on this computer.',
          )
        }
        this.locks.set(db.profileId, lock)
        stopOrphan(path.join(this.opts.runDir, `${db.profileId}.pid`))
      }
    }
    void this.tick()
    this.timer = setInterval(() => void this.tick(), this.tickMs)
  }

  /** Every replica's state, by profile. */
  states(): Map<string, ReplicaState[]> {
    const out = new Map<string, ReplicaState[]>()
    for (const db of this.lastDbs)
      out.set(
        db.profileId,
        db.replicas.map((r) => ({ ...this.track(db.profileId, r.target.url).state })),
      )
    return out
  }

  /** Resolves once every replica has shipped since start (ok), or cannot be (taken over), or after `timeoutMs`. */
  async settled(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline && !this.stopped) {
      await this.tick()
      const all = [...this.tracked.values()]
      if (
        this.lastDbs.length > 0 &&
        all.length > 0 &&
        all.every(
          (t) =>
            (t.state.status === 'ok' && t.sinceStart) ||
            t.state.status === 'taken-over' ||
            t.state.status === 'unavailable',
        )
      )
        return
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  /** Stops: SIGTERM makes Litestream ship what is left, then exit. Returns its exit code (null: none ran). */
  async stop(): Promise<number | null> {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    while (this.ticking) await new Promise((r) => setTimeout(r, 20))
    const code = await this.halt('SIGTERM')
    for (const [k, t] of this.tracked) {
      if (t.state.status === 'syncing' && code !== 0) t.state.status = 'unreachable'
      else if (t.state.status === 'ok' || t.state.status === 'syncing') t.state.status = 'idle'
      void k
    }
    this.publish()
    fs.rmSync(this.workDir, { recursive: true, force: true })
    this.releaseLocks()
    return code
  }

  private releaseLocks(): void {
    for (const [id, lock] of this.locks) {
      if (this.opts.runDir) fs.rmSync(path.join(this.opts.runDir, `${id}.pid`), { force: true })
      lock.release()
    }
    this.locks.clear()
  }

  private track(profileId: string, url: string): Tracked {
    const k = key(profileId, url)
    let t = this.tracked.get(k)
    if (!t) {
      t = {
        state: { url, status: 'idle', lastSyncedAt: null, error: null },
        held: 'unknown',
        leaseCheckedAt: 0,
        sinceStart: false,
        writingSince: null,
      }
      this.tracked.set(k, t)
    }
    return t
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.stopped) return
    this.ticking = true
    try {
      // Only profiles this replicator holds the lock of (a profile given replicas later joins only after a restart).
      const dbs = this.opts
        .dbs()
        .filter((db) => fs.existsSync(db.file) && (!this.opts.runDir || this.locks.has(db.profileId)))
      // A profile that left (deleted, its replicas removed) is told idle once: its Litestream is
      // stopped, and a status left at "syncing" would show it replicating for good.
      const kept = new Set(dbs.map((db) => db.profileId))
      for (const db of this.lastDbs) {
        if (kept.has(db.profileId)) continue
        const states = db.replicas.map((r) => {
          const t = this.track(db.profileId, r.target.url)
          if (t.state.status === 'ok' || t.state.status === 'syncing') t.state = { ...t.state, status: 'idle' }
          return { ...t.state }
        })
        this.opts.onStatus?.(db.profileId, states)
      }
      this.lastDbs = dbs
      const live = new Set(dbs.flatMap((db) => db.replicas.map((r) => key(db.profileId, r.target.url))))
      for (const k of [...this.tracked.keys()]) if (!live.has(k)) this.tracked.delete(k)
      let lostLease = false
      for (const db of dbs)
        for (const r of db.replicas) lostLease = (await this.checkLease(db.profileId, r)) || lostLease
      // A write that does not end (a server that stopped answering) shows as unreachable; Litestream keeps trying.
      for (const db of dbs) {
        for (const r of db.replicas) {
          const t = this.track(db.profileId, r.target.url)
          const stall = r.target.type === 'file' ? 5000 : 60_000
          if (t.writingSince !== null && Date.now() - t.writingSince > stall && t.state.status === 'syncing') {
            t.state = { ...t.state, status: 'unreachable', error: 'The replica stopped answering; retrying.' }
          }
        }
      }
      const wanted: ConfiguredDb[] = []
      const names = new Map<string, { profileId: string; url: string }>()
      const inodes = new Map<string, number>()
      for (const db of dbs) {
        const replicas: ConfiguredReplica[] = []
        for (const r of db.replicas) {
          if (this.track(db.profileId, r.target.url).held !== 'yes') continue
          const name = `r${names.size}`
          names.set(`${db.file}\n${name}`, { profileId: db.profileId, url: r.target.url })
          replicas.push({ ...r.config, name })
        }
        if (replicas.length === 0) continue
        wanted.push({ path: db.file, metaPath: db.metaPath, replicas })
        inodes.set(db.file, fs.statSync(db.file, { throwIfNoEntry: false })?.ino ?? -1)
      }
      const config = wanted.length ? litestreamConfig(wanted, { syncIntervalMs: this.opts.syncIntervalMs }) : ''
      const swapped = this.running
        ? [...inodes]
            .filter(([f, ino]) => this.running!.inodes.has(f) && this.running!.inodes.get(f) !== ino)
            .map(([f]) => f)
        : []
      const changed = !this.running || this.running.config !== config || swapped.length > 0
      if (this.child && (changed || lostLease)) {
        // A lost lease: killed at once, so not one more byte goes to a replica someone else now writes.
        await this.halt(lostLease ? 'SIGKILL' : 'SIGTERM')
        this.running = null
      }
      if (swapped.length) {
        this.opts.onProgress?.('a profile file was replaced (restore or repair): starting a new generation')
        for (const db of wanted)
          if (swapped.includes(db.path) && db.metaPath) fs.rmSync(db.metaPath, { recursive: true, force: true })
      }
      if (!this.child && config && Date.now() >= this.retryAt) this.launch(config, inodes, names)
      this.publish()
    } finally {
      this.ticking = false
    }
  }

  /** Reads a replica's lease when due; true when it was ours and now is not. */
  private async checkLease(profileId: string, r: SupervisedReplica): Promise<boolean> {
    const t = this.track(profileId, r.target.url)
    const every = r.target.type === 'file' ? 0 : (this.opts.remoteLeaseEveryMs ?? 5000)
    if (t.held !== 'unknown' && t.held !== 'wait' && t.held !== 'gone' && Date.now() - t.leaseCheckedAt < every)
      return false
    t.leaseCheckedAt = Date.now()
    const me: Holder = { profileId, machineId: this.opts.machineId }
    const before = t.held
    try {
      if (r.target.type === 'file') {
        // A read-only disk: Litestream would hang on it without a word (and not stop on SIGTERM).
        fs.accessSync(r.target.path, fs.constants.W_OK)
      }
      const lease = await readLease(r.target, r.creds)
      if (lease === null) {
        // Not the place this replica was set up in (an empty mount point, a folder put back): not written into.
        t.held = 'gone'
        t.state = {
          ...t.state,
          status: 'unreachable',
          error:
            'The replica’s place does not hold its lease any more (unmounted, moved or emptied); not writing there until it is back.',
        }
      } else if (!isHeldBy(lease, me)) {
        t.held = 'no'
        t.state = {
          ...t.state,
          status: 'taken-over',
          error: 'Another profile or Ownlist data folder took this replica over; this one no longer writes there.',
        }
      } else {
        const age = this.now().getTime() - new Date(lease.takenAt).getTime()
        const grace = this.opts.takeOverGraceMs ?? (r.target.type === 'file' ? 2000 : 12_000)
        t.held = lease.takenOver && age >= 0 && age < grace ? 'wait' : 'yes'
        if (t.held === 'wait') t.state = { ...t.state, status: 'syncing', error: null }
      }
    } catch {
      // The lease cannot be read. A local folder gone: not written into (Litestream would make an
      // empty one, say on a mount point). A server: Litestream retries on its own.
      if (r.target.type === 'file') t.held = 'gone'
      else if (t.held === 'unknown') t.held = 'yes'
      if (t.state.status !== 'taken-over')
        t.state = { ...t.state, status: 'unreachable', error: 'The replica cannot be reached; retrying.' }
    }
    return before === 'yes' && t.held !== 'yes' && this.child !== null
  }

  private launch(
    config: string,
    inodes: Map<string, number>,
    names: Map<string, { profileId: string; url: string }>,
  ): void {
    const file = path.join(this.workDir, 'litestream.yml')
    fs.writeFileSync(file, config, { mode: 0o600 })
    const child = spawn(this.opts.binary, ['replicate', '-config', file, '-no-expand-env'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child = child
    this.running = { config, inodes, names }
    for (const t of this.tracked.values()) t.writingSince = null
    if (this.opts.runDir && child.pid) {
      for (const db of new Set([...names.values()].map((n) => n.profileId))) {
        try {
          fs.writeFileSync(path.join(this.opts.runDir, `${db}.pid`), `${child.pid}\n`, { mode: 0o600 })
        } catch {
          // Without it an orphan after a crash is not found; replication itself is unaffected.
        }
      }
    }
    for (const { profileId, url } of names.values()) {
      const t = this.track(profileId, url)
      t.sinceStart = false
      if (t.state.status !== 'unreachable') t.state = { ...t.state, status: 'syncing' }
    }
    const started = Date.now()
    let buffer = ''
    const onData = (d: Buffer): void => {
      buffer += d.toString()
      let nl: number
      while ((nl = buffer.indexOf('\n')) >= 0) {
        this.onLog(buffer.slice(0, nl), names)
        buffer = buffer.slice(nl + 1)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    this.childExit = new Promise((resolve) => {
      child.on('error', () => resolve(127))
      child.on('exit', (code, signal) => {
        if (this.child === child) {
          this.child = null
          this.running = null
          if (!this.stopped) {
            // Died on its own: back off 1 s, 2 s, 4 s… up to 30 s; a run that lasted a minute resets it.
            this.failures = Date.now() - started > 60_000 ? 1 : this.failures + 1
            this.retryAt =
              Date.now() +
              Math.min(this.opts.backoffMaxMs ?? 30_000, (this.opts.backoffBaseMs ?? 1000) * 2 ** (this.failures - 1))
            this.opts.onProgress?.(`litestream stopped (${signal ?? `exit ${code}`}); restarting`)
          }
        }
        resolve(signal ? null : code)
      })
    })
  }

  private async halt(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.child
    if (!child) return null
    const exit = this.childExit!
    this.child = null
    child.kill(signal)
    // A final sync that cannot finish (a replica gone) must not keep the caller forever.
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    const code = await exit
    clearTimeout(timer)
    return code
  }

  private onLog(line: string, names: Map<string, { profileId: string; url: string }>): void {
    const rec = parseLogLine(line)
    if (!rec) return
    const who = rec.db !== undefined && rec.replica !== undefined ? names.get(`${rec.db}\n${rec.replica}`) : undefined
    if (!who) {
      if (rec.level === 'ERROR') this.opts.onProgress?.(`litestream: ${rec.msg}`)
      return
    }
    const t = this.track(who.profileId, who.url)
    if (t.state.status === 'taken-over') return
    if (rec.msg === 'wal segment written' || rec.msg === 'snapshot written') {
      t.sinceStart = true
      t.writingSince = null
      // Shipping again: the next death starts the backoff from its first step.
      this.failures = 0
      t.state = { ...t.state, status: 'ok', lastSyncedAt: rec.time ?? this.now().toISOString(), error: null }
      this.opts.onProgress?.(`synced ${who.url}`)
    } else if (rec.msg === 'write wal segment' || rec.msg === 'write snapshot') {
      t.writingSince ??= Date.now()
      if (t.state.status !== 'unreachable') t.state = { ...t.state, status: 'syncing' }
    } else if (rec.level === 'ERROR') {
      t.state = { ...t.state, status: 'unreachable', error: 'The replica cannot be reached; retrying.' }
      this.opts.onProgress?.(`cannot reach ${who.url}: ${rec.error ?? rec.msg}`)
    }
  }

  private publish(): void {
    if (!this.opts.onStatus) return
    for (const [profileId, states] of this.states()) this.opts.onStatus(profileId, states)
  }
}

/**
 * A Litestream left by a replicator that died (kill -9 leaves its child running): stopped, so
 * two never replicate one database. Only a process whose command line is Litestream's is touched.
 */
function stopOrphan(pidFile: string): void {
  let pid: number
  try {
    pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8'), 10)
  } catch {
    return
  }
  if (!Number.isInteger(pid) || pid <= 1) return
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    if (cmd.includes('litestream') && cmd.includes('replicate')) process.kill(pid, 'SIGKILL')
  } catch {
    // Gone already, or no /proc (macOS): nothing to stop that can be told apart safely.
  }
  fs.rmSync(pidFile, { force: true })
}

/**
 * Stops the Litestream replicating a profile, in whatever process runs it (before a delete: its
 * read transaction would keep the last changes out of the file moved to the trash). Its final sync
 * runs; the replicator that ran it sees the file gone and does not restart it for that profile.
 */
export async function stopLitestreamOf(runDir: string, profileId: string, timeoutMs = 15_000): Promise<boolean> {
  let pid: number
  try {
    pid = Number.parseInt(fs.readFileSync(path.join(runDir, `${profileId}.pid`), 'utf8'), 10)
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    if (!cmd.includes('litestream') || !cmd.includes('replicate')) return false
    process.kill(pid, 'SIGTERM')
  } catch {
    return false
  }
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      process.kill(pid, 0)
    } catch {
      return true
    }
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL')
      return true
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}
