import type { AppStore } from '../app.svelte'
import type { BackupsStore } from '../backups.svelte'
import type { HealthStore } from '../health.svelte'
import type { ListsStore } from '../lists.svelte'
import type { OverviewStore } from '../overview.svelte'
import type { Toasts } from '../toasts.svelte'
import type { Ui } from '../ui.svelte'

/** What a command needs: the stores it calls, the dialogs it asks in and the notices it gives. */
export interface Ctx {
  app: AppStore
  lists: ListsStore
  ui: Ui
  toasts: Toasts
}

/** Plus the open profile's backups and health, and the overview of all profiles. */
export interface ToolsCtx extends Ctx {
  backups: BackupsStore
  health: HealthStore
  overview: OverviewStore
}
