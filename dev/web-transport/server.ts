import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { EventName, EventPayload } from '../../common/contract'
import { createDispatch } from '../../main/api/dispatch'
import { BROWSER_DIALOGS } from '../../main/api/ports'
import { AppService, type Dialogs } from '../../main/api/service'
import { SettingsStore } from '../../main/api/settings'
import { Engine, type EngineOptions } from '../../main/engine/engine'

/**
 * A development-only transport standing in for Electron's IPC: the real built renderer in a
 * browser, talking to the real AppService (same handlers, same validation) over HTTP.
 * Bound to 127.0.0.1; every API request needs the per-run secret token, and a Host
 * header other than our own address is refused (no DNS rebinding).
 */
export interface WebServerOptions extends EngineOptions {
  rendererDir: string
  port?: number
  token?: string
  log?: (e: unknown) => void
  /** What the "native" dialogs answer in the browser (tests decide; dev:web has none). */
  dialogs?: Dialogs
  /** Fire reminders while serving (dev:web; the browser shows them from the `reminderDue` event). */
  reminders?: boolean
}

export interface WebServer {
  url: string
  origin: string
  token: string
  service: AppService
  close(): Promise<void>
}

const BRIDGE_SOURCE = fileURLToPath(new URL('./web-bridge.ts', import.meta.url))
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? crypto.randomBytes(24).toString('hex')
  const bridge = await buildBridge()
  const clients = new Set<http.ServerResponse>()
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>) => {
    const data = `data: ${JSON.stringify({ name, payload })}\n\n`
    for (const c of clients) c.write(data)
  }
  const engine = new Engine(opts)
  const service = new AppService({
    engine,
    settings: new SettingsStore(path.join(opts.dataDir, 'settings.json')),
    emit,
    dialogs: opts.dialogs ?? BROWSER_DIALOGS,
  })
  const dispatch = createDispatch(service.handlers, opts.log)
  if (opts.reminders) service.startReminders()
  let origin = ''

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = parseTarget(req.url)
    if (!url) return send(res, 400, 'Bad request.')
    if (req.headers.host !== origin.slice('http://'.length)) return send(res, 421, 'Wrong host.')
    if (url.pathname === '/api/call' && req.method === 'POST') {
      if (!tokenMatches(req.headers['x-ownlist-token'], token)) return send(res, 403, 'Missing or wrong token.')
      if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) return tooLarge(req, res)
      return void readJson(req)
        .then((body) => dispatch(body?.name, body?.input))
        .then((result) => send(res, 200, JSON.stringify(result), 'application/json'))
        .catch((e: unknown) => (e === TOO_LARGE ? tooLarge(req, res) : send(res, 400, 'Bad request.')))
    }
    if (url.pathname === '/api/events' && req.method === 'GET') {
      if (!tokenMatches(url.searchParams.get('token'), token)) return send(res, 403, 'Missing or wrong token.')
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(': connected\n\n')
      clients.add(res)
      req.on('close', () => clients.delete(res))
      return
    }
    if (req.method !== 'GET') return send(res, 405, 'Method not allowed.')
    if (url.pathname === '/__ownlist_bridge.js') return send(res, 200, bridge, TYPES['.js'])
    return serveStatic(opts.rendererDir, url.pathname, res)
  }
  const server = http.createServer((req, res) => {
    try {
      handle(req, res)
    } catch (e) {
      // A request must never take the server down. Every known bad input is answered with a
      // 4xx above; this is for what is not known yet, and the fuzz test treats it as a failure.
      ;(opts.log ?? console.error)(e)
      if (!res.headersSent) send(res, 500, 'Internal error.')
      else res.destroy()
    }
  })

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  origin = `http://127.0.0.1:${port}`
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    service,
    close: () =>
      new Promise<void>((resolve) => {
        // Close the service first: its last events (profile closed) still reach open pages.
        service.close()
        for (const c of clients) c.end()
        clients.clear()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

async function buildBridge(): Promise<string> {
  const out = await build({
    entryPoints: [BRIDGE_SOURCE],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
  })
  return out.outputFiles[0]!.text
}

/** The request target as a URL on this server; null for anything else (`//host/x`, `*`, `http://…`). */
function parseTarget(target: string | undefined): URL | null {
  if (!target?.startsWith('/') || target.startsWith('//')) return null
  try {
    return new URL(target, 'http://placeholder')
  } catch {
    return null
  }
}

/** Compares bytes, not characters: timingSafeEqual throws on buffers of unequal length. */
function tokenMatches(given: unknown, token: string): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(given, 'utf8')
  const b = Buffer.from(token, 'utf8')
  return a.length === b.length && crypto.timingSafeEqual(a, b)
}

const MAX_BODY = 2_000_000
const TOO_LARGE = new Error('too large')

/** 413, then the connection is closed: the rest of the body is never read. */
function tooLarge(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (res.headersSent) return
  res.shouldKeepAlive = false
  send(res, 413, 'Request body too large.')
  // Stop reading only once the answer is out, or the client never sees it.
  res.on('finish', () => req.socket.destroySoon())
}

function readJson(req: http.IncomingMessage): Promise<{ name?: unknown; input?: unknown } | null> {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        req.pause()
        reject(TOO_LARGE)
      } else chunks.push(c)
    })
    req.on('end', () => {
      try {
        const v: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'))
        resolve(v && typeof v === 'object' ? (v as { name?: unknown; input?: unknown }) : null)
      } catch (e) {
        reject(e)
      }
    })
    req.on('error', reject)
  })
}

function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  let rel: string
  try {
    rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname)
  } catch {
    return send(res, 400, 'Bad request.')
  }
  // fs throws (synchronously) on a NUL byte in a path.
  if (rel.includes('\0')) return send(res, 400, 'Bad request.')
  const file = path.resolve(root, `.${rel}`)
  if (!file.startsWith(path.resolve(root) + path.sep)) return send(res, 404, 'Not found.')
  fs.readFile(file, (err, data) => {
    if (err) return send(res, 404, 'Not found.')
    let body: Buffer | string = data
    if (file.endsWith('index.html')) {
      // The bridge must exist before the app's module script runs.
      body = data.toString('utf8').replace('<script', '<script src="/__ownlist_bridge.js"></script>\n    <script')
    }
    send(res, 200, body, TYPES[path.extname(file)] ?? 'application/octet-stream')
  })
}

function send(
  res: http.ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' })
  res.end(body)
}
