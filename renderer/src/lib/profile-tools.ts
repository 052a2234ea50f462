import { tick } from 'svelte'
import { ownlist } from './api'
import type { BackupOutcome, BackupsStore } from './backups.svelte'
import type { Ctx } from './commands'
import { countLabel, formatBytes, formatDateTime } from './format'
import type { HealthStore } from './health.svelte'
import type { OverviewStore } from './overview.svelte'
import type { BackupSummary, ProfileSummary, RestoreResult, Result } from './types'

/**
 * The open profile's backups, health and check, and the overview of all profiles: what the
 * panels' buttons, the profile switcher and the native menu do. What happened is said in
 * the Backups panel while it is open (a modal dialog: notices behind it cannot be reached),
 * otherwise in a notice.
 */
export interface ToolsCtx extends Ctx {
  backups: BackupsStore
  health: HealthStore
  overview: OverviewStore
}

export function openBackups({ ui, backups }: ToolsCtx): void {
  ui.openPanel('backups')
  backups.reset()
  void backups.load()
}

export function openHealth({ ui, health }: ToolsCtx): void {
  ui.openPanel('health')
  health.reset()
  void health.load()
}

/** Runs the check; its dialog shows progress, then the result. */
export async function checkDatabase({ ui, health }: ToolsCtx): Promise<void> {
  ui.closeSwitcher()
  ui.checkOpen = true
  await health.runCheck()
}

/** The overview in the main pane (the profile stays open); it reads the report when shown. */
export async function showOverview({ ui }: ToolsCtx, opts: { focus?: boolean } = {}): Promise<void> {
  ui.closeSwitcher()
  ui.closePanel()
  ui.mainView = 'overview'
  if (opts.focus) {
    await tick()
    ui.focus('overview')
  }
}

function profileName({ app }: ToolsCtx): string {
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
  tell(ctx, { kind: 'exported', file, bytes }, () => ctx.toasts.info(`Backed up “${name}” to ${file} (${formatBytes(bytes)}). The backup was verified.`, undefined, 12000))
}

export async function importProfileFile(ctx: ToolsCtx): Promise<void> {
  const result = await ctx.backups.importFile()
  if (failed(ctx, result, 'Could not import the profile file') || !result.ok || !result.value) return
  const profile = result.value
  tell(ctx, { kind: 'imported', profile }, () =>
    ctx.toasts.info(`Imported “${profile.name}” as a new profile${profile.todoCount === null ? '' : ` (${countLabel(profile.todoCount, 'to-do')})`}.`, { label: 'Open it', run: () => openImported(ctx, profile) }, 12000),
  )
}

/** Opens a profile just imported (closing the panel it was offered in). */
export async function openImported(ctx: ToolsCtx, profile: Pick<ProfileSummary, 'id' | 'name'>): Promise<void> {
  const { app, ui } = ctx
  ui.closePanel()
  ui.mainView = 'todos'
  if (await app.openProfile(profile.id)) {
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
  toasts.info(`“${name}” was restored from ${source}.`, { label: 'Undo', run: () => undoRestore(ctx, undoName) }, 15000)
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

/**
 * Repairs a damaged profile, only after the person said so: the damaged file is kept in the
 * backups folder, and what can still be read is rebuilt into a fresh file.
 */
export async function repairDatabase(ctx: ToolsCtx): Promise<void> {
  const name = profileName(ctx)
  const ok = await ctx.ui.confirm({
    title: `Repair “${name}”?`,
    body: `Ownlist rebuilds “${name}” from everything it can still read. The damaged file is kept, unchanged, in the profile’s backups folder; nothing is deleted. Rows on damaged parts of the file may be lost.`,
    confirmLabel: 'Repair',
  })
  if (!ok) return
  const result = await ctx.app.restore(() => ownlist().backups.repair())
  if (!result.ok) {
    ctx.toasts.error(result.error, `Could not repair “${name}”`)
    return
  }
  const { recovered, damagedName } = result.value!
  const lost = recovered.lost ? ` ${countLabel(recovered.lost, 'row')} could not be read.` : ''
  ctx.toasts.info(`“${name}” was repaired: ${countLabel(recovered.todos, 'to-do')} in ${countLabel(recovered.lists, 'list')} recovered.${lost} The damaged file is kept as ${damagedName}.`, undefined, 15000)
  await ctx.health.runCheck()
}
