import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { APP_INDEX_URL } from './origin'
import {
  CONTENT_SECURITY_POLICY,
  guardSender,
  isAllowedNavigation,
  isAllowedRequest,
  isTrustedSender,
  originOf,
  SECURE_WEB_PREFERENCES,
  type TrustedRenderer,
} from './security'

const packaged: TrustedRenderer = { kind: 'app' }
const devServer: TrustedRenderer = { kind: 'dev-server', origin: 'http://localhost:5173' }

// URLs that look like ours to a string-prefix check, or are other origins altogether.
const LOOKALIKES = [
  'app://ownlist.evil.tld/index.html',
  'app://ownlist:1234/index.html',
  'app://evil@ownlist/index.html',
  'app://ownlistx/index.html',
  'app://other/index.html',
  'app:ownlist/index.html',
  'apps://ownlist/index.html',
  'http://ownlist/index.html',
  'https://ownlist/index.html',
  'file:///opt/Ownlist/resources/app.asar/out/renderer/index.html',
  'file://ownlist/index.html',
  'http://localhost:5173/',
  'http://localhost:5173.evil.tld/',
  'http://localhost:51730/',
  'http://localhost:5173@evil.tld/',
  'http://127.0.0.1:5173/',
  'blob:app://ownlist/6c1f7d0e',
  'data:text/html,<script>1</script>',
  'javascript:alert(1)',
  'about:blank',
  'devtools://devtools/bundled/inspector.html',
  'chrome://settings',
  'ws://localhost:5173/',
  '',
  'not a url',
]

describe('originOf', () => {
  it('is scheme://host[:port] of hierarchical URLs, lower-cased, and null for the rest', () => {
    expect(originOf(APP_INDEX_URL)).toBe('app://ownlist')
    expect(originOf('APP://OWNLIST/x')).toBe('app://ownlist')
    expect(originOf('http://localhost:5173/src/main.ts')).toBe('http://localhost:5173')
    expect(originOf('https://example.com:443/')).toBe('https://example.com')
    for (const u of [
      'file:///etc/passwd',
      'data:,x',
      'blob:http://localhost:5173/x',
      'about:blank',
      'app://a@ownlist/',
      undefined,
      null,
    ]) {
      expect(originOf(u)).toBeNull()
    }
  })
})

describe('isTrustedSender', () => {
  it('accepts the app’s own origin, any page, hash or query', () => {
    for (const u of [APP_INDEX_URL, `${APP_INDEX_URL}#/todos`, 'app://ownlist/', 'app://OWNLIST/index.html?x=1']) {
      expect(isTrustedSender(u, packaged)).toBe(true)
    }
  })

  it.each([...LOOKALIKES, undefined, null])('refuses %s in the packaged app', (url) => {
    expect(isTrustedSender(url, packaged)).toBe(false)
  })

  it('accepts only the dev server’s parsed origin while developing', () => {
    expect(isTrustedSender('http://localhost:5173/', devServer)).toBe(true)
    expect(isTrustedSender('http://localhost:5173/index.html#x', devServer)).toBe(true)
    const bad = LOOKALIKES.filter((u) => u !== 'http://localhost:5173/')
    for (const u of [...bad, APP_INDEX_URL]) expect(isTrustedSender(u, devServer), u).toBe(false)
  })
})

describe('isAllowedNavigation', () => {
  it.each([
    'https://example.com/',
    'http://localhost:8080/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'mailto:a@b.c',
    ...LOOKALIKES,
  ])('refuses navigation to %s', (url) => {
    expect(isAllowedNavigation(url, packaged)).toBe(false)
  })
  it('allows reloading the app itself', () => {
    expect(isAllowedNavigation(APP_INDEX_URL, packaged)).toBe(true)
  })
})

