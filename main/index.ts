// The Electron main process: thin wiring of the engine and the API service to a window.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, ipcMain, Menu, protocol } from 'electron'
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../common/channels'
import type { EventName, EventPayload } from '../common/contract'
import { createDispatch } from './api/dispatch'
import { AppService } from './api/service'
import { SettingsStore } from './api/settings'
import { buildMenu } from './app/menu'
import { guardSender, type TrustedRenderer } from './app/security'
import { electronDialogs } from './app/dialogs'
import { showReminderNotice } from './app/notifications'
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES } from './app/origin'
import { createAppProtocolHandler } from './app/protocol'
import { createMainWindow, currentBounds, guardWebContents, lockDownSession } from './app/window'
import { Engine } from './engine/engine'
import { setNativeBinding } from './engine/native'
import { resolveDataDir } from './engine/paths'

const here = path.dirname(fileURLToPath(import.meta.url))
const dev = !app.isPackaged
const flag = (name: string) => {
  const i = process.argv.indexOf(name)
  return i > 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1)
}

const dataDir = resolveDataDir(flag('--data-dir'))
if (flag('--data-dir') || process.env.OWNLIST_DATA_DIR) app.setPath('userData', dataDir)

// better-sqlite3 built for Electron's ABI (scripts/native.mjs), beside Node's own build.
const nativeBinding = app.isPackaged
  ? path.join(process.resourcesPath, 'native', 'better_sqlite3.node')
  : path.join(app.getAppPath(), '.native', `electron-${process.versions.electron}`, 'better_sqlite3.node')
if (fs.existsSync(nativeBinding)) setNativeBinding(nativeBinding)

// The Vite dev server only while developing; the packaged app always serves app://ownlist.
const rendererUrl = dev ? process.env.ELECTRON_RENDERER_URL : undefined
const rendererDir = path.join(here, '../renderer')
const trusted: TrustedRenderer = rendererUrl
  ? { kind: 'dev-server', origin: new URL(rendererUrl).origin }
  : { kind: 'app' }

// Must happen before 'ready': a standard, secure scheme gets a real origin that CSP's 'self' means.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }])

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let win: BrowserWindow | null = null
  // Migrations and the template are found beside the code, or in resources/ once packaged.
  const engine = new Engine({ dataDir, appVersion: app.getVersion() })
  const settings = new SettingsStore(path.join(dataDir, 'settings.json'))
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>) =>
    win?.webContents.send(EVENT_CHANNEL, name, payload)
  const service = new AppService({
    engine,
    settings,
    emit,
    dialogs: electronDialogs(() => win),
    onQuit: () => app.quit(),
    // Packaged, Litestream ships outside the asar in resources/litestream/<platform>-<arch>/.
    litestream: app.isPackaged ? { resourcesPath: process.resourcesPath } : undefined,
  })
  const dispatch = guardSender(trusted, createDispatch(service.handlers), () => ({
    ok: false as const,
    error: { code: 'INVALID_ARGUMENT' as const, message: 'Refused: the request did not come from Ownlist.' },
  }))
  ipcMain.handle(INVOKE_CHANNEL, (event, name: unknown, input: unknown) =>
    dispatch(event.senderFrame?.url, name, input),
  )

  app.on('second-instance', () => {
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.focus()
  })

  app.on('web-contents-created', (_e, contents) => guardWebContents(contents, trusted))

  void app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir))
    lockDownSession(trusted)
    Menu.setApplicationMenu(buildMenu((command) => emit('menu', { command }), dataDir, dev))
    win = createMainWindow({ preload: path.join(here, '../preload/index.cjs'), bounds: settings.get().window, trusted })
    win.on('close', () => {
      if (win) settings.update({ window: currentBounds(win) })
    })
    win.on('closed', () => {
      win = null
    })
    void win.loadURL(rendererUrl ?? APP_INDEX_URL)
    service.startReminders((notice) =>
      showReminderNotice(notice, {
        open: (r) => {
          if (win?.isMinimized()) win.restore()
          win?.focus()
          emit('reminderClicked', { profileId: r.profileId, todoId: r.todoId })
        },
        snooze: (r, until) =>
          void Promise.resolve()
            .then(() =>
              service.handlers['reminders.snooze']({
                profileId: r.profileId,
                todoId: r.todoId,
                until: until.toISOString(),
              }),
            )
            .catch(console.error),
      }),
    )
  })

  app.on('window-all-closed', () => app.quit())
  // Leave the profile properly (automatic backup if it changed, checkpoint, unlock) before exiting.
  let leaving = false
  app.on('before-quit', (event) => {
    if (leaving) return
    leaving = true
    event.preventDefault()
    void service.shutdown().finally(() => app.exit(0))
  })
}
