import type { ErrorCode, ErrorValue } from '../../common/errors'

// The codes are shared with the renderer (common/); main's errors add the class and the mapping.
export { ERROR_CODES, type ErrorCode, type ErrorValue } from '../../common/errors'

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
    if (isBusy(e)) return busyError(e).toValue()
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
 * Another program (a database browser, a sync tool, a script) holds a lock on the file. Read as
 * "the disk is broken" before; it only means "open elsewhere".
 */
export function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
}

export const IN_ANOTHER_PROGRAM =
  'This profile is open in another program (a database browser, a sync tool or a script) that is changing it. ' +
  'Close it there, then try again. Nothing was changed.'

export function busyError(cause?: unknown): OwnlistError {
  return new OwnlistError('PROFILE_IN_USE', IN_ANOTHER_PROGRAM, { cause })
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
