import type { OwnlistApi, Result } from './types'

/**
 * The one door to the main process: `window.ownlist`, exactly the contract. Nothing here
 * imports Electron; the object is provided by the preload (or the browser test bridge).
 */
export function ownlist(): OwnlistApi {
  return window.ownlist
}

/** Runs a call and never throws: a transport that rejects (it should not) becomes INTERNAL. */
export async function attempt<T>(pending: Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await pending
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong in the window.' } }
  }
}
