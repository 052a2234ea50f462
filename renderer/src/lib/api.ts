import type { ApiError, OwnlistApi, Result } from './types'

/**
 * The one door to the main process: `window.ownlist`, exactly the contract. Nothing here
 * imports Electron; the object is provided by the preload (or the browser test bridge).
 */
export function ownlist(): OwnlistApi {
  return window.ownlist
}

/** A failed call, carried as an exception inside the renderer; `error` is kept intact for display. */
export class ApiFailure extends Error {
  readonly error: ApiError
  constructor(error: ApiError) {
    super(error.message)
    this.name = 'ApiFailure'
    this.error = error
  }
}

/** The value of a successful call, or an ApiFailure thrown with the engine's `{code, message}`. */
export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending
  if (result.ok) return result.value
  throw new ApiFailure(result.error)
}

/** Anything caught, as an error a person can read (an ApiFailure keeps its code and message). */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiFailure) return e.error
  return { code: 'INTERNAL', message: 'Something went wrong in the window.' }
}

/** Runs a call and never throws: a transport that rejects (it should not) becomes INTERNAL. */
export async function attempt<T>(pending: Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await pending
  } catch (e) {
    return { ok: false, error: toApiError(e) }
  }
}
