import { tick } from 'svelte'
import { countLabel } from '../format'
import { TOAST_MS } from '../toasts.svelte'
import type { TodoView } from '../todos.svelte'
import type { ApiError, List } from '../types'
import type { Ctx } from './ctx'
import { history, listCreated, listMoved, listRenamed } from './history'

/** Creates a list and shows it, ready for its first to-do. Returns the engine's error for the name field. */
export async function createList({ lists, ui }: Ctx, view: TodoView, name: string): Promise<ApiError | null> {
  const result = await lists.create(name)
  if (!result.ok) return result.error
  history.record(listCreated(result.value))
  ui.newListOpen = false
  ui.mainView = 'todos'
  view.setList(result.value.id)
  ui.announce(`List “${result.value.name}” created.`)
  await tick()
  ui.focus('new-todo')
  return null
}

export async function renameList({ lists }: Ctx, id: number, name: string): Promise<ApiError | null> {
  const before = lists.find(id)?.name
  const result = await lists.rename(id, name)
  if (result.ok && before !== undefined && before !== result.value.name)
    history.record(listRenamed(id, before, result.value.name))
  return result.ok ? null : result.error
}

/** What goes with a list, in words: "no to-dos", "1 to-do", "12 to-dos (3 open)". */
function takenAlong(total: number, open: number): string {
  if (total === 0) return 'no to-dos'
  return open > 0 && open < total
    ? `${countLabel(total, 'to-do')} (${countLabel(open, 'open', 'open')})`
    : countLabel(total, 'to-do')
}

export async function deleteList(ctx: Ctx, view: TodoView, list: List): Promise<void> {
  const { lists, ui, toasts } = ctx
  // The last list cannot go: the engine says so, in its words.
  if (lists.items.length > 1) {
    const count = await lists.todoCount(list.id)
    const what = count.ok
      ? `The list and its ${takenAlong(count.value, list.openCount)} are deleted.`
      : 'The list and all of its to-dos are deleted.'
    const ok = await ui.confirm({
      title: `Delete the list “${list.name}”?`,
      body: `${what} You can undo this right after.`,
      confirmLabel: 'Delete list',
      danger: true,
    })
    if (!ok) return
  }
  const result = await lists.delete(list.id)
  if (!result.ok) {
    toasts.error(result.error, `Could not delete the list “${list.name}”`)
    return
  }
  const message = `Deleted the list “${list.name}” and ${result.value.todoCount === 0 ? 'no to-dos' : `its ${countLabel(result.value.todoCount, 'to-do')}`}.`
  ui.announce(message)
  const token = result.value.undoToken
  toasts.info(message, { label: 'Undo', run: () => bringBackList(ctx, view, list, token) }, TOAST_MS.undoDelete)
  const first = lists.items[0]
  if (view.listId === list.id && first) view.setList(first.id)
}

/** Undoes a list's delete and shows it again. */
export async function bringBackList(
  { lists, ui, toasts }: Ctx,
  view: TodoView,
  list: List,
  undoToken: string,
): Promise<void> {
  const result = await lists.bringBack(undoToken)
  if (!result.ok) {
    toasts.error(result.error, `Could not bring back the list “${list.name}”`)
    return
  }
  view.setList(result.value.id)
  ui.announce(`Brought back the list “${result.value.name}”.`)
}

/** Moves a list by `delta` places; true when it moved (and the move was announced). */
export async function moveList({ lists, ui, toasts }: Ctx, list: List, delta: number): Promise<boolean> {
  const index = lists.items.findIndex((l) => l.id === list.id)
  const target = index + delta
  if (index < 0 || target < 0 || target >= lists.items.length) return false
  const result = await lists.move(list.id, target)
  if (!result.ok) {
    toasts.error(result.error, `Could not move the list “${list.name}”`)
    return false
  }
  const now = lists.items.findIndex((l) => l.id === list.id)
  history.record(listMoved(list, index, now))
  ui.announce(`“${list.name}” moved to position ${now + 1} of ${lists.items.length}.`)
  return true
}
