/**
 * Where the renderer is allowed to come from, and the checks built on it. Pure functions
 * (no Electron import) so they are unit-tested under Node.
 */
export type TrustedRenderer = { kind: 'file'; indexUrl: string } | { kind: 'dev-server'; origin: string }

/** Is an IPC message from our own renderer (and not from some other frame or page)? */
export function isTrustedSender(senderUrl: string | undefined | null, trusted: TrustedRenderer): boolean {
  if (!senderUrl) return false
  let url: URL
  try {
    url = new URL(senderUrl)
  } catch {
    return false
  }
  if (trusted.kind === 'dev-server') return url.origin === trusted.origin
  const index = new URL(trusted.indexUrl)
  return url.protocol === 'file:' && url.host === '' && url.pathname === index.pathname
}

/** Navigation away from the app is never allowed; reloading the app itself is. */
export function isAllowedNavigation(targetUrl: string, trusted: TrustedRenderer): boolean {
  return isTrustedSender(targetUrl, trusted)
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

/** Wraps the dispatcher so that only our own renderer is answered. */
export function guardSender<R>(
  trusted: TrustedRenderer,
  dispatch: (name: unknown, input: unknown) => Promise<R>,
  refused: () => R,
): (senderUrl: string | undefined | null, name: unknown, input: unknown) => Promise<R> {
  return async (senderUrl, name, input) => (isTrustedSender(senderUrl, trusted) ? dispatch(name, input) : refused())
}
