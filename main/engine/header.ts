import fs from 'node:fs'

/** 'OWNL' — marks a SQLite file as an Ownlist profile (PRAGMA application_id). */
export const APPLICATION_ID = 0x4f574e4c

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1')
const HEADER_SIZE = 100

export interface SqliteHeader {
  pageSize: number
  /** 2 when the file is in WAL mode. */
  readVersion: number
  pageCount: number
  /** Only trustworthy when no WAL holds newer pages (see `isHeaderAuthoritative`). */
  userVersion: number
  applicationId: number
  /** pageCount × pageSize when the header's page count is valid (SQLite then reads no further), else null. */
  databaseBytes: number | null
}

export type HeaderResult =
  { kind: 'sqlite'; header: SqliteHeader; sizeBytes: number } | { kind: 'not-sqlite'; reason: string }

/**
 * Reads a file's SQLite header without SQLite, so junk files can be classified
 * without opening them (and without SQLite creating -wal/-shm beside them).
 */
export function readSqliteHeader(file: string): HeaderResult {
  const st = fs.statSync(file)
  if (st.isDirectory()) return { kind: 'not-sqlite', reason: 'a folder, not a file' }
  if (!st.isFile()) return { kind: 'not-sqlite', reason: 'not a regular file' }
  if (st.size === 0) return { kind: 'not-sqlite', reason: 'empty file (0 bytes)' }
  const buf = Buffer.alloc(HEADER_SIZE)
  const fd = fs.openSync(file, 'r')
  let n: number
  try {
    n = fs.readSync(fd, buf, 0, HEADER_SIZE, 0)
  } finally {
    fs.closeSync(fd)
  }
  if (n < HEADER_SIZE || !buf.subarray(0, 16).equals(MAGIC)) {
    return { kind: 'not-sqlite', reason: 'not a SQLite database' }
  }
  const rawPageSize = buf.readUInt16BE(16)
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    return { kind: 'not-sqlite', reason: 'damaged SQLite header' }
  }
  // The page count in the header is only valid when its "version-valid-for" matches the change counter.
  const countValid = buf.readUInt32BE(92) === buf.readUInt32BE(24)
  const header: SqliteHeader = {
    pageSize,
    readVersion: buf[19]!,
    pageCount: buf.readUInt32BE(28),
    userVersion: buf.readInt32BE(60),
    applicationId: buf.readUInt32BE(68),
    databaseBytes: countValid && buf.readUInt32BE(28) > 0 ? buf.readUInt32BE(28) * pageSize : null,
  }
  // A checkpoint cut short (a crash) has written page 1 and its new page count before the pages
  // after it: while WAL content is beside the file, the WAL holds them and the file is not truncated.
  if (countValid && header.pageCount * pageSize > st.size && isHeaderAuthoritative(file)) {
    return { kind: 'not-sqlite', reason: 'truncated SQLite database' }
  }
  return { kind: 'sqlite', header, sizeBytes: st.size }
}

/**
 * With no WAL content beside it, a database file's header is the current page 1:
 * nothing newer can exist anywhere else.
 */
export function isHeaderAuthoritative(file: string): boolean {
  try {
    // No -wal is the common case: asked without an exception (building one costs more than the stat).
    return (fs.statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0) === 0
  } catch {
    return true
  }
}
