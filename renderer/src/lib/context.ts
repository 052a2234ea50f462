import { createContext } from 'svelte'
import type { AppStore } from './app.svelte'
import type { Toasts } from './toasts.svelte'
import type { TodoView } from './todos.svelte'
import type { Ui } from './ui.svelte'

/** The window's shared state, set once by App.svelte (and the to-do view by MainView). */
export const [getApp, setApp] = createContext<AppStore>()
export const [getUi, setUi] = createContext<Ui>()
export const [getToasts, setToasts] = createContext<Toasts>()
export const [getTodoView, setTodoView] = createContext<TodoView>()
