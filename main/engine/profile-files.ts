import fs from 'node:fs'

/**
 * How an open profile's file changed outside this process:
 * - `gone`: no file under its name any more (moved or deleted);
 * - `replaced`: another file under its name (a rename over it);
 * - `overwritten`: the same file with other content (copied over, truncated, edited).
 */
export type OutsideChange = 'gone' | 'replaced' | 'overwritten'

interface MainState {
  size: bigint
  mtimeNs: bigint
  /** SQLite's 100-byte header: change counter, page count, freelist… as this process left them. */
  header: Buffer
  /** Where the WAL index says checkpoints stand (its salts and backfill count), or null. */
  checkpoint: string | null
}

const HEADER_SIZE = 100
/** The WAL-index header's salts (bytes 32–39) and the checkpoint info's nBackfill (96–99). */
const SHM_READ = 100

/**
 * Watches an open profile's files for changes made outside this process, cheaply enough to run
 * before every read and write: a stat of the name, an fstat and a 100-byte header read of the
 * file held open. The main file changes legitimately only when this process checkpoints its WAL
 * into it, so its state is recorded after each of our writes (`record`); a checkpoint by a write
 * that did not record is recognised by the WAL index having moved.
 *
 * The descriptors stay open until the SQLite connection is closed: on POSIX, closing any
 * descriptor of a file drops every lock this process holds on it, SQLite's included.
 */
export class ProfileFiles {
  private readonly mainFd: number
  private readonly shmFd: number | null
  private readonly ino: bigint
  private readonly dev: bigint
  /** The -wal and -shm this session's connection uses (SQLite never recreates them while open). */
  readonly walIno: bigint | null
  readonly shmIno: bigint | null
  private last: MainState
  private released = false

  constructor(readonly file: string) {
    this.mainFd = fs.openSync(file, 'r')
    try {
      const st = fs.fstatSync(this.mainFd, { bigint: true })
      this.ino = st.ino
      this.dev = st.dev
      this.walIno = fs.statSync(`${file}-wal`, { bigint: true, throwIfNoEntry: false })?.ino ?? null
      let shmFd: number | null = null
      try {
        shmFd = fs.openSync(`${file}-shm`, 'r')
      } catch {
        // No WAL index: every change in place then counts as outside.
      }
      this.shmFd = shmFd
      this.shmIno = shmFd === null ? null : fs.fstatSync(shmFd, { bigint: true }).ino
      this.last = this.read()
    } catch (e) {
      fs.closeSync(this.mainFd)
      throw e
    }
  }

  /** After each write of this process: what the files look like now is ours. */
  record(): void {
    this.last = this.read()
  }

  /** How the file changed outside this process since `record`, or null. */
  outsideChange(): OutsideChange | null {
    const atName = fs.statSync(this.file, { bigint: true, throwIfNoEntry: false })
    if (!atName) return 'gone'
    if (atName.ino !== this.ino || atName.dev !== this.dev) return 'replaced'
    const now = this.read(false)
    if (now.size === this.last.size && now.mtimeNs === this.last.mtimeNs && now.header.equals(this.last.header)) return null
    // Changed in place: ours only if a checkpoint of ours ran since (a write that did not record).
    now.checkpoint = this.readCheckpoint()
    if (now.checkpoint !== null && now.checkpoint !== this.last.checkpoint) {
      this.last = now
      return null
    }
    return 'overwritten'
  }

  /** Closes the descriptors: only once the SQLite connection is closed (see above). */
  release(): void {
    if (this.released) return
    this.released = true
    fs.closeSync(this.mainFd)
    if (this.shmFd !== null) fs.closeSync(this.shmFd)
  }

  private read(withCheckpoint = true): MainState {
    const st = fs.fstatSync(this.mainFd, { bigint: true })
    const header = Buffer.alloc(HEADER_SIZE)
    const n = fs.readSync(this.mainFd, header, 0, HEADER_SIZE, 0)
    return { size: st.size, mtimeNs: st.mtimeNs, header: header.subarray(0, n), checkpoint: withCheckpoint ? this.readCheckpoint() : null }
  }

  private readCheckpoint(): string | null {
    if (this.shmFd === null) return null
    const shm = Buffer.alloc(SHM_READ)
    if (fs.readSync(this.shmFd, shm, 0, SHM_READ, 0) < SHM_READ) return null
    return `${shm.subarray(32, 40).toString('hex')}:${shm.subarray(96, 100).toString('hex')}`
  }
}
