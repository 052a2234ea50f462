/**
 * A stand-in for the `electron` module, for loading the real main-process entry under Node
 * (the Electron binary cannot run everywhere tests run). It records what the app asks of
 * Electron and lets a test play Electron's part: emit 'ready', call an IPC handler as a
 * given frame, click menu items, quit. Only what main/ uses is here; anything else is absent,
 * so a new Electron call fails the wiring test loudly instead of passing silently.
 */
import { EventEmitter } from 'node:events'

type Handler = (...args: any[]) => any

export interface RecordedWindow {
  options: any
  loaded: string[]
  webContents: StandInWebContents
  events: EventEmitter
}

export const recorded = {
  ready: false,
  privilegedSchemes: [] as { schemes: unknown[]; beforeReady: boolean }[],
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  ipcHandlers: new Map<string, Handler>(),
  ipcListeners: [] as string[],
  windows: [] as RecordedWindow[],
  menu: null as any[] | null,
  saveDialogs: [] as any[],
  openDialogs: [] as any[],
  saveAnswer: { canceled: true, filePath: '' } as { canceled: boolean; filePath: string },
  openedPaths: [] as string[],
  shownItems: [] as string[],
  aboutPanels: 0,
  userData: [] as string[],
  permissionRequestHandler: null as Handler | null,
  permissionCheckHandler: null as Handler | null,
  beforeRequest: null as Handler | null,
  spellCheckerEnabled: true,
  exitCodes: [] as number[],
}

let resolveReady: () => void = () => {}
const readyPromise = new Promise<void>((r) => (resolveReady = r))
let resolveExit: (code: number) => void = () => {}
export const exited = new Promise<number>((r) => (resolveExit = r))

class StandInApp extends EventEmitter {
  isPackaged = false
  getVersion = () => '0.1.0-test'
  getName = () => 'Ownlist'
  getAppPath = () => process.cwd()
  setPath = (name: string, value: string) => recorded.userData.push(`${name}=${value}`)
  requestSingleInstanceLock = () => true
  whenReady = () => readyPromise
  isReady = () => recorded.ready
  showAboutPanel = () => void recorded.aboutPanels++
  /** Like Electron: 'before-quit' can be prevented; otherwise 'will-quit' and the exit follow. */
  quit = () => {
    let prevented = false
    this.emit('before-quit', { preventDefault: () => (prevented = true) })
    if (prevented) return
    this.emit('will-quit', { preventDefault: () => {} })
    this.exit(0)
  }
  exit = (code = 0) => {
    recorded.exitCodes.push(code)
    resolveExit(code)
  }
}
export const app = new StandInApp()

/** What a test calls to play Electron's start-up. */
export function emitReady(): void {
  recorded.ready = true
  app.emit('ready')
  resolveReady()
}

export class StandInWebContents extends EventEmitter {
  windowOpenHandler: Handler | null = null
  sent: unknown[][] = []
  setWindowOpenHandler(h: Handler) {
    this.windowOpenHandler = h
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push([channel, ...args])
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows = () => recorded.windows.map((w) => w.events)
  webContents = new StandInWebContents()
  private readonly record: RecordedWindow
  constructor(options: unknown) {
    super()
    this.record = { options, loaded: [], webContents: this.webContents, events: this }
    recorded.windows.push(this.record)
    app.emit('web-contents-created', { preventDefault: () => {} }, this.webContents)
  }
  loadURL(url: string) {
    this.record.loaded.push(url)
    return Promise.resolve()
  }
  loadFile(file: string) {
    this.record.loaded.push(`loadFile:${file}`)
    return Promise.resolve()
  }
  show() {}
  maximize() {}
  restore() {}
  focus() {}
  isMinimized = () => false
  isMaximized = () => false
  getNormalBounds = () => ({ x: 10, y: 20, width: 1100, height: 720 })
}

export const ipcMain = {
  handle(channel: string, handler: Handler) {
    if (recorded.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    recorded.ipcHandlers.set(channel, handler)
  },
  on(channel: string) {
    recorded.ipcListeners.push(channel)
  },
}

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]) {
    recorded.privilegedSchemes.push({ schemes, beforeReady: !recorded.ready })
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>) {
    recorded.protocolHandlers.set(scheme, handler)
  },
}

export const Menu = {
  buildFromTemplate: (template: any[]) => ({ template }),
  setApplicationMenu(menu: { template: any[] } | null) {
    recorded.menu = menu?.template ?? null
  },
}

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (h: Handler) => void (recorded.permissionRequestHandler = h),
    setPermissionCheckHandler: (h: Handler) => void (recorded.permissionCheckHandler = h),
    setSpellCheckerEnabled: (on: boolean) => void (recorded.spellCheckerEnabled = on),
    webRequest: { onBeforeRequest: (h: Handler) => void (recorded.beforeRequest = h) },
  },
}

export const dialog = {
  async showSaveDialog(a: unknown, b?: unknown) {
    recorded.saveDialogs.push(b ?? a)
    return { ...recorded.saveAnswer }
  },
  async showOpenDialog(a: unknown, b?: unknown) {
    recorded.openDialogs.push(b ?? a)
    return { canceled: true, filePaths: [] }
  },
}

export const shell = {
  openPath: async (p: string) => {
    recorded.openedPaths.push(p)
    return ''
  },
  showItemInFolder: (p: string) => void recorded.shownItems.push(p),
}

export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
}

/** OS notifications the app showed (reminders), with their click and action handlers. */
export const notifications: Notification[] = []
export class Notification extends EventEmitter {
  static isSupported = () => true
  constructor(readonly options: { title: string; body: string; actions?: { type: string; text: string }[] }) {
    super()
  }
  show(): void {
    notifications.push(this)
  }
}
