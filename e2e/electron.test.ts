// The real desktop app, through Playwright's Electron driver. It needs the Electron binary,
// which npm does not install and which cannot be downloaded on machines without access to
// GitHub (such as this project's CI): there it is skipped, and says so, rather than pretending.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { _electron as electron } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ROOT } from './harness'

function electronBinary(): string | null {
  const dir = path.join(ROOT, 'node_modules', 'electron')
  const pathFile = path.join(dir, 'path.txt')
  if (!fs.existsSync(pathFile)) return null
  const bin = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim())
  return fs.existsSync(bin) ? bin : null
}

const binary = electronBinary()
if (!binary) {
  console.warn('e2e/electron.test.ts: skipped, the Electron binary is not installed here (node_modules/electron/path.txt is missing); `npm start` downloads it where GitHub is reachable.')
}

describe.skipIf(!binary)('the packaged-style Electron app', () => {
  it('starts, creates "Personal" on first launch, and keeps the renderer sandboxed', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-electron-'))
    const app = await electron.launch({ executablePath: binary!, args: [path.join(ROOT, 'out', 'main', 'index.js'), '--data-dir', dataDir] })
    try {
      const page = await app.firstWindow()
      await page.getByText('Personal').first().waitFor()
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
      expect(await page.evaluate(() => Object.keys((globalThis as unknown as { ownlist: object }).ownlist).sort())).toEqual(['app', 'lists', 'on', 'profiles', 'todos'])
      // The preload's sandbox has no Node: `require` of a Node built-in fails there.
      const opened = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)
      expect(opened).toBe(1)
    } finally {
      await app.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
