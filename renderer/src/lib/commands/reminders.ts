import { tick } from 'svelte'
import { attempt, ownlist } from '../api'
import type { Reminders } from '../reminders.svelte'
import { snoozeUntil, type SnoozeChoice } from '../snooze'
import type { TodoView } from '../todos.svelte'
import type { Ctx } from './ctx'
import { history, todoEdited } from './history'

/**
 * Selects a reminder's to-do in the open profile: its list (every to-do of it, no search or
 * filter that could hide the row), scrolled to the row, which takes the focus.
 */
export async function revealTodo(ctx: Ctx, view: TodoView, profileId: string, todoId: number): Promise<boolean> {
  const { ui, toasts } = ctx
  const found = await attempt(ownlist().reminders.locate({ profileId, todoId }))
  if (!found.ok) {
    toasts.error(found.error, 'Could not show the to-do of the reminder')
    return false
  }
  const { listId, index } = found.value
  ui.closeSwitcher()
  ui.closePanel()
  ui.mainView = 'todos'
  const shown = view.scope === 'list' && view.listId === listId && view.query === '' && view.filter === 'all'
  if (!shown || view.status !== 'ready') {
    const read = await view.showAll(listId)
    if (!read.ok) return false
  }
  view.activeIndex = Math.min(index, Math.max(0, view.total - 1))
  await tick()
  // The grid hands its focus to the active row, scrolling it into view (TodoList's focusRow).
  ui.focus('todo-grid')
  const todo = view.at(view.activeIndex)
  if (todo) ui.announce(`Selected “${todo.title}”.`)
  return true
}

/** Snoozes the reminder of the to-do at `index` from its row (an undoable change), and drops its notice. */
export async function snoozeTodo(
  ctx: Ctx,
  view: TodoView,
  reminders: Reminders,
  index: number,
  choice: SnoozeChoice,
): Promise<void> {
  const { app, ui, toasts } = ctx
  const todo = view.at(index)
  if (!todo?.remindAt) return
  const remindAt = snoozeUntil(choice, new Date())
  const result = await view.update(todo.id, { remindAt })
  if (!result.ok) {
    toasts.error(result.error, `Could not snooze “${todo.title}”`)
    return
  }
  history.record(todoEdited(todo, { remindAt }, `snoozing “${todo.title}”`))
  if (app.profile) reminders.forget(app.profile.id, todo.id)
  ui.announce(`Snoozed “${todo.title}”.`)
}
