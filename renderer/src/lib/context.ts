import { createContext } from 'svelte'
import type { AppStore } from './app.svelte'
import type { BackupsStore } from './backups.svelte'
import type { HealthStore } from './health.svelte'
import type { OverviewStore } from './overview.svelte'
import type { ToolsCtx } from './profile-tools'
import type { Toasts } from './toasts.svelte'
import type { TodoView } from './todos.svelte'
import type { Ui } from './ui.svelte'

/** The window's shared state, set once by App.svelte (and the to-do view by MainView). */
export const [getApp, setApp] = createContext<AppStore>()
export const [getUi, setUi] = createContext<Ui>()
export const [getToasts, setToasts] = createContext<Toasts>()
export const [getTodoView, setTodoView] = createContext<TodoView>()
export const [getBackups, setBackups] = createContext<BackupsStore>()
export const [getHealth, setHealth] = createContext<HealthStore>()
export const [getOverview, setOverview] = createContext<OverviewStore>()

/** Everything the backup, health and overview actions need (call during component setup). */
export function getToolsCtx(): ToolsCtx {
  return { app: getApp(), ui: getUi(), toasts: getToasts(), backups: getBackups(), health: getHealth(), overview: getOverview() }
}
