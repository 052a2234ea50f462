import { dialog, shell, type BrowserWindow, type SaveDialogOptions } from 'electron'
import type { Dialogs } from '../api/service'
import { safeFileNameWithExtension } from './file-name'

const PROFILE_FILTERS = [
  { name: 'Ownlist profile', extensions: ['sqlite'] },
  { name: 'All files', extensions: ['*'] },
]

/** Save dialog options: the suggested name is made safe, and replacing a file is always confirmed. */
export function saveDialogOptions(title: string, defaultName: string): SaveDialogOptions {
  return {
    title,
    defaultPath: safeFileNameWithExtension(defaultName, '.sqlite'),
    filters: PROFILE_FILTERS,
    // The service writes with force after this dialog: the dialog is what asks before replacing.
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  }
}

/** The native dialogs: the only way a file path chosen by the user reaches main. */
export function electronDialogs(window: () => BrowserWindow | null): Dialogs {
  return {
    async saveFile({ title, defaultName }) {
      const w = window()
      const opts = saveDialogOptions(title, defaultName)
      const r = w ? await dialog.showSaveDialog(w, opts) : await dialog.showSaveDialog(opts)
      return r.canceled || !r.filePath ? null : r.filePath
    },
    async openFile({ title }) {
      const w = window()
      const opts = { title, filters: PROFILE_FILTERS, properties: ['openFile' as const] }
      const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts)
      return r.canceled ? null : (r.filePaths[0] ?? null)
    },
    async openFolder({ title }) {
      const w = window()
      const opts = { title, properties: ['openDirectory' as const, 'createDirectory' as const] }
      const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts)
      return r.canceled ? null : (r.filePaths[0] ?? null)
    },
    showInFolder(file) {
      shell.showItemInFolder(file)
    },
  }
}
