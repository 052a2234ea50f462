import http from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TempDirs } from '../../test/support/helpers'
import { startWebServer, type WebServer } from './server'
import fs from 'node:fs'

const dirs = new TempDirs()
let server: WebServer

beforeAll(async () => {
  const rendererDir = dirs.make()
  fs.writeFileSync(
    path.join(rendererDir, 'index.html'),
    '<html><head><script type="module" src="/a.js"></script></head></html>',
  )
  server = await startWebServer({ dataDir: dirs.make(), rendererDir, log: () => {} })
})

afterAll(async () => {
  await server.close()
  dirs.cleanup()
})

/** A raw request, so the Host header can be set to anything. */
function request(opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }) {
  const { port } = new URL(server.origin)
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        let body = ''
        res.on('data', (c) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    req.end(opts.body)
  })
}

const call = (headers: Record<string, string>, body = JSON.stringify({ name: 'profiles.list' })) =>
  request({ path: '/api/call', method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })

describe('the test transport', () => {
  it('is bound to 127.0.0.1 only', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('answers API calls that carry the per-run token', async () => {
    const res = await call({ 'x-ownlist-token': server.token })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { profiles: [] } })
  })

  it.each<Record<string, string>>([{}, { 'x-ownlist-token': 'wrong' }, { 'x-ownlist-token': '0'.repeat(48) }])(
    'refuses a call without the right token %j',
    async (headers) => {
      const res = await call(headers)
      expect(res.status).toBe(403)
    },
  )

  it('refuses the event stream without the token', async () => {
    expect((await request({ path: '/api/events' })).status).toBe(403)
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await call({ 'x-ownlist-token': server.token, host: 'evil.example' })
    expect(res.status).toBe(421)
  })

  it('never serves files outside the renderer folder', async () => {
    for (const p of ['/../package.json', '/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd']) {
      expect((await request({ path: p })).status).toBe(404)
    }
  })

  it('injects the bridge before the app’s script', async () => {
    const res = await request({ path: '/' })
    expect(res.body.indexOf('/__ownlist_bridge.js')).toBeGreaterThan(-1)
    expect(res.body.indexOf('/__ownlist_bridge.js')).toBeLessThan(res.body.indexOf('/a.js'))
    expect((await request({ path: '/__ownlist_bridge.js' })).body).toContain('/api/call')
  })

  it('answers malformed bodies with 400 and keeps serving', async () => {
    expect((await call({ 'x-ownlist-token': server.token }, '{nope')).status).toBe(400)
    expect((await call({ 'x-ownlist-token': server.token })).status).toBe(200)
  })
})
