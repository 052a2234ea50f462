import path from 'node:path'
import { listBackupFiles } from '../../engine/backup/backups'
import { OwnlistError } from '../../engine/errors'
import { localDate } from '../../engine/local-date'
import { copyToBackupFolder, readBackupFolder, setBackupFolder } from '../../engine/backup/extra-folder'
import type { BackupFolderView, RestoreResult } from '../../../common/contract'
import { summarize, summarizeBackup } from '../presenters'
import { profileById } from '../session'
import type { HandlerContext, SomeHandlers } from './context'

/** Backups of the open profile, restores over it, imports of profile files. */
export function backupHandlers({ engine, emit, dialogs, now, profile }: HandlerContext) {
  const restoreFrom = async (file: string): Promise<RestoreResult> => {
    const { state, result } = await profile.replaceWhileClosed((entry) => engine.backups.restore(entry.id, file))
    return { state, undoName: path.basename(result.undoSnapshot) }
  }
  /** Set, and given the open profile's newest automatic backup at once (not only at the next one). */
  const setFolder = async (folder: string | null): Promise<BackupFolderView> => {
    const state = setBackupFolder(engine.layout.root, folder)
    const openId = profile.openId
    if (!state.folder || !openId) return state
    const newest = listBackupFiles(engine.layout.backupsDir(openId)).find((b) => b.kind === 'auto')
    return copyToBackupFolder(engine.layout.root, openId, newest, now())
  }
  return {
    'backups.list': () =>
      listBackupFiles(engine.layout.backupsDir(profile.current().id)).map((b) => summarizeBackup(b)),
    'backups.backupNow': async () => {
      const r = await engine.backups.backupNow(profile.current().id, 'manual')
      return summarizeBackup(listBackupFiles(path.dirname(r.file)).find((b) => b.file === r.file)!)
    },
    'backups.exportToFile': async () => {
      const entry = profile.current()
      const file = await dialogs.saveFile({
        title: 'Back up profile',
        defaultName: `${entry.name} ${localDate(now())}.sqlite`,
      })
      if (!file) return null
      // The save dialog has already asked before replacing an existing file.
      const r = await engine.backups.backupTo(entry.id, file, { force: true })
      return { file: r.file, bytes: r.bytes }
    },
    'backups.restore': ({ name }) => {
      const backup = listBackupFiles(engine.layout.backupsDir(profile.current().id)).find(
        (b) => path.basename(b.file) === name,
      )
      if (!backup) throw new OwnlistError('NOT_FOUND', 'That backup no longer exists.')
      return restoreFrom(backup.file)
    },
    'backups.restoreFromFile': async () => {
      profile.current()
      const file = await dialogs.openFile({ title: 'Restore profile from a backup file' })
      return file ? restoreFrom(file) : null
    },
    'backups.folder': () => readBackupFolder(engine.layout.root),
    'backups.setFolder': ({ folder }) => setFolder(folder),
    'backups.chooseFolder': async () => {
      const folder = await dialogs.openFolder({ title: 'Also keep automatic backups in this folder' })
      return folder ? setFolder(folder) : null
    },
    'backups.importFile': async () => {
      const file = await dialogs.openFile({ title: 'Import a profile file' })
      if (!file) return null
      const imported = await engine.backups.importFile(file)
      emit('profilesChanged', {})
      return summarize(engine, profileById(engine, imported.id))
    },
  } satisfies SomeHandlers
}
