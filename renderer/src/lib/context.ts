import { createContext } from 'svelte'
import type { AppStore } from './app.svelte'
import type { BackupsStore } from './backups.svelte'
import type { Ctx, ToolsCtx } from './commands/ctx'
import type { HealthStore } from './health.svelte'
import type { ListsStore } from './lists.svelte'
import type { OverviewStore } from './overview.svelte'
import type { Reminders } from './reminders.svelte'
import type { Toasts } from './toasts.svelte'
import type { TodoView } from './todos.svelte'
import type { Ui } from './ui.svelte'

/** The window's shared state, set once by App.svelte (and the to-do view by MainView). */
export const [getApp, setApp] = createContext<AppStore>()
export const [getLists, setLists] = createContext<ListsStore>()
export const [getUi, setUi] = createContext<Ui>()
export const [getToasts, setToasts] = createContext<Toasts>()
export const [getTodoView, setTodoView] = createContext<TodoView>()
export const [getBackups, setBackups] = createContext<BackupsStore>()
export const [getHealth, setHealth] = createContext<HealthStore>()
export const [getOverview, setOverview] = createContext<OverviewStore>()
export const [getReminders, setReminders] = createContext<Reminders>()

/** What the profile, list and to-do commands need (call during component setup). */
export function getCtx(): Ctx {
  return { app: getApp(), lists: getLists(), ui: getUi(), toasts: getToasts() }
}

/** Plus the backups, health and overview (call during component setup). */
export function getToolsCtx(): ToolsCtx {
  return { ...getCtx(), backups: getBackups(), health: getHealth(), overview: getOverview() }
}
