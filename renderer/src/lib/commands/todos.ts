import { attempt, ownlist } from '../api'
import { TOAST_MS } from '../toasts.svelte'
import { describeDue, localDate } from '../dates'
import { TodoView, type NewTodo, type TodoPatch } from '../todos.svelte'
import type { ApiError, Result, Todo } from '../types'
import type { Ctx } from './ctx'
import { history, todoAdded, todoDeleted, todoDone, todoEdited, todoMoved, undo } from './history'

/** The to-dos the main pane shows; what goes wrong while scrolling or refreshing is a notice. */
export function createTodoView({ lists, toasts }: Ctx): TodoView {
  return new TodoView({
    onChanged: () => void lists.reload(),
    onLoadError: (error, context) => toasts.error(error, context),
  })
}

/** Adds a to-do to the list shown; the value is its row, or -1 when the filter or search hides it (then a notice says where it went). */
export async function addTodo({ lists, ui, toasts }: Ctx, view: TodoView, input: NewTodo): Promise<Result<number>> {
  const listName = lists.find(view.listId)?.name
  const result = await view.add(input)
  if (!result.ok) return result
  const { todo, index } = result.value
  history.record(todoAdded(todo))
  ui.announce(`Added “${todo.title}”.`)
  if (index < 0)
    toasts.info(`Added “${todo.title}” to “${listName ?? 'the list'}”. The current filter or search hides it.`)
  return { ok: true, value: index }
}

export async function toggleTodo({ ui, toasts }: Ctx, view: TodoView, index: number): Promise<void> {
  const todo = view.at(index)
  if (!todo) return
  const done = !todo.done
  const result = await view.setDone(todo, done)
  if (!result.ok) {
    toasts.error(result.error, `Could not update “${todo.title}”`)
    return
  }
  history.record(todoDone(todo, done))
  ui.announce(done ? `“${todo.title}” done.` : `“${todo.title}” is open again.`)
}

/** Saves the editor's changes; the engine's error goes back to the editor. */
export async function saveTodo({ ui }: Ctx, view: TodoView, id: number, patch: TodoPatch): Promise<ApiError | null> {
  const before = view.at(view.indexOf(id))
  const result = await view.update(id, patch)
  if (!result.ok) return result.error
  if (before) history.record(todoEdited(before, patch))
  ui.announce(`Saved “${result.value.title}”.`)
  return null
}

/** Deletes the to-do at `index`, with an Undo that brings it back where it was. */
export async function deleteTodo(ctx: Ctx, view: TodoView, index: number): Promise<boolean> {
  const { ui, toasts } = ctx
  const todo = view.at(index)
  if (!todo) return false
  const position = view.canReorder ? index : todo.position
  const result = await view.delete(todo)
  if (!result.ok) {
    toasts.error(result.error, `Could not delete “${todo.title}”`)
    return false
  }
  ui.announce(`Deleted “${todo.title}”.`)
  const step = todoDeleted(todo, position)
  history.record(step)
  // The toast's Undo is Ctrl+Z while the delete is the last change; after another change, it brings this one back alone.
  const run = () => (history.isNext(step) ? undo(ctx, view) : bringBackTodo(ctx, view, todo, position))
  toasts.info(`Deleted “${todo.title}”.`, { label: 'Undo', run }, TOAST_MS.undoDelete)
  return true
}

/** Undoes a delete (as a new to-do with the same content and place). */
export async function bringBackTodo({ ui, toasts }: Ctx, view: TodoView, todo: Todo, position: number): Promise<void> {
  const result = await view.bringBack(todo, position)
  if (!result.ok) {
    toasts.error(result.error, `Could not bring back “${todo.title}”`)
    return
  }
  for (const problem of result.value.problems)
    toasts.error(problem, `“${todo.title}” was brought back, but not completely`)
  ui.announce(`Brought back “${todo.title}”.`)
}

/** Moves the to-do at `index` by `delta` rows; returns its index afterwards. */
export async function moveTodo({ ui, toasts }: Ctx, view: TodoView, index: number, delta: number): Promise<number> {
  const todo = view.at(index)
  const target = index + delta
  if (!todo || !view.canReorder || target < 0 || target >= view.total) return index
  const result = await view.move(todo, target)
  if (!result.ok) {
    toasts.error(result.error, `Could not move “${todo.title}”`)
    return index
  }
  history.record(todoMoved(todo, index, target))
  ui.announce(`Moved “${todo.title}” to position ${target + 1} of ${view.total}.`)
  return target
}

/** Sets (or clears) the due date of the to-do at `index`, from the row's picker. */
export async function setDue({ ui, toasts }: Ctx, view: TodoView, index: number, dueOn: string | null): Promise<void> {
  const todo = view.at(index)
  if (!todo || todo.dueOn === dueOn) return
  const result = await view.update(todo.id, { dueOn })
  if (!result.ok) {
    toasts.error(result.error, `Could not change the due date of “${todo.title}”`)
    return
  }
  history.record(todoEdited(todo, { dueOn }, `changing the due date of “${todo.title}”`))
  ui.announce(
    dueOn ? `“${todo.title}” due ${describeDue(dueOn, localDate()).text}.` : `“${todo.title}” has no due date.`,
  )
}

/** A to-do dropped on a list in the sidebar: it moves to the end of that list. */
export async function moveTodoToList(
  { lists, ui, toasts }: Ctx,
  view: TodoView,
  todoId: number,
  listId: number,
): Promise<void> {
  const index = view.indexOf(todoId)
  const todo = view.at(index)
  const list = lists.find(listId)
  if (!todo || !list || todo.listId === listId) return
  const from = view.canReorder ? index : todo.position
  const result = await attempt(ownlist().todos.move({ id: todo.id, toIndex: MOVE_TO_END, listId }))
  if (!result.ok) {
    toasts.error(result.error, `Could not move “${todo.title}” to “${list.name}”`)
    return
  }
  history.record(todoMoved(todo, from, MOVE_TO_END, listId))
  ui.announce(`Moved “${todo.title}” to “${list.name}”.`)
  await lists.reload()
  await view.refresh()
}

/** The engine clamps a move's index to the list's end (the API takes up to 10,000,000). */
const MOVE_TO_END = 10_000_000
