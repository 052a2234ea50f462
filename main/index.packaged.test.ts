// main/index.ts in a packaged app: ELECTRON_RENDERER_URL (set by anyone who can set the
// environment) is ignored; the renderer always comes from app://ownlist.
import { describe, expect, it, vi } from 'vitest'
import { APP_INDEX_URL } from './app/origin'
import { recorded, app as standInApp } from '../test/support/electron-stand-in'
import { loadMainEntry } from '../test/support/main-entry'

vi.mock('electron', () => import('../test/support/electron-stand-in'))

const { invoke } = loadMainEntry('packaged', {
  setUp: (dataDir) => {
    standInApp.isPackaged = true
    // Electron's resources folder; it has no native/ build here, so Node's better-sqlite3 is used.
    Object.defineProperty(process, 'resourcesPath', { value: dataDir, configurable: true })
  },
  tearDown: () => delete (process as { resourcesPath?: string }).resourcesPath,
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
