// The real desktop app, through Playwright's Electron driver. It needs the Electron binary,
// which npm does not install and which cannot be downloaded on machines without access to
// GitHub (such as this project's CI): there it is skipped, and its title says why, rather
// than pretending. preload/api.test.ts checks the same shape on createApi where it skips.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { _electron as electron } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { API_SHAPE } from '../test/support/api-shape'
import { ROOT } from './harness'

function electronBinary(): string | null {
  const dir = path.join(ROOT, 'node_modules', 'electron')
  const pathFile = path.join(dir, 'path.txt')
  if (!fs.existsSync(pathFile)) return null
  const bin = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim())
  return fs.existsSync(bin) ? bin : null
}

const binary = electronBinary()
const SKIPPED =
  'SKIPPED: no Electron binary here (node_modules/electron/path.txt or dist/ is missing; `npm start` downloads it where GitHub is reachable)'
if (!binary) console.warn(`e2e/electron.test.ts: ${SKIPPED}`)

describe.skipIf(!binary)(binary ? 'the Electron app' : `the Electron app — ${SKIPPED}`, () => {
  it('starts, creates "Personal" on first launch, and keeps the renderer sandboxed', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-electron-'))
    const app = await electron.launch({
      executablePath: binary!,
      args: [path.join(ROOT, 'out', 'main', 'index.js'), '--data-dir', dataDir],
    })
    try {
      const page = await app.firstWindow()
      await page.getByText('Personal').first().waitFor()
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
      // window.ownlist is exactly the contract: every group and function of OwnlistApi (as
      // test/support/api-shape.ts lists them, checked against the type at compile time), nothing more.
      // Same form as describeApi(), computed in the page where that module cannot be loaded.
      const exposed = await page.evaluate(() =>
        Object.fromEntries(
          Object.entries((globalThis as unknown as { ownlist: object }).ownlist).map(([group, fns]) => [
            group,
            fns && typeof fns === 'object'
              ? Object.fromEntries(Object.entries(fns).map(([k, v]) => [k, typeof v]))
              : { [`(${typeof fns})`]: typeof fns },
          ]),
        ),
      )
      expect(exposed).toEqual(API_SHAPE)
      const opened = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)
      expect(opened).toBe(1)
    } finally {
      await app.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
