import { setDoneRepeating } from '../../engine/queries/recurrence'
import * as todos from '../../engine/queries/todos'
import type { HandlerContext, SomeHandlers } from './context'

/** The open profile's to-dos. */
export function todoHandlers({ profile, now }: HandlerContext) {
  return {
    'todos.list': (input) => {
      const db = profile.db()
      return {
        todos: todos.listTodos(db, input),
        total: input.total === false ? null : todos.countMatching(db, input),
        counts:
          input.counts === false
            ? null
            : todos.countTodos(db, { today: input.today, listId: input.listId, search: input.search }),
      }
    },
    'todos.add': (input) => profile.write((db) => todos.addTodo(db, { ...input, now: now() })),
    'todos.update': (input) => profile.write((db) => todos.updateTodo(db, { ...input, now: now() })),
    'todos.setDone': ({ id, done }) =>
      profile.write((db) => {
        const { todo, next } = setDoneRepeating(db, { id, done, now: now() })
        return { ...todo, next }
      }),
    'todos.delete': ({ id }) => {
      profile.write((db) => todos.deleteTodo(db, { id }))
      return { id }
    },
    'todos.move': (input) => profile.write((db) => todos.moveTodo(db, { ...input, now: now() })),
  } satisfies SomeHandlers
}
