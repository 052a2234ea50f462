import { tick } from 'svelte'
import type { BackupOutcome } from '../backups.svelte'
import { countLabel, formatBytes, formatDateTime } from '../format'
import { TOAST_MS } from '../toasts.svelte'
import type { BackupSummary, ProfileSummary, RestoreResult, Result } from '../types'
import type { ToolsCtx } from './ctx'
import { openProfile } from './profiles'

/**
 * The open profile's backups: what the Backups panel's buttons, the profile switcher and the
 * native menu do. What happened is said in the Backups panel while it is open (a modal
 * dialog: notices behind it cannot be reached), otherwise in a notice.
 */

export function openBackups({ ui, backups }: ToolsCtx): void {
  ui.openPanel('backups')
  backups.reset()
  void backups.load()
}

export function profileName({ app }: ToolsCtx): string {
  return app.profile?.name ?? 'the profile'
}

function tell(ctx: ToolsCtx, outcome: BackupOutcome, notice: () => void): void {
  if (ctx.ui.panel === 'backups') ctx.backups.outcome = outcome
  else notice()
}

function failed(ctx: ToolsCtx, result: Result<unknown>, context: string): boolean {
  if (result.ok) return false
  tell(ctx, { kind: 'failed', context, error: result.error }, () => ctx.toasts.error(result.error, context))
  return true
}

function todoCount(n: number | null): string {
  return n === null ? '' : `${countLabel(n, 'to-do')}, `
}

export async function backupNow(ctx: ToolsCtx): Promise<void> {
  const name = profileName(ctx)
  const result = await ctx.backups.backupNow()
  if (failed(ctx, result, `Could not back up “${name}”`) || !result.ok) return
  const b = result.value
  tell(ctx, { kind: 'backed-up', backup: b }, () =>
    ctx.toasts.info(`Backed up “${name}” (${todoCount(b.todoCount)}${formatBytes(b.bytes)}). The backup was verified.`),
  )
}

export async function exportProfile(ctx: ToolsCtx): Promise<void> {
  const name = profileName(ctx)
  const result = await ctx.backups.exportToFile()
  if (failed(ctx, result, `Could not back up “${name}” to a file`) || !result.ok || !result.value) return
  const { file, bytes } = result.value
  tell(ctx, { kind: 'exported', file, bytes }, () =>
    ctx.toasts.info(
      `Backed up “${name}” to ${file} (${formatBytes(bytes)}). The backup was verified.`,
      undefined,
      TOAST_MS.long,
    ),
  )
}

export async function importProfileFile(ctx: ToolsCtx): Promise<void> {
  const result = await ctx.backups.importFile()
  if (failed(ctx, result, 'Could not import the profile file') || !result.ok || !result.value) return
  const profile = result.value
  tell(ctx, { kind: 'imported', profile }, () =>
    ctx.toasts.info(
      `Imported “${profile.name}” as a new profile${profile.todoCount === null ? '' : ` (${countLabel(profile.todoCount, 'to-do')})`}.`,
      { label: 'Open it', run: () => openImported(ctx, profile) },
      TOAST_MS.long,
    ),
  )
}

/** Opens a profile just imported (closing the panel it was offered in). */
export async function openImported(ctx: ToolsCtx, profile: Pick<ProfileSummary, 'id' | 'name'>): Promise<void> {
  const { ui } = ctx
  ui.closePanel()
  ui.mainView = 'todos'
  if (await openProfile(ctx, profile.id)) {
    ui.announce(`Opened the profile “${profile.name}”.`)
    await tick()
    ui.focus('profile-button')
  }
}

const UNDOABLE =
  'What is there now is kept first as a snapshot, so the restore can be undone: right after it, or later from the list of backups (“Before restore”).'

export async function restoreBackup(ctx: ToolsCtx, backup: BackupSummary): Promise<void> {
  const name = profileName(ctx)
  const when = formatDateTime(backup.createdAt)
  const ok = await ctx.ui.confirm({
    title: `Restore “${name}” from the backup of ${when}?`,
    body: `The lists and to-dos in “${name}” are replaced by the ones in this backup${backup.todoCount === null ? '' : ` (${countLabel(backup.todoCount, 'to-do')})`}. ${UNDOABLE}`,
    confirmLabel: 'Restore',
  })
  if (!ok) return
  await finishRestore(ctx, await ctx.backups.restore(backup.name), `the backup of ${when}`)
}

export async function restoreFromFile(ctx: ToolsCtx): Promise<void> {
  const name = profileName(ctx)
  const ok = await ctx.ui.confirm({
    title: `Restore “${name}” from a file?`,
    body: `Next, pick an Ownlist backup or profile file. The lists and to-dos in “${name}” are replaced by the ones in that file. ${UNDOABLE}`,
    confirmLabel: 'Choose file…',
  })
  if (!ok) return
  await finishRestore(ctx, await ctx.backups.restoreFromFile(), 'a file')
}

async function finishRestore(ctx: ToolsCtx, result: Result<RestoreResult | null>, source: string): Promise<void> {
  const { ui, toasts } = ctx
  const name = profileName(ctx)
  if (failed(ctx, result, `Could not restore “${name}”`) || !result.ok || !result.value) return
  const { undoName } = result.value
  ui.closePanel()
  toasts.info(
    `“${name}” was restored from ${source}.`,
    { label: 'Undo', run: () => undoRestore(ctx, undoName) },
    TOAST_MS.replaced,
  )
  await tick()
  ui.focus('backups-button')
}

/** Restores the snapshot kept just before a restore. */
export async function undoRestore(ctx: ToolsCtx, undoName: string): Promise<void> {
  const name = profileName(ctx)
  const result = await ctx.backups.restore(undoName)
  if (failed(ctx, result, 'Could not undo the restore') || !result.ok) return
  ctx.toasts.info(`The restore was undone: “${name}” is back as it was.`)
  await tick()
  ctx.ui.focus('backups-button')
}
