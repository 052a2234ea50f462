// main/index.ts's choice of renderer origin: the Vite dev server (ELECTRON_RENDERER_URL) is
// trusted, as its parsed origin, only in a development build; a packaged app ignores it.
// One load of the entry per file (it runs at import), so each mode is its own test file.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNEL } from '../common/channels'
import { APP_INDEX_URL } from './app/origin'
import { emitReady, recorded } from '../test/support/electron-stand-in'

vi.mock('electron', () => import('../test/support/electron-stand-in'))

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-main-dev-'))
const saved = { dataDir: process.env.OWNLIST_DATA_DIR, renderer: process.env.ELECTRON_RENDERER_URL }
const invoke = (url: string, name: string) =>
  recorded.ipcHandlers.get(INVOKE_CHANNEL)!({ senderFrame: { url } }, name, undefined)

beforeAll(async () => {
  process.env.OWNLIST_DATA_DIR = dataDir
  process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/'
  await import('./index')
  emitReady()
  await vi.waitFor(() => expect(recorded.windows).toHaveLength(1))
})

afterAll(() => {
  for (const [key, value] of [
    ['OWNLIST_DATA_DIR', saved.dataDir],
    ['ELECTRON_RENDERER_URL', saved.renderer],
  ] as const) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  fs.rmSync(dataDir, { recursive: true, force: true })
})

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
