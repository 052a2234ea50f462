// main/index.ts in a packaged app: ELECTRON_RENDERER_URL (set by anyone who can set the
// environment) is ignored; the renderer always comes from app://ownlist.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNEL } from '../common/channels'
import { APP_INDEX_URL } from './app/origin'
import { emitReady, recorded, app as standInApp } from '../test/support/electron-stand-in'

vi.mock('electron', () => import('../test/support/electron-stand-in'))

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-main-packaged-'))
const saved = { dataDir: process.env.OWNLIST_DATA_DIR, renderer: process.env.ELECTRON_RENDERER_URL }
const invoke = (url: string, name: string) =>
  recorded.ipcHandlers.get(INVOKE_CHANNEL)!({ senderFrame: { url } }, name, undefined)

beforeAll(async () => {
  process.env.OWNLIST_DATA_DIR = dataDir
  process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/'
  standInApp.isPackaged = true
  // Electron's resources folder; it has no native/ build here, so Node's better-sqlite3 is used.
  Object.defineProperty(process, 'resourcesPath', { value: dataDir, configurable: true })
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
  delete (process as { resourcesPath?: string }).resourcesPath
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('main/index.ts in a packaged app', () => {
  it('ignores ELECTRON_RENDERER_URL: app://ownlist only, and no developer menu', async () => {
    expect(recorded.windows[0]!.loaded).toEqual([APP_INDEX_URL])
    expect(await invoke(APP_INDEX_URL, 'app.state')).toMatchObject({ ok: true })
    expect(await invoke('http://localhost:5173/', 'app.state')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    })
    let result: { cancel: boolean } | undefined
    recorded.beforeRequest!({ url: 'http://localhost:5173/src/main.ts' }, (r: { cancel: boolean }) => (result = r))
    expect(result).toEqual({ cancel: true })
    const items = recorded.menu!.flatMap((m: any) => [m, ...(m.submenu ?? [])])
    expect(items.filter((i: any) => i.role === 'toggleDevTools' || i.role === 'reload')).toEqual([])
  })
})
