import { tick } from 'svelte'
import type { AppStore } from './app.svelte'
import { backupNow, checkDatabase, exportProfile, importProfileFile, openBackups, openHealth, showOverview, type ToolsCtx } from './profile-tools'
import type { Toasts } from './toasts.svelte'
import type { TodoView } from './todos.svelte'
import type { List, MenuCommand, ProfileSummary } from './types'
import type { FocusTarget, Ui } from './ui.svelte'

/** User actions that span several pieces of state (a confirmation, a call, a notice). */
export interface Ctx {
  app: AppStore
  ui: Ui
  toasts: Toasts
}

export function openSwitcher({ app, ui }: Ctx, opts: { create?: boolean; renameId?: string | null } = {}): void {
  ui.openSwitcher(opts)
  void app.reloadProfiles()
}

export async function deleteProfile({ app, ui, toasts }: Ctx, profile: Pick<ProfileSummary, 'id' | 'name'>): Promise<void> {
  const isOpen = app.session?.profile.id === profile.id
  const ok = await ui.confirm({
    title: `Delete the profile “${profile.name}”?`,
    body:
      'Its file is moved to the trash folder inside Ownlist’s data folder. It is not erased: you can get it back from there.' +
      (isOpen ? ' Ownlist then opens another profile.' : ''),
    confirmLabel: 'Move to trash',
    danger: true,
  })
  if (!ok) return
  const error = await app.deleteProfile(profile.id)
  if (error) {
    toasts.error(error, `Could not delete “${profile.name}”`)
    return
  }
  toasts.info(`“${profile.name}” was moved to the trash folder.`)
  ui.announce(`Profile “${profile.name}” moved to the trash folder.`)
}

export async function deleteList({ app, ui, toasts }: Ctx, view: TodoView, list: List): Promise<void> {
  // The last list cannot go: the engine says so, in its words.
  if (app.lists.length > 1) {
    const ok = await ui.confirm({
      title: `Delete the list “${list.name}”?`,
      body: 'The list and all of its to-dos are deleted. This cannot be undone.',
      confirmLabel: 'Delete list',
      danger: true,
    })
    if (!ok) return
  }
  const error = await app.deleteList(list.id)
  if (error) {
    toasts.error(error, `Could not delete the list “${list.name}”`)
    return
  }
  ui.announce(`List “${list.name}” deleted.`)
  if (view.listId === list.id && app.lists[0]) view.setList(app.lists[0].id)
}

export async function moveList({ app, toasts }: Ctx, list: List, delta: number): Promise<boolean> {
  const index = app.lists.findIndex((l) => l.id === list.id)
  const target = index + delta
  if (index < 0 || target < 0 || target >= app.lists.length) return false
  const error = await app.moveList(list.id, target)
  if (error) toasts.error(error, `Could not move the list “${list.name}”`)
  return !error
}

/** Back to the to-dos (from the overview or a panel), then focus one of their fields. */
async function focusInTodos(ui: Ui, target: FocusTarget): Promise<void> {
  ui.closeSwitcher()
  ui.closePanel()
  if (ui.mainView !== 'todos') {
    ui.mainView = 'todos'
    await tick()
  }
  ui.focus(target)
}

/** A native menu command, routed to what the window is showing. */
export function runMenuCommand(ctx: ToolsCtx, command: MenuCommand): void {
  const { app, ui } = ctx
  if (app.phase !== 'ready') {
    // The failure / picker screen: only picking, creating or importing a profile make sense there.
    if (command === 'new-profile') ui.focus('new-profile')
    if (command === 'switch-profile') ui.focus('profile-list')
    if (command === 'import-profile') void importProfileFile(ctx)
    return
  }
  switch (command) {
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
      void showOverview(ctx, { focus: true })
      break
  }
}
