import { contextBridge, ipcRenderer } from 'electron'
import { createApi } from './api'
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../common/channels'

// The renderer gets exactly the contract's functions; ipcRenderer itself never crosses.
const api = createApi(
  (name, input) => ipcRenderer.invoke(INVOKE_CHANNEL, name, input),
  (event, cb) => {
    const listener = (_e: Electron.IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) cb(payload as never)
    }
    ipcRenderer.on(EVENT_CHANNEL, listener)
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, listener)
  },
)

contextBridge.exposeInMainWorld('ownlist', api)