describe('isAllowedRequest: no network at all', () => {
  const NETWORK = [
    ...LOOKALIKES,
    'https://redirector.gvt1.com/edgedl/chrome/dict/en-us-10-1.bdic', // Chromium's spellcheck dictionaries
    'https://clients2.google.com/service/update2/crx',
    'http://example.com/',
    'https://example.com/',
    'wss://example.com/socket',
    'ws://127.0.0.1:9222/devtools/browser',
    'ftp://example.com/file',
    'file:///etc/passwd',
    'file:///C:/Windows/win.ini',
    'blob:null/1234',
    'data:image/png;base64,AAAA',
    'chrome-extension://abcdef/script.js',
    'http://[::1]:5173/',
    'http://0.0.0.0/',
  ]

  it.each(NETWORK)('refuses %s in the packaged app', (url) => {
    expect(isAllowedRequest(url, packaged)).toBe(false)
  })

  it('allows the app’s own files', () => {
    for (const u of [APP_INDEX_URL, 'app://ownlist/assets/index-abc.js', 'app://ownlist/assets/font.woff2'])
      expect(isAllowedRequest(u, packaged)).toBe(true)
  })

  it('while developing allows the dev server, its hot-reload socket and DevTools, nothing else', () => {
    for (const u of [
      'http://localhost:5173/',
      'http://localhost:5173/@vite/client',
      'ws://localhost:5173/?token=x',
      'devtools://devtools/bundled/inspector.html',
    ]) {
      expect(isAllowedRequest(u, devServer), u).toBe(true)
    }
    for (const u of [
      'http://localhost:5173.evil.tld/',
      'http://localhost:5173@evil.tld/',
      'http://localhost:51730/',
      'ws://localhost:5174/',
      'wss://localhost:5173/',
      'https://example.com/',
      'app://evil/x',
    ]) {
      expect(isAllowedRequest(u, devServer), u).toBe(false)
    }
  })
})

describe('guardSender', () => {
  it('answers the app’s own page and refuses any other sender without calling the handler', async () => {
    const calls: unknown[] = []
    const guarded = guardSender(
      packaged,
      async (name, input) => {
        calls.push([name, input])
        return 'handled'
      },
      () => 'refused',
    )
    expect(await guarded('https://evil.example/', 'profiles.delete', { id: 'x' })).toBe('refused')
    expect(await guarded('app://ownlist.evil.tld/', 'profiles.delete', { id: 'x' })).toBe('refused')
    expect(await guarded(undefined, 'profiles.delete', { id: 'x' })).toBe('refused')
    expect(calls).toEqual([])
    expect(await guarded(APP_INDEX_URL, 'profiles.list', undefined)).toBe('handled')
    expect(calls).toEqual([['profiles.list', undefined]])
  })
})

describe('the renderer’s Content-Security-Policy', () => {
  const html = fs.readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8')
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]

  it('is the policy the app declares, with no inline script, eval or remote source', () => {
    expect(meta).toBe(CONTENT_SECURITY_POLICY)
    expect(meta).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/)
    expect(meta).toContain("default-src 'none'")
  })
})

describe('the window’s web preferences', () => {
  const keysSetTo = (value: boolean) =>
    Object.entries(SECURE_WEB_PREFERENCES)
      .filter(([, v]) => v === value)
      .map(([k]) => k)
      .sort()

  it('isolate and sandbox the page and turn off everything that would open it up', () => {
    expect(keysSetTo(true)).toEqual(['contextIsolation', 'sandbox', 'webSecurity'])
    // Off explicitly, even where Electron's default is off: spellcheck's is on.
    expect(keysSetTo(false)).toEqual([
      'allowRunningInsecureContent',
      'nodeIntegration',
      'nodeIntegrationInWorker',
      'spellcheck',
      'webviewTag',
    ])
    expect(Object.keys(SECURE_WEB_PREFERENCES)).toHaveLength(8)
    expect(Object.isFrozen(SECURE_WEB_PREFERENCES)).toBe(true)
  })
})
