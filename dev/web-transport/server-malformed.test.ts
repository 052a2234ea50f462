// `npm run dev:web`'s server (scripts/dev-web.ts, as a child process) against malformed and
// random requests sent over raw sockets: every one gets a 4xx (never a 5xx), and the process
// never exits.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import readline from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT, TempDirs } from '../../test/support/helpers'

const dirs = new TempDirs()
let child: ChildProcessWithoutNullStreams
let stderr = ''
let port = 0
let token = ''
let host = ''

beforeAll(async () => {
  child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/dev-web.ts'), '--data-dir', dirs.make()],
    { cwd: REPO_ROOT },
  )
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const first = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', resolve)
    child.once('exit', () => reject(new Error(`dev:web exited: ${stderr}`)))
  })
  const url = new URL(/on (\S+)/.exec(first)![1]!)
  port = Number(url.port)
  token = url.searchParams.get('token')!
  host = `127.0.0.1:${port}`
}, 60_000)

afterAll(() => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  dirs.cleanup()
})

type Answer = number | 'closed without an answer' | 'no answer in time'

/** Sends raw bytes on a fresh loopback connection and returns the status of the first answer. */
function raw(data: Buffer | string | (Buffer | string)[], timeoutMs = 5000): Promise<Answer> {
  return new Promise((resolve) => {
    let got = Buffer.alloc(0)
    const sock = net.connect({ host: '127.0.0.1', port })
    const done = (a: Answer) => {
      clearTimeout(timer)
      sock.destroy()
      resolve(a)
    }
    const timer = setTimeout(() => done('no answer in time'), timeoutMs)
    // The server may close while a large body is still being written: only its answer counts.
    sock.on('error', () => {})
    sock.on('data', (c: Buffer) => {
      got = Buffer.concat([got, c])
      const m = /^HTTP\/1\.[01] (\d{3}) /.exec(got.toString('latin1'))
      if (m) done(Number(m[1]))
    })
    sock.on('close', () => done('closed without an answer'))
    for (const part of Array.isArray(data) ? data : [data]) sock.write(part)
  })
}

const request = (line: string, headers: Record<string, string> = {}, body: Buffer | string = '') => {
  const b = Buffer.from(body)
  const h = { host, ...(b.length ? { 'content-length': String(b.length) } : {}), ...headers }
  return raw(
    Buffer.concat([
      Buffer.from(
        `${line}\r\n${Object.entries(h)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('')}\r\n`,
        'latin1',
      ),
      b,
    ]),
  )
}

const CALL = JSON.stringify({ name: 'profiles.list' })
const callWith = (tokenHeader: string) =>
  raw(
    Buffer.concat([
      Buffer.from(`POST /api/call HTTP/1.1\r\nhost: ${host}\r\ncontent-length: ${CALL.length}\r\nx-ownlist-token: `),
      Buffer.from(tokenHeader, 'utf8'),
      Buffer.from(`\r\n\r\n${CALL}`),
    ]),
  )

async function stillServing(): Promise<void> {
  expect(child.exitCode, stderr).toBeNull()
  expect(await callWith(token)).toBe(200)
}

