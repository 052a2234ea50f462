/** Stable error codes: part of the CLI and IPC contract. Never rename one. */
export const ERROR_CODES = [
  'PROFILE_NOT_FOUND',
  'AMBIGUOUS_PROFILE',
  'INVALID_NAME',
  'NAME_TAKEN',
  'NOT_A_PROFILE',
  'SCHEMA_TOO_NEW',
  'MIGRATION_FAILED',
  'PROFILE_IN_USE',
  'PROFILE_NOT_OPEN',
  'NOT_FOUND',
  'FILE_EXISTS',
  'CORRUPT',
  'INVALID_ARGUMENT',
  'IO_ERROR',
  'REPLICA_IN_USE',
  'REPLICA_NOT_FOUND',
  'REPLICA_UNREACHABLE',
  'REPLICATION_UNAVAILABLE',
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ErrorValue {
  code: ErrorCode
  message: string
}

/** An expected failure with a stable code and a message meant for people. */
export class OwnlistError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'OwnlistError'
    this.code = code
  }

  toValue(): ErrorValue {
    return { code: this.code, message: this.message }
  }
}

export function isOwnlistError(e: unknown, code?: ErrorCode): e is OwnlistError {
  return e instanceof OwnlistError && (code === undefined || e.code === code)
}

/**
 * Turns anything thrown into an error value that is safe to show: coded errors keep
 * their message; file-system errors become IO_ERROR without the path; anything else
 * becomes INTERNAL without a stack.
 */
export function toErrorValue(e: unknown): ErrorValue {
  if (e instanceof OwnlistError) return e.toValue()
  const code = (e as { code?: unknown } | null)?.code
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return { code: 'IO_ERROR', message: ioMessage(code) }
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    if (isDiskFull(e)) return { code: 'IO_ERROR', message: 'The disk is full.' }
    if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
      return { code: 'CORRUPT', message: 'The profile’s file is damaged. Check and repair it, or restore a backup.' }
    }
    if (code.startsWith('SQLITE_CANTOPEN')) {
      return { code: 'IO_ERROR', message: 'The file could not be opened: it may be gone, or its folder read-only.' }
    }
    return { code: 'IO_ERROR', message: `The database reported ${code}.` }
  }
  return { code: 'INTERNAL', message: 'Something went wrong inside Ownlist.' }
}

/**
 * No room to write: the disk (ENOSPC, SQLITE_FULL; SQLITE_IOERR_SHMSIZE when even SQLite's small
 * shared-memory file cannot grow), a quota (EDQUOT) or a file-size limit (EFBIG).
 */
export function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' && ['ENOSPC', 'EDQUOT', 'EFBIG', 'SQLITE_FULL', 'SQLITE_IOERR_SHMSIZE'].includes(code)
}

function ioMessage(errno: string): string {
  switch (errno) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return 'The disk is full.'
    case 'EACCES':
    case 'EPERM':
      return 'Ownlist is not allowed to read or write that file.'
    case 'EROFS':
      return 'The folder is on a read-only disk.'
    case 'ENOENT':
      return 'A file Ownlist needed was not there.'
    default:
      return `The file system reported ${errno}.`
  }
}
