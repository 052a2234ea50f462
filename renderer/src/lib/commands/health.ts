import { countLabel } from '../format'
import { TOAST_MS } from '../toasts.svelte'
import type { ApiError } from '../types'
import { profileName } from './backups'
import type { ToolsCtx } from './ctx'

export function openHealth({ ui, health }: ToolsCtx): void {
  ui.openPanel('health')
  health.reset()
  void health.load()
}

/**
 * Runs the check. From the Health panel the result shows in its "Last check" line (the button
 * says it is checking); the dialog opens only for something to act on: problems to repair, or
 * an error. From elsewhere (the menu) the dialog shows progress, then the result.
 */
export async function checkDatabase({ ui, health }: ToolsCtx): Promise<void> {
  ui.closeSwitcher()
  const inPanel = ui.panel === 'health'
  if (!inPanel) ui.checkOpen = true
  const result = await health.runCheck()
  if (inPanel && ui.panel === 'health' && (!result.ok || !result.value.ok)) ui.checkOpen = true
}

/** Shows the profile's file in the system's file manager; the error is shown beside the button. */
export async function showInFolder({ health }: ToolsCtx): Promise<ApiError | null> {
  const result = await health.showInFolder()
  return result.ok ? null : result.error
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
  const result = await ctx.health.repair()
  if (!result.ok) {
    ctx.toasts.error(result.error, `Could not repair “${name}”`)
    return
  }
  const { recovered, damagedName } = result.value
  const lost = recovered.lost ? ` ${countLabel(recovered.lost, 'row')} could not be read.` : ''
  ctx.toasts.info(
    `“${name}” was repaired: ${countLabel(recovered.todos, 'to-do')} in ${countLabel(recovered.lists, 'list')} recovered.${lost} The damaged file is kept as ${damagedName}.`,
    undefined,
    TOAST_MS.replaced,
  )
  await ctx.health.runCheck()
}
