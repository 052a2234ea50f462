import { tick } from 'svelte'
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
  if (result.ok && before !== undefined && before !== result.value.name) history.record(listRenamed(id, before, result.value.name))
  return result.ok ? null : result.error
}

export async function deleteList({ lists, ui, toasts }: Ctx, view: TodoView, list: List): Promise<void> {
  // The last list cannot go: the engine says so, in its words.
  if (lists.items.length > 1) {
    const ok = await ui.confirm({
      title: `Delete the list “${list.name}”?`,
      body: 'The list and all of its to-dos are deleted. This cannot be undone.',
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
  ui.announce(`List “${list.name}” deleted.`)
  const first = lists.items[0]
  if (view.listId === list.id && first) view.setList(first.id)
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
