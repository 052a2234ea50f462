import { dialog, shell, type BrowserWindow } from 'electron'
import type { Dialogs } from '../api/service'

const PROFILE_FILTERS = [
  { name: 'Ownlist profile', extensions: ['sqlite'] },
  { name: 'All files', extensions: ['*'] },
]

/** The native dialogs: the only way a file path chosen by the user reaches main. */
export function electronDialogs(window: () => BrowserWindow | null): Dialogs {
  return {
    async saveFile({ title, defaultName }) {
      const w = window()
      const opts = { title, defaultPath: defaultName, filters: PROFILE_FILTERS }
      const r = w ? await dialog.showSaveDialog(w, opts) : await dialog.showSaveDialog(opts)
      return r.canceled || !r.filePath ? null : r.filePath
    },
    async openFile({ title }) {
      const w = window()
      const opts = { title, filters: PROFILE_FILTERS, properties: ['openFile' as const] }
      const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts)
      return r.canceled ? null : (r.filePaths[0] ?? null)
    },
    showInFolder(file) {
      shell.showItemInFolder(file)
    },
  }
}