describe('npm run dev:web answers malformed requests with a 4xx and keeps running', () => {
  it('GET // (not a URL relative to the server)', async () => {
    expect(await request('GET // HTTP/1.1')).toBe(400)
    expect(await request('GET //evil.example/x HTTP/1.1')).toBe(400)
    await stillServing()
  })

  it('GET /%E0 and other percent-escapes that are not UTF-8, and a NUL byte', async () => {
    for (const p of ['/%E0', '/%', '/%zz', '/%C0%AF', '/%00', '/a%00.js', '/index.html%00']) {
      expect(await request(`GET ${p} HTTP/1.1`), p).toBeGreaterThanOrEqual(400)
      expect(await request(`GET ${p} HTTP/1.1`), p).toBeLessThan(500)
    }
    await stillServing()
  })

  it('a token of the right length in characters but not in bytes', async () => {
    // 48 characters, 96 bytes: a length check in characters let it through to a comparison of bytes.
    const wide = 'é'.repeat(token.length)
    expect(wide.length).toBe(token.length)
    expect(await callWith(wide)).toBe(403)
    expect(await request(`GET /api/events?token=${encodeURIComponent(wide)} HTTP/1.1`)).toBe(403)
    // A token of the right byte length but a different character length.
    expect(await request(`GET /api/events?token=${encodeURIComponent('é'.repeat(token.length / 2))} HTTP/1.1`)).toBe(
      403,
    )
    await stillServing()
  })

  it('a body over the limit, announced or streamed, gets 413', async () => {
    const over = 2_000_001
    expect(
      await raw(
        `POST /api/call HTTP/1.1\r\nhost: ${host}\r\nx-ownlist-token: ${token}\r\ncontent-length: ${over}\r\n\r\n{"name":`,
      ),
    ).toBe(413)
    // Chunked: no length up front, so the limit is found while reading.
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    const parts: (Buffer | string)[] = [
      `POST /api/call HTTP/1.1\r\nhost: ${host}\r\nx-ownlist-token: ${token}\r\ntransfer-encoding: chunked\r\n\r\n`,
    ]
    for (let sent = 0; sent <= over; sent += chunk.length) parts.push(`${chunk.length.toString(16)}\r\n`, chunk, '\r\n')
    expect(await raw(parts)).toBe(413)
    // Without the token the body is never read at all.
    expect(await raw(`POST /api/call HTTP/1.1\r\nhost: ${host}\r\ncontent-length: ${over}\r\n\r\n`)).toBe(403)
    await stillServing()
  })

  it('a few thousand random requests: never a 5xx, never an exit', async () => {
    const seed = Date.now() % 2 ** 31
    const rnd = prng(seed)
    const counts: Record<string, number> = {}
    const N = 3000
    for (let i = 0; i < N; i++) {
      const req = randomRequest(rnd)
      const answer = await raw(req)
      counts[String(answer)] = (counts[String(answer)] ?? 0) + 1
      const ok = typeof answer === 'number' && answer < 500
      if (!ok)
        expect.fail(
          `seed ${seed}, request ${i}: ${JSON.stringify(req.toString('latin1').slice(0, 300))} got ${answer}; ${stderr}`,
        )
      if (i % 500 === 499) expect(child.exitCode, stderr).toBeNull()
    }
    console.log('dev:web fuzz', JSON.stringify({ seed, requests: N, statuses: counts }))
    // The requests reached the API and the files, not only the parser.
    expect(counts['200'] ?? 0).toBeGreaterThan(0)
    expect(counts['403'] ?? 0).toBeGreaterThan(0)
    expect(counts['400'] ?? 0).toBeGreaterThan(0)
    expect(counts['404'] ?? 0).toBeGreaterThan(0)
    await stillServing()
  }, 240_000)
})

