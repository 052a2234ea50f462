import type { MenuCommand } from '../types'
import { backupNow, exportProfile, importProfileFile, openBackups } from './backups'
import type { ToolsCtx } from './ctx'
import { checkDatabase, openHealth } from './health'
import { deleteProfile, openSwitcher } from './profiles'
import { focusInTodos, showOverview } from './views'

/**
 * A native menu command, routed to what the window is showing. `openReplication` opens the
 * replication sheet, whose store lives outside the tools context.
 */
export function runMenuCommand(ctx: ToolsCtx, command: MenuCommand, openReplication?: () => void): void {
  const { app, ui } = ctx
  if (app.phase !== 'ready') {
    // The failure / picker screen: only picking, creating or importing a profile make sense there.
    if (command === 'new-profile') ui.focus('new-profile')
    if (command === 'switch-profile') ui.focus('profile-list')
    if (command === 'import-profile') void importProfileFile(ctx)
    return
  }
  switch (command) {
    case 'replication':
      openReplication?.()
      break
    case 'new-todo':
      void focusInTodos(ui, 'new-todo')
      break
    case 'find':
      void focusInTodos(ui, 'search')
      break
    case 'new-list':
      ui.closeSwitcher()
      ui.closePanel()
      ui.newListOpen = true
      break
    case 'new-profile':
      openSwitcher(ctx, { create: true })
      break
    case 'switch-profile':
      openSwitcher(ctx)
      break
    case 'rename-profile':
      if (app.profile) openSwitcher(ctx, { renameId: app.profile.id })
      break
    case 'delete-profile':
      // The panels show the open profile: not one that may be gone in a moment.
      ui.closePanel()
      if (app.profile) void deleteProfile(ctx, app.profile)
      break
    case 'backup-now':
      void backupNow(ctx)
      break
    case 'export-profile':
      void exportProfile(ctx)
      break
    case 'import-profile':
      void importProfileFile(ctx)
      break
    case 'restore-profile':
      // "Restore…": the backups, to pick one of them or a file.
      openBackups(ctx)
      break
    case 'check-database':
      void checkDatabase(ctx)
      break
    case 'profile-health':
      openHealth(ctx)
      break
    case 'overview':
      void showOverview(ui, { focus: true })
      break
  }
}
