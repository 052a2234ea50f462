import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from './security'
import { createAppProtocolHandler, resolveAppFile } from './protocol'

// A renderer folder with a secret beside it: nothing outside the folder may ever be served.
let root: string
let renderer: string
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-protocol-'))
  renderer = path.join(root, 'renderer')
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true })
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Ownlist</title>')
  fs.writeFileSync(path.join(renderer, 'assets', 'index-abc.js'), 'console.log(1)')
  fs.writeFileSync(path.join(renderer, 'assets', 'a b.css'), 'body{}')
  fs.writeFileSync(path.join(root, 'secret.txt'), 'SECRET')
  fs.mkdirSync(path.join(root, 'renderer-evil'))
  fs.writeFileSync(path.join(root, 'renderer-evil', 'x.js'), 'SECRET')
  fs.symlinkSync(path.join(root, 'secret.txt'), path.join(renderer, 'assets', 'link.txt'))
})
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

// Dot segments, plain or as %2E, that URL parsing (Node's and Chromium's alike) resolves
// against the origin's root: they can only ever land inside the renderer folder.
const NORMALISED = [
  'app://ownlist/../secret.txt',
  'app://ownlist/assets/../../secret.txt',
  'app://ownlist/%2E%2E/secret.txt',
  'app://ownlist/../renderer-evil/x.js',
]
// What parsing leaves in the path: encoded slashes and backslashes, NUL, drive letters,
// double encoding, broken encoding, other hosts. Each one is refused outright.
const REFUSED = [
  'app://ownlist/..%2Fsecret.txt',
  'app://ownlist/%2e%2e%2fsecret.txt',
  'app://ownlist/assets/%2E%2E%2F%2E%2E%2Fsecret.txt',
  'app://ownlist/..%5Csecret.txt',
  'app://ownlist/assets%5C..%5C..%5Csecret.txt',
  'app://ownlist/..%2Frenderer-evil%2Fx.js',
  'app://ownlist/..%c0%afsecret.txt',
  'app://ownlist/%',
  'app://ownlist/%E0%A4%A',
  'app://ownlist/index.html%00.js',
  'app://ownlist//etc/passwd',
  'app://ownlist/%2Fetc%2Fpasswd',
  'app://ownlist/C:%5CWindows%5Cwin.ini',
  'app://ownlist/C:/Windows/win.ini',
  'app://evil/index.html',
  'app://ownlist.evil/index.html',
  'app://ownlist:81/index.html',
  'app://user@ownlist/index.html',
  'http://ownlist/index.html',
  'file:///etc/passwd',
  'not a url',
]
const TRAVERSALS = [...NORMALISED, ...REFUSED]

describe('resolveAppFile', () => {
  it('maps app://ownlist/… to files in the renderer folder', () => {
    expect(resolveAppFile('app://ownlist/', renderer)).toBe(path.join(renderer, 'index.html'))
    expect(resolveAppFile('app://ownlist/index.html', renderer)).toBe(path.join(renderer, 'index.html'))
    expect(resolveAppFile('app://ownlist/assets/index-abc.js?v=1#x', renderer)).toBe(
      path.join(renderer, 'assets', 'index-abc.js'),
    )
    expect(resolveAppFile('app://ownlist/assets/a%20b.css', renderer)).toBe(path.join(renderer, 'assets', 'a b.css'))
  })

  it.each(TRAVERSALS)('never leaves the renderer folder: %s', (url) => {
    const file = resolveAppFile(url, renderer)
    if (file !== null) expect(path.relative(renderer, file).startsWith('..')).toBe(false)
    expect(file === null || file.startsWith(renderer + path.sep)).toBe(true)
  })

  it.each(REFUSED)('refuses %s outright', (url) => {
    expect(resolveAppFile(url, renderer)).toBeNull()
  })

  it('resolves parsed dot segments against the folder’s root', () => {
    expect(resolveAppFile('app://ownlist/../secret.txt', renderer)).toBe(path.join(renderer, 'secret.txt'))
  })
})

describe('the app:// protocol handler', () => {
  const handler = () => createAppProtocolHandler(renderer)

  it('serves the renderer’s files with their type, and the CSP on HTML', async () => {
    const page = await handler()(new Request('app://ownlist/index.html'))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(await page.text()).toContain('<title>Ownlist</title>')
    const js = await handler()(new Request('app://ownlist/assets/index-abc.js'))
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(js.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await js.text()).toBe('console.log(1)')
  })

  it.each([...TRAVERSALS, 'app://ownlist/assets/link.txt', 'app://ownlist/assets', 'app://ownlist/missing.js'])(
    'answers 404 for %s',
    async (url) => {
      let request: Request
      try {
        request = new Request(url)
      } catch {
        return // not even a request (Node's Request refuses some of these outright)
      }
      const res = await handler()(request)
      expect(res.status).toBe(404)
      expect(await res.text()).not.toContain('SECRET')
    },
  )

  it('refuses anything but GET and HEAD', async () => {
    const res = await handler()(new Request('app://ownlist/index.html', { method: 'POST', body: 'x' }))
    expect(res.status).toBe(405)
  })
})
