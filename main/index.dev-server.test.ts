// main/index.ts's choice of renderer origin: the Vite dev server (ELECTRON_RENDERER_URL) is
// trusted, as its parsed origin, only in a development build; a packaged app ignores it.
// One load of the entry per file (it runs at import), so each mode is its own test file.
import { describe, expect, it, vi } from 'vitest'
import { APP_INDEX_URL } from './app/origin'
import { recorded } from '../test/support/electron-stand-in'
import { loadMainEntry } from '../test/support/main-entry'

vi.mock('electron', () => import('../test/support/electron-stand-in'))

const { invoke } = loadMainEntry('dev')

describe('main/index.ts in a development build with the Vite dev server', () => {
  it('loads the dev server and trusts exactly its parsed origin', async () => {
    expect(recorded.windows[0]!.loaded).toEqual(['http://localhost:5173/'])
    expect(await invoke('http://localhost:5173/', 'app.state')).toMatchObject({ ok: true })
    for (const url of [
      'http://localhost:5173.evil.tld/',
      'http://localhost:5173@evil.tld/',
      'http://localhost:51730/',
      'http://127.0.0.1:5173/',
      APP_INDEX_URL,
    ]) {
      expect(await invoke(url, 'app.state'), url).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    }
    const cancel = (url: string) => {
      let result: { cancel: boolean } | undefined
      recorded.beforeRequest!({ url }, (r: { cancel: boolean }) => (result = r))
      return result?.cancel
    }
    expect(cancel('http://localhost:5173/src/main.ts')).toBe(false)
    expect(cancel('http://localhost:5173.evil.tld/x.js')).toBe(true)
    expect(cancel('https://example.com/')).toBe(true)
  })
})
