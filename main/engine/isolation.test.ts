import { describe, expect, it } from 'vitest'
import { runCli } from '../cli/main'
import { Engine } from './engine'
import { createList, listLists } from './queries/lists'
import { addTodo, countTodos, listTodos } from './queries/todos'
import {} from '../../test/support/helpers'
import { engineTestBed } from '../../test/support/test-bed'

const { temps, engines } = engineTestBed()

const TODAY = '2026-03-10'
const NOW = new Date('2026-03-10T08:00:00.000Z')

async function cliJson(dataDir: string, ...args: string[]) {
  const r = await runCli(['--data-dir', dataDir, '--json', ...args], {})
  return { exitCode: r.exitCode, body: JSON.parse(r.stdout) as Record<string, unknown> }
}

describe('profiles are isolated from each other', () => {
  it('never shows a to-do of profile A in profile B (session queries and CLI)', async () => {
    const dataDir = temps.make()
    const engine = new Engine({ dataDir })
    engines.push(engine)
    const a = engine.createProfile('Alpha')
    const b = engine.createProfile('Beta')

    // One to-do through the query functions on A's session, one through the CLI.
    const sa = await engine.openProfile(a.id)
    addTodo(sa.db, {
      listId: listLists(sa.db)[0]!.id,
      title: 'Buy milk secret',
      notes: 'zebra notes',
      dueOn: TODAY,
      now: NOW,
    })
    createList(sa.db, { name: 'Only in A', now: NOW })
    sa.close()
    const added = await cliJson(
      dataDir,
      'todos',
      'add',
      'Alpha',
      'Call mom secret',
      '--due',
      '2026-03-01',
      '--notes',
      'zebra',
    )
    expect(added.exitCode).toBe(0)

    // A sees both.
    const seenInA = await engine.readProfile(a.id, (db) => listTodos(db, { today: TODAY }).map((t) => t.title))
    expect(seenInA).toEqual(['Buy milk secret', 'Call mom secret'])

    // B sees nothing: list, every filter, search, counts, lists.
    const sb = await engine.openProfile(b.id)
    for (const filter of ['all', 'open', 'done', 'today', 'overdue'] as const) {
      expect(listTodos(sb.db, { filter, today: TODAY })).toEqual([])
    }
    for (const search of ['secret', 'milk', 'mom', 'zebra', 'sec']) {
      expect(listTodos(sb.db, { search, today: TODAY })).toEqual([])
    }
    expect(countTodos(sb.db, { today: TODAY })).toEqual({ total: 0, open: 0, done: 0, overdue: 0, today: 0 })
    expect(listLists(sb.db).map((l) => [l.name, l.openCount])).toEqual([['Inbox', 0]])

    // B's own to-do gets id 1 as well; ids are per profile and never reach across.
    const own = addTodo(sb.db, { listId: listLists(sb.db)[0]!.id, title: 'Beta only', now: NOW })
    expect(listTodos(sb.db, { today: TODAY }).map((t) => t.title)).toEqual(['Beta only'])
    sb.close()

    expect((await cliJson(dataDir, 'todos', 'list', 'Beta')).body).toEqual({
      todos: [
        {
          id: own.id,
          title: 'Beta only',
          notes: '',
          done: false,
          dueOn: null,
          listId: 1,
          repeat: null,
          remindAt: null,
        },
      ],
    })
    expect((await cliJson(dataDir, 'todos', 'list', 'Beta', '--search', 'secret')).body).toEqual({ todos: [] })
    expect((await cliJson(dataDir, 'todos', 'list', 'Alpha', '--search', 'Beta')).body).toEqual({ todos: [] })
    expect((await cliJson(dataDir, 'todos', 'list', 'Alpha', '--search', 'secret')).body.todos).toHaveLength(2)

    // Marking "to-do 2" done in B (where it does not exist) does not touch A's to-do 2.
    const done = await cliJson(dataDir, 'todos', 'done', 'Beta', '2')
    expect(done.exitCode).toBe(1)
    expect((done.body.error as { code: string }).code).toBe('NOT_FOUND')
    const aOpen = await cliJson(dataDir, 'todos', 'list', 'Alpha', '--open')
    expect((aOpen.body.todos as { title: string }[]).map((t) => t.title)).toEqual([
      'Buy milk secret',
      'Call mom secret',
    ])
    expect(await engine.readProfile(a.id, (db) => countTodos(db, { today: TODAY }))).toEqual({
      total: 2,
      open: 2,
      done: 0,
      overdue: 1,
      today: 1,
    })
  })
})
