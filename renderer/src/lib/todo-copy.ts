import type { AddTodoInput, UpdateTodoInput } from '../../../common/contract'
import type { Todo } from './types'

/**
 * What adding a to-do again (undoing its delete, redoing its add) sends to make the same one:
 * its content, its repeat rule and its reminder. Never its id, its place or whether it is done:
 * those are further calls. A done repeating to-do gets its rule only after it is marked done
 * (`repeatAgain`): marking it done with the rule would make a second next occurrence.
 */
export function addAgain(todo: Todo, listId: number): AddTodoInput {
  const repeat = todo.repeat && !todo.done ? { repeat: todo.repeat, repeatFrom: todo.repeatFrom ?? 'due' } : {}
  return {
    listId,
    title: todo.title,
    notes: todo.notes,
    dueOn: todo.dueOn,
    ...repeat,
    ...(todo.remindAt ? { remindAt: todo.remindAt } : {}),
  }
}

/** The update that gives a done repeating to-do, made again as `id` and marked done, its rule back (else null). */
export function repeatAgain(todo: Todo, id: number): UpdateTodoInput | null {
  return todo.repeat && todo.done ? { id, repeat: todo.repeat, repeatFrom: todo.repeatFrom ?? 'due' } : null
}
