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
