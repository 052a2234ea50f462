// Loading the real main-process entry under the stand-in `electron`, for the tests of how it picks
// the renderer's origin (main/index.dev-server.test.ts, main/index.packaged.test.ts). The test
// file itself mocks `electron` (vi.mock is hoisted per file).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, vi } from 'vitest'
import { INVOKE_CHANNEL } from '../../common/channels'
import { emitReady, recorded } from './electron-stand-in'

export const DEV_SERVER_URL = 'http://localhost:5173/'

/**
 * Before the file's tests: a fresh data folder, ELECTRON_RENDERER_URL set to the Vite dev server,
 * `setUp` (a packaged app's flags), then main/index.ts loaded (it runs at import) until its window
 * is made. After them: `tearDown`, the environment as it was, the folder removed.
 */
export function loadMainEntry(
  name: string,
  hooks: { setUp?: (dataDir: string) => void; tearDown?: () => void } = {},
): { invoke: (url: string, call: string) => unknown } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `ownlist-main-${name}-`))
  const saved = { dataDir: process.env.OWNLIST_DATA_DIR, renderer: process.env.ELECTRON_RENDERER_URL }
  beforeAll(async () => {
    process.env.OWNLIST_DATA_DIR = dataDir
    process.env.ELECTRON_RENDERER_URL = DEV_SERVER_URL
    hooks.setUp?.(dataDir)
    await import('../../main/index')
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
    hooks.tearDown?.()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })
  return {
    invoke: (url, call) => recorded.ipcHandlers.get(INVOKE_CHANNEL)!({ senderFrame: { url } }, call, undefined),
  }
}
