import { attempt, ownlist } from '../api'
import { History, inOrder, type Step } from '../history'
import type { TodoPatch, TodoView } from '../todos.svelte'
import { addAgain, repeatAgain } from '../todo-copy'
import type { List, Todo } from '../types'
import type { Ctx } from './ctx'

/**
 * The window's undo history (one profile at a time: MainView clears it when a profile opens)
 * and the steps each change records: the inverse API calls, and the calls that make it again.
 */
export const history = new History()

const api = () => ownlist()

export function todoAdded(todo: Todo): Step {
  return {
    label: `adding “${todo.title}”`,
    undo: (h) => attempt(api().todos.delete({ id: h.id('todo', todo.id) })),
    redo: async (h) => {
      const added = await attempt(api().todos.add(addAgain(todo, h.id('list', todo.listId))))
      if (added.ok) h.remap('todo', todo.id, added.value.id)
      return added
    },
  }
}

export function todoDeleted(todo: Todo, position: number): Step {
  return {
    label: `deleting “${todo.title}”`,
    undo: async (h) => {
      const listId = h.id('list', todo.listId)
      const added = await attempt(api().todos.add(addAgain(todo, listId)))
      if (!added.ok) return added
      h.remap('todo', todo.id, added.value.id)
      const id = added.value.id
      const rule = repeatAgain(todo, id)
      return inOrder(
        () =>
          todo.done ? attempt(api().todos.setDone({ id, done: true })) : Promise.resolve({ ok: true, value: null }),
        () => (rule ? attempt(api().todos.update(rule)) : Promise.resolve({ ok: true, value: null })),
        () => attempt(api().todos.move({ id, toIndex: position })),
      )
    },
    redo: (h) => attempt(api().todos.delete({ id: h.id('todo', todo.id) })),
  }
}

export function todoEdited(before: Todo, patch: TodoPatch, label = `editing “${before.title}”`): Step {
  const back: TodoPatch = {}
  if (patch.title !== undefined) back.title = before.title
  if (patch.notes !== undefined) back.notes = before.notes
  if (patch.dueOn !== undefined) back.dueOn = before.dueOn
  if (patch.repeat !== undefined || patch.repeatFrom !== undefined) {
    back.repeat = before.repeat
    if (before.repeat) back.repeatFrom = before.repeatFrom ?? 'due'
  }
  if (patch.remindAt !== undefined) back.remindAt = before.remindAt
  return {
    label,
    undo: (h) => attempt(api().todos.update({ id: h.id('todo', before.id), ...back })),
    redo: (h) => attempt(api().todos.update({ id: h.id('todo', before.id), ...patch })),
  }
}

export function todoDone(todo: Todo, done: boolean): Step {
  return {
    label: done ? `completing “${todo.title}”` : `reopening “${todo.title}”`,
    undo: (h) => attempt(api().todos.setDone({ id: h.id('todo', todo.id), done: !done })),
    redo: (h) => attempt(api().todos.setDone({ id: h.id('todo', todo.id), done })),
  }
}

/** A to-do moved from row `from` of list `fromList` to row `to` of list `toList`. */
export function todoMoved(todo: Todo, from: number, to: number, toList: number = todo.listId): Step {
  return {
    label: `moving “${todo.title}”`,
    undo: (h) =>
      attempt(api().todos.move({ id: h.id('todo', todo.id), toIndex: from, listId: h.id('list', todo.listId) })),
    redo: (h) => attempt(api().todos.move({ id: h.id('todo', todo.id), toIndex: to, listId: h.id('list', toList) })),
  }
}

export function listCreated(list: List): Step {
  return {
    label: `creating the list “${list.name}”`,
    undo: (h) => attempt(api().lists.delete({ id: h.id('list', list.id) })),
    redo: async (h) => {
      const made = await attempt(api().lists.create({ name: list.name }))
      if (made.ok) h.remap('list', list.id, made.value.id)
      return made
    },
  }
}

export function listRenamed(id: number, from: string, to: string): Step {
  return {
    label: `renaming the list “${from}”`,
    undo: (h) => attempt(api().lists.rename({ id: h.id('list', id), name: from })),
    redo: (h) => attempt(api().lists.rename({ id: h.id('list', id), name: to })),
  }
}

export function listMoved(list: List, from: number, to: number): Step {
  return {
    label: `moving the list “${list.name}”`,
    undo: (h) => attempt(api().lists.move({ id: h.id('list', list.id), toIndex: from })),
    redo: (h) => attempt(api().lists.move({ id: h.id('list', list.id), toIndex: to })),
  }
}

// Presses queue up: a quick Ctrl+Z Ctrl+Z undoes two steps, one after the other, never interleaved.
let queue: Promise<void> = Promise.resolve()

/** Ctrl/Cmd+Z: undoes the last change made in the window, then shows the rows as they are. */
export function undo(ctx: Ctx, view: TodoView): Promise<void> {
  return (queue = queue.then(() => run(ctx, view, 'undo')))
}

/** Shift+Ctrl/Cmd+Z (or Ctrl+Y): makes the last undone change again. */
export function redo(ctx: Ctx, view: TodoView): Promise<void> {
  return (queue = queue.then(() => run(ctx, view, 'redo')))
}

async function run({ lists, ui, toasts }: Ctx, view: TodoView, dir: 'undo' | 'redo'): Promise<void> {
  if (!(dir === 'undo' ? history.canUndo : history.canRedo)) {
    ui.announce(dir === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.')
    return
  }
  const done = await (dir === 'undo' ? history.undo() : history.redo())
  if (!done) return
  const { step, result } = done
  if (!result.ok) toasts.error(result.error, `Could not ${dir} ${step.label}`)
  else ui.announce(`${dir === 'undo' ? 'Undid' : 'Redid'} ${step.label}.`)
  await lists.reload()
  // The list shown may have gone (undoing its creation) or come back under a new id.
  if (view.scope === 'list' && !lists.find(view.listId)) {
    const again = view.listId === null ? undefined : lists.find(history.id('list', view.listId))
    const next = again ?? lists.items[0]
    if (next) return view.setList(next.id)
  }
  await view.refresh()
  void view.loadSmartCounts()
}
