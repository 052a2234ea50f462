import fs from 'node:fs'

/**
 * How an open profile's file changed outside this process:
 * - `gone`: no file under its name any more (moved or deleted);
 * - `replaced`: another file under its name (a rename over it);
 * - `overwritten`: the same file with other content (copied over, truncated, edited).
 */
export type OutsideChange = 'gone' | 'replaced' | 'overwritten'

const HEADER_SIZE = 100
/**
 * The WAL-index header's salts (bytes 32–39) and the checkpoint info's nBackfill (96–99) and
 * nBackfillAttempted (128–131). SQLite sets the latter before it copies a single frame, so a
 * checkpoint killed half-way (Litestream's, under kill -9) still shows as a checkpoint.
 */
const SHM_READ = 132

/**
 * Watches an open profile's files for changes made outside this process, cheaply enough to run
 * before every read and write: a stat of the name and a 100-byte header read of the file held
 * open. The main file changes legitimately only when this process checkpoints its WAL into it,
 * and a checkpoint moves the WAL index: after each write one 100-byte read of the -shm tells
 * whether it did (then the file's new state is taken as ours). A checkpoint by a write that did
 * not go through `record` is recognised the same way when the change is next seen.
 *
 * The descriptors stay open until the SQLite connection is closed: on POSIX, closing any
 * descriptor of a file drops every lock this process holds on it, SQLite's included.
 */
export class ProfileFiles {
  private readonly mainFd: number
  private readonly shmFd: number | null
  private readonly ino: number
  private readonly dev: number
  /** The -wal and -shm this session's connection uses (SQLite never recreates them while open). */
  readonly walIno: bigint | null
  readonly shmIno: bigint | null
  // The main file as this process last left it.
  private size = 0
  private mtimeMs = 0
  private header = Buffer.alloc(HEADER_SIZE)
  private headerBytes = 0
  private checkpoint: string | null = null
  private readonly scratch = Buffer.alloc(HEADER_SIZE)
  private readonly shm = Buffer.alloc(SHM_READ)
  private released = false

  constructor(readonly file: string) {
    this.mainFd = fs.openSync(file, 'r')
    try {
      const st = fs.fstatSync(this.mainFd)
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
      this.takeAsOurs(this.readCheckpoint())
    } catch (e) {
      fs.closeSync(this.mainFd)
      throw e
    }
  }

  /** After each write of this process: if it checkpointed, the file as it is now is ours. */
  record(): void {
    const checkpoint = this.readCheckpoint()
    if (checkpoint !== this.checkpoint) this.takeAsOurs(checkpoint)
  }

  /** How the file changed outside this process since it last wrote it, or null. */
  outsideChange(): OutsideChange | null {
    const atName = fs.statSync(this.file, { throwIfNoEntry: false })
    if (!atName) return 'gone'
    if (atName.ino !== this.ino || atName.dev !== this.dev) return 'replaced'
    const n = fs.readSync(this.mainFd, this.scratch, 0, HEADER_SIZE, 0)
    if (
      atName.size === this.size &&
      atName.mtimeMs === this.mtimeMs &&
      n === this.headerBytes &&
      this.scratch.equals(this.header)
    )
      return null
    // Changed in place: ours only if a checkpoint ran since (a write that did not record, or
    // Litestream's), or one was under way when the file was last taken as ours: a checkpoint
    // copies its frames after it marks itself attempted and before it marks them done, so its
    // later writes show no new mark (see unsettled).
    const checkpoint = this.readCheckpoint()
    if (checkpoint !== null && (checkpoint !== this.checkpoint || unsettled(checkpoint))) {
      this.takeAsOurs(checkpoint)
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

  private takeAsOurs(checkpoint: string | null): void {
    const st = fs.fstatSync(this.mainFd)
    this.size = st.size
    this.mtimeMs = st.mtimeMs
    this.header.fill(0)
    this.headerBytes = fs.readSync(this.mainFd, this.header, 0, HEADER_SIZE, 0)
    this.checkpoint = checkpoint
  }

  private readCheckpoint(): string | null {
    if (this.shmFd === null) return null
    if (fs.readSync(this.shmFd, this.shm, 0, SHM_READ, 0) < SHM_READ) return null
    return `${this.shm.toString('hex', 32, 40)}:${this.shm.toString('hex', 96, 100)}:${this.shm.toString('hex', 128, 132)}`
  }
}

/**
 * A checkpoint under way, or cut short (its process killed): nBackfillAttempted is ahead of
 * nBackfill until a checkpoint completes. SQLite's recovery of a WAL also leaves it so until the
 * next checkpoint; an outside overwrite in that window is taken as a checkpoint, the lesser harm
 * than closing a live profile over every checkpoint Litestream makes while it writes.
 */
function unsettled(checkpoint: string): boolean {
  const [, backfill, attempted] = checkpoint.split(':')
  return backfill !== attempted
}
