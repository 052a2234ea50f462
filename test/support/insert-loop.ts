// Child process for the "backup under load" test: opens a profile for writing (holding its
// lock, as the app does) and inserts to-dos as fast as it can until killed, in small
// transactions: each adds two to-dos and sets meta `test_commits` to the number of
// transactions committed so far, so a consistent snapshot always has 2 × test_commits
// to-dos more than it started with, with no gaps in their ids.
// Usage: node --import tsx insert-loop.ts <dataDir> <profile>
// Prints "ready" after the first commit.
import { Engine } from '../../main/engine/engine'
import { listLists } from '../../main/engine/queries/lists'
import { addTodo } from '../../main/engine/queries/todos'

const [dataDir, ref] = process.argv.slice(2)
if (!dataDir || !ref) throw new Error('usage: insert-loop.ts <dataDir> <profile>')

const engine = new Engine({ dataDir })
const { db } = await engine.openProfile(ref)
const listId = listLists(db)[0]!.id
const setCommits = db.prepare(
  "INSERT INTO meta(key, value) VALUES ('test_commits', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
)
const commit = db.transaction((n: number) => {
  for (const half of ['a', 'b'])
    addTodo(db, { listId, title: `load ${n}${half}`, notes: `written by ${process.pid}`, now: new Date() })
  setCommits.run(String(n))
})
commit(1)
process.stdout.write('ready\n')
// A safety net: a child whose parent died without killing it stops by itself.
const stopAt = Date.now() + 60_000
for (let n = 2; Date.now() < stopAt; n++) commit(n)
process.exit(0)
