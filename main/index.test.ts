// The real main-process entry (main/index.ts and main/app/*) loaded under Node with a stand-in
// `electron` module: the Electron binary cannot run here, and this is what checks the wiring
// everywhere. e2e/electron.test.ts still drives the real app where the binary exists.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../common/channels'
import { APP_INDEX_URL } from './app/origin'
import { CONTENT_SECURITY_POLICY, SECURE_WEB_PREFERENCES } from './app/security'
import { exited, emitReady, recorded, StandInWebContents, app as standInApp } from '../test/support/electron-stand-in'
import { REPO_ROOT, runCliProcess } from '../test/support/helpers'

vi.mock('electron', () => import('../test/support/electron-stand-in'))

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-main-'))
const saved = { dataDir: process.env.OWNLIST_DATA_DIR, renderer: process.env.ELECTRON_RENDERER_URL }
const evilFrame = { senderFrame: { url: 'http://localhost:5173.evil.tld/' } }
const appFrame = { senderFrame: { url: APP_INDEX_URL } }
let profileId = ''

const invoke = (event: unknown, name: string, input?: unknown) =>
  recorded.ipcHandlers.get(INVOKE_CHANNEL)!(event, name, input)
const win = () => recorded.windows[0]!

beforeAll(async () => {
  process.env.OWNLIST_DATA_DIR = dataDir
  delete process.env.ELECTRON_RENDERER_URL // the packaged app's origin, not a dev server
  await import('./index')
})

