// The browser stand-in for the preload: the same API object, carried over HTTP to the
// local test server (dev/web-transport/server.ts) instead of Electron's IPC. Used by the e2e tests
// and `npm run dev:web`; never part of the packaged app.
import type { EventName } from '../../common/contract'
import { createApi } from '../../preload/api'

const fromUrl = new URLSearchParams(location.search).get('token')
if (fromUrl) {
  sessionStorage.setItem('ownlist-token', fromUrl)
  history.replaceState(null, '', location.pathname)
}
const token = sessionStorage.getItem('ownlist-token') ?? ''
/** A tab opened without the link's token: what to do about it, in a sentence. */
const NO_TOKEN = {
  code: 'INVALID_ARGUMENT',
  message:
    'This tab was opened without its key. Open the link that “npm run dev:web” printed in the terminal (it ends in ?token=…).',
} as const

// Without a token the stream would only be refused (and logged as an error): not opened at all.
const events = token ? new EventSource(`/api/events?token=${encodeURIComponent(token)}`) : null

window.ownlist = createApi(
  async (name, input) => {
    if (!token) return { ok: false, error: NO_TOKEN }
    try {
      const res = await fetch('/api/call', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ownlist-token': token },
        body: JSON.stringify({ name, input }),
      })
      if (res.status === 403) return { ok: false, error: NO_TOKEN }
      if (!res.ok)
        return {
          ok: false,
          error: { code: 'INTERNAL', message: `The local server refused the request (${res.status}).` },
        }
      return await res.json()
    } catch {
      return { ok: false, error: { code: 'IO_ERROR', message: 'The local Ownlist server cannot be reached.' } }
    }
  },
  (event: EventName, cb) => {
    const listener = (e: MessageEvent<string>) => {
      const msg = JSON.parse(e.data) as { name: string; payload: never }
      if (msg.name === event) cb(msg.payload)
    }
    events?.addEventListener('message', listener)
    return () => events?.removeEventListener('message', listener)
  },
)