/** mulberry32: a small seeded generator, so a failure can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function randomRequest(rnd: () => number): Buffer {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  // Most requests are well-formed HTTP, so they get past the parser into the server's own code.
  const wild = rnd() < 0.3
  const chance = (p: number) => rnd() < p
  const junk = (n: number, printable: boolean) =>
    Buffer.from(Array.from({ length: n }, () => (printable ? 0x20 + Math.floor(rnd() * 95) : Math.floor(rnd() * 256))))

  const method = wild
    ? pick(['GET', 'POST', 'HEAD', 'PUT', 'get', 'BREW', ''])
    : pick(['GET', 'GET', 'POST', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE'])
  const pieces = [
    '/',
    '//',
    '/api/call',
    '/api/events',
    '/__ownlist_bridge.js',
    '/index.html',
    '/%',
    '/%E0',
    '/%e0%80',
    '/%00',
    '/%ff%fe',
    '/..',
    '/../..',
    '/%2e%2e/',
    '..%2f',
    'é',
    '?token=',
    `?token=${token}`,
    `?token=${encodeURIComponent('é'.repeat(token.length))}`,
    '#x',
    '*',
    'http://evil.example/',
    '/a b',
    '/\\..\\',
    '%2F',
    ';',
    '&',
    '=',
  ]
  const roots = ['/api/call', '/api/events', '/', '/index.html', '/__ownlist_bridge.js']
  let target = wild ? '' : pick(roots)
  for (let k = wild ? 1 + Math.floor(rnd() * 4) : Math.floor(rnd() * 3) - 1; k > 0; k--) target += pick(pieces)
  if (!wild && target.startsWith('/api/call')) target = '/api/call'
  if (!wild) target = target.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c))
  if (wild && chance(0.3)) target += junk(1 + Math.floor(rnd() * 40), chance(0.7)).toString('latin1')
  if (chance(0.01)) target += 'a'.repeat(20_000)
  if (wild && chance(0.1)) target = pick(['*', '', 'http://127.0.0.1/', '/api/call /x'])
  const version = wild
    ? pick(['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 x', ''])
    : pick(['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0'])

  const headers: [string, Buffer | string][] = []
  if (!wild || !chance(0.2))
    headers.push([
      'host',
      wild ? pick([host, 'evil.example', '', `127.0.0.1:${port + 1}`, 'é']) : chance(0.9) ? host : 'evil.example',
    ])
  if (chance(0.03)) headers.push(['host', host])
  const tokenValue = pick<Buffer | string>([
    token,
    token,
    'wrong',
    '0'.repeat(token.length),
    Buffer.from('é'.repeat(token.length)),
    '',
    'x'.repeat(10_000),
    junk(token.length, false),
  ])
  if (chance(0.7)) headers.push(['x-ownlist-token', tokenValue])
  if (chance(0.5)) headers.push(['content-type', pick(['application/json', 'text/plain', 'é', ''])])
  if (wild && chance(0.2))
    headers.push([
      junk(1 + Math.floor(rnd() * 10), chance(0.5)).toString('latin1'),
      junk(Math.floor(rnd() * 20), chance(0.5)),
    ])

  const names = [
    'profiles.list',
    'profiles.create',
    'todos.list',
    'settings.get',
    'nope',
    '__proto__',
    'constructor',
    'toString',
    '',
  ]
  const bodies = [
    () => JSON.stringify({ name: pick(names) }),
    () =>
      JSON.stringify({
        name: pick(names),
        input: pick([null, {}, [], 1, 'x', { name: 'Fuzz' }, { profileId: 'x' }, { __proto__: { a: 1 } }]),
      }),
    () => '{nope',
    () => '',
    () => 'null',
    () => '[]',
    () => '"str"',
    () => junk(Math.floor(rnd() * 200), false),
    () => `{"name":"profiles.list","input":${'['.repeat(5000)}`,
  ]
  const body = Buffer.from(pick(bodies)())
  const framing = wild
    ? pick(['length', 'chunked', 'none', 'bad-length'])
    : pick(['length', 'length', 'length', 'chunked'])
  if (framing === 'length' && (body.length || chance(0.5))) headers.push(['content-length', String(body.length)])
  if (framing === 'chunked') headers.push(['transfer-encoding', 'chunked'])
  if (framing === 'bad-length')
    headers.push(['content-length', pick(['-1', 'abc', '1e3', '0x10', ' ', `${body.length}, ${body.length + 1}`])])

  const head = Buffer.concat([
    Buffer.from(`${method} ${target} ${version}\r\n`, 'latin1'),
    ...headers.map(([k, v]) => Buffer.concat([Buffer.from(`${k}: `, 'latin1'), Buffer.from(v), Buffer.from('\r\n')])),
    Buffer.from('\r\n'),
  ])
  if (framing === 'chunked')
    return Buffer.concat([head, Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')])
  // Without a length a body would be read as the next request: send none.
  if (framing === 'none' || framing === 'bad-length') return head
  return Buffer.concat([head, body])
}
