import { BrowserWindow, screen, session, type WebContents } from 'electron'
import type { WindowBounds } from '../api/settings'
import { isAllowedNavigation, isAllowedRequest, SECURE_WEB_PREFERENCES, type TrustedRenderer } from './security'

/** Refuses everything a to-do app never needs: network, permissions, spellcheck downloads. */
export function lockDownSession(trusted: TrustedRenderer): void {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  // No network at all: only the app's own origin (and the dev server while developing).
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url, trusted) }))
  // Chromium's spellchecker downloads Hunspell dictionaries from Google on Linux and Windows.
  ses.setSpellCheckerEnabled(false)
}

/** Every web contents (the window, and any a bug might create): no new windows, no leaving the app. */
export function guardWebContents(contents: WebContents, trusted: TrustedRenderer): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url, trusted)) event.preventDefault()
  }
  contents.on('will-navigate', guard)
  contents.on('will-redirect', guard)
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

export function createMainWindow(opts: {
  preload: string
  bounds: WindowBounds | null
  trusted: TrustedRenderer
}): BrowserWindow {
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
    webPreferences: { preload: opts.preload, ...SECURE_WEB_PREFERENCES },
  })
  if (bounds?.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())
  guardWebContents(win.webContents, opts.trusted)
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
