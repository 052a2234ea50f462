import type { OwnlistApi } from './lib/types'

// The preload (or the browser test bridge) puts the contract on the window; only the renderer reads it.
declare global {
  interface Window {
    ownlist: OwnlistApi
  }
}