afterAll(() => {
  if (saved.dataDir === undefined) delete process.env.OWNLIST_DATA_DIR
  else process.env.OWNLIST_DATA_DIR = saved.dataDir
  if (saved.renderer !== undefined) process.env.ELECTRON_RENDERER_URL = saved.renderer
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('main/index.ts under a stand-in Electron', () => {
  it('registers the app:// scheme as privileged before ready, and exactly one IPC channel', () => {
    expect(recorded.privilegedSchemes).toEqual([
      {
        schemes: [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }],
        beforeReady: true,
      },
    ])
    expect([...recorded.ipcHandlers.keys()]).toEqual([INVOKE_CHANNEL])
    expect(recorded.ipcListeners).toEqual([])
    expect(recorded.userData).toEqual([`userData=${dataDir}`])
    expect(recorded.windows).toEqual([]) // nothing before ready
  })

  it('on ready: one window with the security settings, loading app://ownlist', async () => {
    emitReady()
    await vi.waitFor(() => expect(recorded.windows).toHaveLength(1))
    const { options, loaded } = win()
    // The settings themselves are pinned in main/app/security.test.ts.
    expect(options.webPreferences).toEqual({
      preload: path.join(REPO_ROOT, 'preload', 'index.cjs'),
      ...SECURE_WEB_PREFERENCES,
    })
    expect(options.show).toBe(false)
    expect(loaded).toEqual([APP_INDEX_URL])
  })

  it('serves the renderer through app:// and nothing outside its folder', async () => {
    const handle = recorded.protocolHandlers.get('app')!
    expect([...recorded.protocolHandlers.keys()]).toEqual(['app'])
    const page = await handle(new Request(APP_INDEX_URL))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(await page.text()).toBe(fs.readFileSync(path.join(REPO_ROOT, 'renderer', 'index.html'), 'utf8'))
    for (const url of [
      'app://ownlist/..%2Fpackage.json',
      'app://ownlist/%2E%2E%2Fmain%2Findex.ts',
      'app://ownlist/../package.json',
    ]) {
      expect((await handle(new Request(url))).status, url).toBe(404)
    }
  })

  it('locks the session down: no permission, no network, no spellcheck downloads', () => {
    const answers: boolean[] = []
    recorded.permissionRequestHandler!({}, 'media', (ok: boolean) => answers.push(ok))
    recorded.permissionRequestHandler!({}, 'notifications', (ok: boolean) => answers.push(ok))
    expect(answers).toEqual([false, false])
    expect(recorded.permissionCheckHandler!({}, 'clipboard-read')).toBe(false)
    const cancel = (url: string) => {
      let result: { cancel: boolean } | undefined
      recorded.beforeRequest!({ url }, (r: { cancel: boolean }) => (result = r))
      return result?.cancel
    }
    expect(cancel('app://ownlist/assets/index.js')).toBe(false)
    for (const url of [
      'https://example.com/',
      'http://localhost:5173/',
      'ws://localhost:5173/',
      'file:///etc/passwd',
      'https://redirector.gvt1.com/edgedl/chrome/dict/en-us-10-1.bdic',
      'devtools://devtools/bundled/inspector.html',
    ]) {
      expect(cancel(url), url).toBe(true)
    }
    expect(recorded.spellCheckerEnabled).toBe(false)
  })

  it('guards every web contents: no new windows, no navigation away', () => {
    const wc = win().webContents
    expect(wc.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    const navigate = (event: string, url: string) => {
      let prevented = false
      wc.emit(event, { preventDefault: () => (prevented = true) }, url)
      return prevented
    }
    expect(navigate('will-navigate', 'https://example.com/')).toBe(true)
    expect(navigate('will-navigate', 'app://ownlist.evil.tld/')).toBe(true)
    expect(navigate('will-redirect', 'file:///etc/passwd')).toBe(true)
    expect(navigate('will-navigate', APP_INDEX_URL)).toBe(false)
    expect(navigate('will-attach-webview', 'app://ownlist/')).toBe(true)
    // Any other web contents (a devtools view, one a bug creates) gets the same guard.
    const other = new StandInWebContents()
    standInApp.emit('web-contents-created', {}, other)
    expect(other.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    let prevented = false
    other.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://example.com/')
    expect(prevented).toBe(true)
  })

  it('the IPC channel answers the app’s page through the real dispatcher', async () => {
    const started = await invoke(appFrame, 'app.start')
    expect(started.ok).toBe(true)
    expect(started.value.session.profile.name).toBe('Personal')
    profileId = started.value.session.profile.id
    const listId = started.value.session.lists[0].id
    const added = await invoke(appFrame, 'todos.add', { listId, title: 'Pay the rent' })
    expect(added).toMatchObject({ ok: true, value: { title: 'Pay the rent' } })
    // A bad input is a coded error through the same channel, not an exception.
    expect(await invoke(appFrame, 'todos.add', { listId, title: 42 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    })
    expect(await invoke(appFrame, 'no.such.call', {})).toMatchObject({ ok: false })
  })

  it('refuses an unknown sender without touching anything', async () => {
    const before = fs.readdirSync(path.join(dataDir, 'profiles')).sort()
    for (const event of [evilFrame, { senderFrame: { url: 'file:///tmp/evil.html' } }, { senderFrame: null }, {}]) {
      const r = await invoke(event, 'profiles.create', { name: 'Evil' })
      expect(r).toEqual({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: 'Refused: the request did not come from Ownlist.' },
      })
    }
    expect(fs.readdirSync(path.join(dataDir, 'profiles')).sort()).toEqual(before)
    const listed = await invoke(appFrame, 'profiles.list')
    expect(listed.value.profiles.map((p: { name: string }) => p.name)).toEqual(['Personal'])
  })

  it('the menu’s items send commands the renderer acts on, or call Electron directly', () => {
    const commands = fs.readFileSync(path.join(REPO_ROOT, 'renderer/src/lib/commands/menu.ts'), 'utf8')
    const items = recorded.menu!.flatMap((m: any) => [m, ...(m.submenu ?? [])])
    const clickable = items.filter((i: any) => typeof i.click === 'function')
    expect(clickable.length).toBeGreaterThan(10)
    const wc = win().webContents
    for (const item of clickable) {
      wc.sent.length = 0
      item.click()
      if (item.label === 'Open Data Folder') expect(recorded.openedPaths).toEqual([dataDir])
      else if (item.label.startsWith('About Ownlist')) expect(recorded.aboutPanels).toBe(1)
      else {
        expect(wc.sent, item.label).toHaveLength(1)
        const [channel, event, payload] = wc.sent[0]! as [string, string, { command: string }]
        expect([channel, event]).toEqual([EVENT_CHANNEL, 'menu'])
        // The renderer's runMenuCommand has a case for it (an unknown command would do nothing).
        expect(commands, `${item.label} → ${payload.command}`).toContain(`case '${payload.command}':`)
      }
    }
    const accelerators = items.map((i: any) => i.accelerator).filter(Boolean)
    expect(new Set(accelerators).size).toBe(accelerators.length)
    // Developer tools only in a development build (which is what the stand-in reports).
    expect(items.some((i: any) => i.role === 'toggleDevTools')).toBe(!standInApp.isPackaged)
  })

  it('the save dialog suggests a safe file name and always asks before replacing', async () => {
    expect(await invoke(appFrame, 'profiles.rename', { id: profileId, name: '../CON/a\\b' })).toMatchObject({
      ok: true,
    })
    recorded.saveAnswer = { canceled: true, filePath: '' }
    expect(await invoke(appFrame, 'backups.exportToFile')).toEqual({ ok: true, value: null })
    const opts = recorded.saveDialogs.at(-1)
    expect(opts.defaultPath).toMatch(/^__CON_a_b \d{4}-\d{2}-\d{2}\.sqlite$/)
    expect(opts.properties).toContain('showOverwriteConfirmation')
    const target = path.join(dataDir, 'exported.sqlite')
    recorded.saveAnswer = { canceled: false, filePath: target }
    const r = await invoke(appFrame, 'backups.exportToFile')
    expect(r).toMatchObject({ ok: true, value: { file: target } })
    expect(fs.existsSync(target)).toBe(true)
    expect(await invoke(appFrame, 'profiles.rename', { id: profileId, name: 'Personal' })).toMatchObject({ ok: true })
  })

  it('quitting takes the automatic backup and closes the open profile before exiting', async () => {
    // The app holds the profile: another process is refused while it runs.
    const held = await runCliProcess(['--data-dir', dataDir, '--json', 'todos', 'add', profileId, 'from the CLI'])
    expect(held.exitCode).toBe(1)
    expect(JSON.parse(held.stdout).error.code).toBe('PROFILE_IN_USE')
    const backupsDir = path.join(dataDir, 'backups', profileId)
    const autos = () =>
      fs.existsSync(backupsDir) ? fs.readdirSync(backupsDir).filter((f) => f.startsWith('auto-')) : []
    expect(autos()).toEqual([])

    win().events.emit('close', { preventDefault: () => {} })
    standInApp.quit()
    expect(await exited).toBe(0)
    expect(recorded.exitCodes).toEqual([0])
    expect(autos()).toHaveLength(1)
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).window).toEqual({
      x: 10,
      y: 20,
      width: 1100,
      height: 720,
      maximized: false,
    })

    const after = await runCliProcess(['--data-dir', dataDir, '--json', 'todos', 'list', profileId])
    expect(after.exitCode).toBe(0)
    expect(JSON.parse(after.stdout).todos.map((t: { title: string }) => t.title)).toEqual(['Pay the rent'])
    const write = await runCliProcess(['--data-dir', dataDir, '--json', 'todos', 'add', profileId, 'after quit'])
    expect(write.exitCode).toBe(0)
  })
})
