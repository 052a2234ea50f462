import { BrowserWindow, screen, session } from 'electron'
import type { WindowBounds } from '../api/settings'
import { isAllowedNavigation, type TrustedRenderer } from './security'

/** Refuses everything a to-do app never needs: new windows, navigation away, permissions. */
export function lockDownSession(trusted: TrustedRenderer): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    // No remote content: only the app's own files (and the dev server while developing).
    const url = details.url
    const local = url.startsWith('file:') || url.startsWith('devtools:') || url.startsWith('data:') || (trusted.kind === 'dev-server' && url.startsWith(trusted.origin))
    callback({ cancel: !local })
  })
}

export function createMainWindow(opts: { preload: string; bounds: WindowBounds | null; trusted: TrustedRenderer }): BrowserWindow {
  const bounds = opts.bounds && isVisible(opts.bounds) ? opts.bounds : null
  const win = new BrowserWindow({
    width: bounds?.width ?? 1100,
    height: bounds?.height ?? 720,
    x: bounds?.x,
    y: bounds?.y,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Ownlist',
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    },
  })
  if (bounds?.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, opts.trusted)) event.preventDefault()
  })
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  return win
}

export function currentBounds(win: BrowserWindow): WindowBounds {
  const b = win.getNormalBounds()
  return { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() }
}

/** A window remembered on a monitor that is gone would open off-screen. */
function isVisible(b: WindowBounds): boolean {
  return screen.getAllDisplays().some((d) => {
    const a = d.workArea
    return b.x < a.x + a.width && b.x + b.width > a.x && b.y < a.y + a.height && b.y + b.height > a.y
  })
}
