/** The app's own origin: the renderer is served as app://ownlist/… (see protocol.ts). */
export const APP_SCHEME = 'app'
export const APP_HOST = 'ownlist'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

/**
 * For protocol.registerSchemesAsPrivileged, before the app is ready: a standard scheme (real
 * origin, relative URLs, 'self' in the CSP), secure (like https), and fetch() allowed.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const
