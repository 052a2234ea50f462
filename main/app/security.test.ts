import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { CONTENT_SECURITY_POLICY, guardSender, isAllowedNavigation, isTrustedSender, type TrustedRenderer } from './security'

const file: TrustedRenderer = { kind: 'file', indexUrl: 'file:///opt/Ownlist/resources/app.asar/out/renderer/index.html' }
const devServer: TrustedRenderer = { kind: 'dev-server', origin: 'http://localhost:5173' }

describe('isTrustedSender', () => {
  it('accepts the app’s own page, with or without a hash or query', () => {
    expect(isTrustedSender(file.indexUrl, file)).toBe(true)
    expect(isTrustedSender(`${file.indexUrl}#/todos`, file)).toBe(true)
    expect(isTrustedSender('http://localhost:5173/', devServer)).toBe(true)
  })

  it.each([
    undefined,
    null,
    '',
    'not a url',
    'https://evil.example/',
    'http://localhost:5173/', // a dev-server page is not trusted in the packaged app
    'file:///tmp/evil.html',
    'file:///opt/Ownlist/resources/app.asar/out/renderer/other.html',
    'file://remote-host/opt/Ownlist/resources/app.asar/out/renderer/index.html',
    'data:text/html,<script>1</script>',
    'about:blank',
  ])('refuses %s', (url) => {
    expect(isTrustedSender(url, file)).toBe(false)
  })

  it('refuses other origins while developing', () => {
    expect(isTrustedSender('http://localhost:5174/', devServer)).toBe(false)
    expect(isTrustedSender('http://127.0.0.1:5173/', devServer)).toBe(false)
    expect(isTrustedSender(file.indexUrl, devServer)).toBe(false)
  })
})

describe('isAllowedNavigation', () => {
  it.each(['https://example.com/', 'http://localhost:8080/', 'file:///etc/passwd', 'javascript:alert(1)', 'mailto:a@b.c'])(
    'refuses navigation to %s',
    (url) => {
      expect(isAllowedNavigation(url, file)).toBe(false)
    },
  )
  it('allows reloading the app itself', () => {
    expect(isAllowedNavigation(file.indexUrl, file)).toBe(true)
  })
})

describe('guardSender', () => {
  it('answers the app’s own page and refuses any other sender without calling the handler', async () => {
    const calls: unknown[] = []
    const guarded = guardSender(
      file,
      async (name, input) => {
        calls.push([name, input])
        return 'handled'
      },
      () => 'refused',
    )
    expect(await guarded('https://evil.example/', 'profiles.delete', { id: 'x' })).toBe('refused')
    expect(await guarded(undefined, 'profiles.delete', { id: 'x' })).toBe('refused')
    expect(calls).toEqual([])
    expect(await guarded(file.indexUrl, 'profiles.list', undefined)).toBe('handled')
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
