/**
 * The handler behind the app's own origin, `app://ownlist/…`: the renderer is served from it instead of file://
 * (a file:// page is same-origin with every file on disk). Pure functions with no Electron
 * import, so the path checks are unit-tested under Node.
 */
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { APP_HOST, APP_SCHEME } from './origin'
import { CONTENT_SECURITY_POLICY } from './security'

// The callback forms: Electron's asar support patches these for reading out of app.asar.
const readFile = promisify(fs.readFile)
const realpath = promisify(fs.realpath)

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
}

/**
 * The file inside `rendererDir` that an app:// URL names, or null for anything else: another
 * host or scheme, `..` (plain or percent-encoded), backslashes, NUL, an absolute path.
 */
export function resolveAppFile(requestUrl: string, rendererDir: string): string | null {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return null
  }
  if (
    url.protocol !== `${APP_SCHEME}:` ||
    url.hostname.toLowerCase() !== APP_HOST ||
    url.port ||
    url.username ||
    url.password
  )
    return null
  let pathname: string
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return null // malformed percent-encoding
  }
  if (pathname === '' || pathname === '/') pathname = '/index.html'
  // A backslash is a separator on Windows and a colon names a drive or stream there: never needed.
  if (/[\\\0:]/.test(pathname)) return null
  const segments = pathname.split('/').slice(1)
  if (segments.some((s) => s === '..' || s === '.' || s === '')) return null
  const root = path.resolve(rendererDir)
  const file = path.resolve(root, ...segments)
  const rel = path.relative(root, file)
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null
  return file
}

/** The protocol.handle handler: a file from the renderer folder, else 404. GET and HEAD only. */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = path.resolve(rendererDir)
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 })
    const file = resolveAppFile(request.url, root)
    if (!file) return notFound()
    try {
      // A symlink inside the renderer folder must not lead out of it either.
      const real = await realpath(file)
      const realRoot = await realpath(root)
      const rel = path.relative(realRoot, real)
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return notFound()
      const body = await readFile(real)
      const headers: Record<string, string> = {
        'content-type': CONTENT_TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream',
        'x-content-type-options': 'nosniff',
      }
      if (real.endsWith('.html')) headers['content-security-policy'] = CONTENT_SECURITY_POLICY
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers })
    } catch {
      return notFound() // missing, a folder, unreadable
    }
  }
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } })
}
