import path from 'node:path'
import { listBackupFiles } from '../../engine/backup/backups'
import { schemaVersionOf } from '../../engine/queries/summary'
import { presentHealth } from '../presenters'
import type { HandlerContext, SomeHandlers } from './context'

/** The open profile's health: its figures, the database check, the repair it may call for, where its file is. */
export function healthHandlers({ engine, settings, emit, dialogs, now, profile }: HandlerContext) {
  return {
    'health.check': async () => {
      const entry = profile.current()
      const result = await engine.checkProfile(entry.id)
      const checkedAt = now().toISOString()
      settings.update({ checks: { ...settings.get().checks, [entry.id]: { at: checkedAt, ok: result.ok } } })
      return { ...result, checkedAt }
    },
    'health.repair': async () => {
      const { state, result } = await profile.replaceWhileClosed(async (entry) => {
        const r = await engine.backups.repair(entry.id)
        emit('profilesChanged', {})
        return r
      })
      return { state, recovered: result.recovered, damagedName: path.basename(result.damagedFile) }
    },
    'health.figures': () => {
      const entry = profile.current()
      return presentHealth({
        entry,
        newest: listBackupFiles(engine.layout.backupsDir(entry.id))[0],
        schemaVersion: schemaVersionOf(profile.db()),
        lastCheck: settings.get().checks[entry.id] ?? null,
      })
    },
    'health.showInFolder': () => {
      dialogs.showInFolder(profile.current().file)
      return null
    },
  } satisfies SomeHandlers
}
