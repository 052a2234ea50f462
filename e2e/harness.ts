// Starts the real built renderer in Debian's Chromium against the real AppService over the
// test transport (dev/web-transport/server.ts), each run in its own temporary data folder.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { Dialogs } from '../main/api/service'
import { startWebServer, type WebServer } from '../dev/web-transport/server'
import { CHROMIUM_ARGS } from '../scripts/chromium-flags.mjs'

export const ROOT = fileURLToPath(new URL('../', import.meta.url))
export const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts')
const RENDERER = path.join(ROOT, 'out', 'renderer')

export function chromiumPath(): string {
  const found = [process.env.OWNLIST_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p) => p && fs.existsSync(p),
  )
  if (!found)
    throw new Error(
      'No Chromium found: install Debian’s chromium or set OWNLIST_CHROMIUM (npm test does this for you as root).',
    )
  return found
}

export interface Harness {
  dataDir: string
  server: WebServer
  browser: Browser
  page: Page
  /** Restarts the page (a new app launch) against the same data folder. */
  relaunch(): Promise<Page>
  screenshot(name: string): Promise<void>
  close(): Promise<void>
}

/** What the "native" file dialogs answer; a test sets `next` before the click that opens one. */
export class ScriptedDialogs implements Dialogs {
  next: string | null = null
  shown: string[] = []
  async saveFile(): Promise<string | null> {
    return this.take()
  }
  async openFile(): Promise<string | null> {
    return this.take()
  }
  async openFolder(): Promise<string | null> {
    return this.take()
  }
  showInFolder(file: string): void {
    this.shown.push(file)
  }
  private take(): string | null {
    const answer = this.next
    this.next = null
    return answer
  }
}

export async function launch(
  opts: { dataDir?: string; prepare?: (dataDir: string) => void | Promise<void>; dialogs?: Dialogs } = {},
): Promise<Harness> {
  if (!fs.existsSync(path.join(RENDERER, 'index.html')))
    throw new Error('Build the renderer first: npx electron-vite build')
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-e2e-'))
  await opts.prepare?.(dataDir)
  let server = await startWebServer({ dataDir, rendererDir: RENDERER, dialogs: opts.dialogs })
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } })
  let page = await context.newPage()
  const errors: string[] = []
  const watch = (p: Page) => {
    // Fail at the step that is stuck, well before the test's own timeout.
    p.setDefaultTimeout(8_000)
    p.on('pageerror', (e) => errors.push(e.message))
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
  }
  watch(page)
  await page.goto(server.url)
  const harness: Harness = {
    dataDir,
    get server() {
      return server
    },
    browser,
    get page() {
      return page
    },
    async relaunch() {
      await page.close()
      await server.close()
      server = await startWebServer({ dataDir, rendererDir: RENDERER, dialogs: opts.dialogs })
      page = await context.newPage()
      watch(page)
      await page.goto(server.url)
      return page
    },
    async screenshot(name) {
      fs.mkdirSync(ARTIFACTS, { recursive: true })
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) })
    },
    async close() {
      launched.delete(harness)
      await browser.close()
      await server.close()
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
      // A renderer error (a CSP violation included) fails the run that caused it.
      if (errors.length) throw new Error(`The page reported errors:\n${errors.join('\n')}`)
    },
  }
  launched.add(harness)
  return harness
}

/** Harnesses `launch` opened and nobody closed yet. */
const launched = new Set<Harness>()

/** Closes every harness still open: each e2e file's `afterEach`, so no test leaves a browser or server behind. */
export async function closeLaunched(): Promise<void> {
  const open = [...launched]
  let failure: unknown = null
  for (const h of open) {
    try {
      await h.close()
    } catch (e) {
      failure ??= e
    }
  }
  if (failure) throw failure
}

/** The page's window, as far as the tests read it in `evaluate` (tsconfig.node has no DOM types). */
export type Win = {
  getComputedStyle(el: unknown): {
    direction: string
    lineHeight: string
    borderTopColor: string
    backgroundColor: string
  }
}

/** Screenshots of the page in the light theme and the dark one, leaving it light. */
export async function screenshotBoth(h: Harness, name: string): Promise<void> {
  await h.page.emulateMedia({ colorScheme: 'light' })
  await h.screenshot(`${name}-light`)
  await h.page.emulateMedia({ colorScheme: 'dark' })
  await h.screenshot(`${name}-dark`)
  await h.page.emulateMedia({ colorScheme: 'light' })
}

/** A to-do row by its exact title (the e2e tests' one way to find a row). */
export const row = (page: Page, title: string) =>
  page.getByTestId('todo-row').filter({ has: page.getByTestId('todo-title').getByText(title, { exact: true }) })

/** A date as YYYY-MM-DD in local time. */
export function local(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** Runs `read` on the data folder's one profile, opened read-only: what the window saved. */
export function readProfile<T>(h: Harness, read: (db: Database.Database) => T): T {
  const dir = path.join(h.dataDir, 'profiles')
  const db = new Database(
    path.join(
      dir,
      fs.readdirSync(dir).find((f) => f.endsWith('.sqlite'))!,
    ),
    { readonly: true },
  )
  try {
    return read(db)
  } finally {
    db.close()
  }
}
