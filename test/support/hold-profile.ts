// Child process for the lock tests: opens a profile for writing and holds it until killed.
// Usage: node --import tsx hold-profile.ts <dataDir> <profile> [todoTitle]
// With a title, adds one to-do (so the WAL holds uncheckpointed data), then prints
// {"ready":true,"todoId":N}; without one (a damaged profile, say), only opens it and prints {"ready":true}.
import { Engine } from '../../main/engine/engine'
import { addTodo } from '../../main/engine/queries/todos'
import { listLists } from '../../main/engine/queries/lists'

const [dataDir, ref, title] = process.argv.slice(2)
if (!dataDir || !ref) throw new Error('usage: hold-profile.ts <dataDir> <profile> [todoTitle]')

const engine = new Engine({ dataDir })
const session = await engine.openProfile(ref)
if (title) {
  const todo = session.write((db) => addTodo(db, { listId: listLists(db)[0]!.id, title, now: new Date() }))
  process.stdout.write(`${JSON.stringify({ ready: true, todoId: todo.id })}\n`)
} else {
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`)
}
// Keep the process (and so the lock) alive until the parent kills it.
setInterval(() => {}, 60_000)
