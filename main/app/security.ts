/**
 * Where the renderer is allowed to come from, and the checks built on it. Pure functions
 * (no Electron import at run time) so they are unit-tested under Node. Every check compares parsed
 * origins, never string prefixes: `http://localhost:5173.evil.tld` is not the dev server.
 */
import type { WebPreferences } from 'electron'
import { APP_ORIGIN } from './origin'

/** The packaged app serves its renderer from app://ownlist; `npm run dev` from Vite's server. */
export type TrustedRenderer = { kind: 'app' } | { kind: 'dev-server'; origin: string }

const HOST_SCHEMES = new Set(['app:', 'http:', 'https:', 'ws:', 'wss:'])

/**
 * scheme://host[:port] of a URL with a network host, lower-cased; null for anything else
 * (file:, data:, blob:, about:, javascript:, devtools:, unparsable). Computed here rather than
 * by URL.origin, which Node leaves "null" for a custom scheme such as app:.
 */
export function originOf(raw: string | undefined | null): string | null {
  if (!raw) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  if (!HOST_SCHEMES.has(url.protocol) || !url.hostname || url.username || url.password) return null
  return `${url.protocol}//${url.host.toLowerCase()}`
}

export function trustedOrigin(trusted: TrustedRenderer): string {
  return trusted.kind === 'app' ? APP_ORIGIN : (originOf(trusted.origin) ?? 'invalid:')
}

/** Is an IPC message from our own renderer (and not from some other frame or page)? */
export function isTrustedSender(senderUrl: string | undefined | null, trusted: TrustedRenderer): boolean {
  const origin = originOf(senderUrl)
  return origin !== null && origin === trustedOrigin(trusted)
}

/** Navigation away from the app is never allowed; reloading the app itself is. */
export function isAllowedNavigation(targetUrl: string, trusted: TrustedRenderer): boolean {
  return isTrustedSender(targetUrl, trusted)
}

/**
 * The session's request filter: no network at all. Only the app's own origin; while
 * developing, also the dev server, its hot-reload socket and DevTools' own pages.
 */
export function isAllowedRequest(url: string, trusted: TrustedRenderer): boolean {
  const origin = originOf(url)
  if (trusted.kind === 'app') return origin === APP_ORIGIN
  const dev = trustedOrigin(trusted)
  if (origin === dev) return true
  if (origin !== null && /^wss?:/.test(origin) && origin.replace(/^ws/, 'http') === dev) return true
  return /^devtools:\/\/devtools\//.test(url)
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/**
 * The window's web preferences besides its preload script: the page is isolated and sandboxed,
 * and everything that would open it up (Node in the page or its workers, insecure content,
 * <webview>, spellcheck dictionary downloads) is off.
 */
export const SECURE_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} satisfies WebPreferences)

/** Wraps the dispatcher so that only our own renderer is answered. */
export function guardSender<R>(
  trusted: TrustedRenderer,
  dispatch: (name: unknown, input: unknown) => Promise<R>,
  refused: () => R,
): (senderUrl: string | undefined | null, name: unknown, input: unknown) => Promise<R> {
  return async (senderUrl, name, input) => (isTrustedSender(senderUrl, trusted) ? dispatch(name, input) : refused())
}
