import { tick } from 'svelte'
import type { FocusTarget, Ui } from '../ui.svelte'

/** The overview in the main pane (the profile stays open); it reads the report when shown. */
export async function showOverview(ui: Ui, opts: { focus?: boolean } = {}): Promise<void> {
  ui.closeSwitcher()
  ui.closePanel()
  ui.mainView = 'overview'
  if (opts.focus) {
    await tick()
    ui.focus('overview')
  }
}

/** Back to the to-dos (from the overview or a panel), then focus one of their fields. */
export async function focusInTodos(ui: Ui, target: FocusTarget): Promise<void> {
  ui.closeSwitcher()
  ui.closePanel()
  if (ui.mainView !== 'todos') {
    ui.mainView = 'todos'
    await tick()
  }
  ui.focus(target)
}
