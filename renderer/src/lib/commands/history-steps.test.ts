import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { History } from '../history'
import type { Todo } from '../types'
import { todoAdded, todoDeleted, todoEdited } from './history'

// Undo and redo of a repeating to-do or one with a reminder keep its rule and its reminder
// (issue 14): the steps' API calls, recorded by a stand-in for window.ownlist.

type Call = [string, unknown]
let calls: Call[]
let nextId: number

beforeEach(() => {
  calls = []
  nextId = 100
  const record =
    (name: string, value: (input: { id?: number }) => unknown = (i) => i) =>
    async (input: { id?: number }) => {
      calls.push([name, input])
      return { ok: true, value: value(input) }
    }
  const todos = {
    add: record('add', () => ({ id: nextId++ })),
    update: record('update'),
    setDone: record('setDone'),
    delete: record('delete'),
    move: record('move'),
  }
  ;(globalThis as unknown as { window: unknown }).window = { ownlist: { todos } }
})
afterEach(() => {
  delete (globalThis as unknown as { window?: unknown }).window
})

function todo(over: Partial<Todo> = {}): Todo {
  return {
    id: 7,
    listId: 1,
    title: 'Water plants',
    notes: 'the fern too',
    done: false,
    dueOn: '2026-12-07',
    position: 3,
    createdAt: '2026-11-30T08:00:00.000Z',
    updatedAt: '2026-11-30T08:00:00.000Z',
    completedAt: null,
    repeat: 'RRULE:FREQ=WEEKLY;BYDAY=MO',
    repeatFrom: 'done',
    remindAt: '2026-12-07T08:00:00.000Z',
    ...over,
  }
}

describe('undo of a delete', () => {
  it('brings back the repeat rule (and from when it counts) and the reminder', async () => {
    await todoDeleted(todo(), 3).undo(new History())
    expect(calls).toEqual([
      [
        'add',
        {
          listId: 1,
          title: 'Water plants',
          notes: 'the fern too',
          dueOn: '2026-12-07',
          repeat: 'RRULE:FREQ=WEEKLY;BYDAY=MO',
          repeatFrom: 'done',
          remindAt: '2026-12-07T08:00:00.000Z',
        },
      ],
      ['move', { id: 100, toIndex: 3 }],
    ])
  })

  it('of a done repeating one: its rule goes back after it is marked done, so no second next occurrence is made', async () => {
    await todoDeleted(todo({ done: true, remindAt: null }), 3).undo(new History())
    expect(calls.map(([name]) => name)).toEqual(['add', 'setDone', 'update', 'move'])
    expect(calls[0]![1]).not.toHaveProperty('repeat')
    expect(calls[0]![1]).not.toHaveProperty('remindAt')
    expect(calls[2]![1]).toEqual({ id: 100, repeat: 'RRULE:FREQ=WEEKLY;BYDAY=MO', repeatFrom: 'done' })
  })

  it('of a plain to-do sends no rule and no reminder', async () => {
    await todoDeleted(todo({ repeat: null, repeatFrom: null, remindAt: null }), 0).undo(new History())
    expect(calls[0]).toEqual(['add', { listId: 1, title: 'Water plants', notes: 'the fern too', dueOn: '2026-12-07' }])
  })
})

describe('redo of an add', () => {
  it('adds it again with its rule and reminder', async () => {
    await todoAdded(todo()).redo(new History())
    expect(calls[0]![1]).toMatchObject({ repeat: 'RRULE:FREQ=WEEKLY;BYDAY=MO', remindAt: '2026-12-07T08:00:00.000Z' })
  })
})

describe('undo of an edit', () => {
  it('puts back the rule, from when it counts, and the reminder the edit changed', async () => {
    const before = todo()
    const step = todoEdited(before, { title: 'Water', repeat: null, remindAt: '2026-12-08T09:00' })
    await step.undo(new History())
    expect(calls).toEqual([
      [
        'update',
        {
          id: 7,
          title: 'Water plants',
          repeat: 'RRULE:FREQ=WEEKLY;BYDAY=MO',
          repeatFrom: 'done',
          remindAt: '2026-12-07T08:00:00.000Z',
        },
      ],
    ])
    await step.redo(new History())
    expect(calls[1]).toEqual(['update', { id: 7, title: 'Water', repeat: null, remindAt: '2026-12-08T09:00' }])
  })

  it('of a snooze (the reminder alone) touches nothing else; of setting a rule, ends it again', async () => {
    await todoEdited(todo(), { remindAt: '2026-12-07T08:10:00.000Z' }).undo(new History())
    await todoEdited(todo({ repeat: null, repeatFrom: null }), { repeat: 'daily' }).undo(new History())
    expect(calls).toEqual([
      ['update', { id: 7, remindAt: '2026-12-07T08:00:00.000Z' }],
      ['update', { id: 7, repeat: null }],
    ])
  })
})
