import { describe, expect, it } from 'vitest'
import type { DueReminder, Todo } from '../../../common/contract'
import type { WritableDb } from '../../engine/connection'
import { engineTestBed } from '../../../test/support/test-bed'
import type { ReminderPort } from '../ports'
import type { CurrentProfile } from '../session'
import type { HandlerContext } from './context'
import { todoHandlers } from './todos'

// The to-do handlers tell the reminder port themselves (issue 11); the service tests show the
// scheduler then fires on time and once. Here: what each call tells, and what it reads for it.

const { temps, newEngine } = engineTestBed()
const NOW = new Date('2026-03-10T08:00:00.000Z')

/** The handlers over a real profile; `reads` counts the profile's read connections handed out, `told` the port's calls. */
async function setUp(opts: { wantsDeletes: boolean; failReads?: boolean }) {
  const engine = newEngine(temps.make())
  const { db } = await engine.openProfile(engine.createProfile('Handlers').id)
  let reads = 0
  const profile = {
    openId: 'p1',
    db: () => {
      reads++
      if (opts.failReads) throw new Error('the disk went away')
      return db
    },
    write: <T>(fn: (db: WritableDb) => T) => fn(db),
  } as unknown as CurrentProfile
  const told: unknown[][] = []
  const reminders: ReminderPort = {
    wantsDeletes: opts.wantsDeletes,
    expect: (at) => told.push(['expect', at.toISOString()]),
    added: (r) => told.push(['added', r]),
    deleted: (r) => told.push(['deleted', r]),
  }
  const handlers = todoHandlers({ profile, now: () => NOW, reminders } as HandlerContext)
  const add = (title: string, more: { remindAt?: string; repeat?: string; dueOn?: string } = {}) =>
    handlers['todos.add']({ listId: 1, title, ...more }) as Todo
  return { handlers, add, told, reads: () => reads }
}

describe('to-do handlers tell the reminder port', () => {
  it('add, update, setDone: each reminder of an open to-do it wrote, the next occurrence’s too; no read of their own', async () => {
    const { handlers, add, told, reads } = await setUp({ wantsDeletes: true })
    const rent = add('Rent', { dueOn: '2026-03-31', repeat: 'monthly', remindAt: '2026-03-31T09:00Z' })
    const plain = add('Plain')
    const at = '2026-03-31T09:00:00.000Z'
    const r: DueReminder = { profileId: 'p1', todoId: rent.id, title: 'Rent', remindAt: at }
    expect(told.splice(0)).toEqual([
      ['expect', at],
      ['added', r],
    ])

    handlers['todos.update']({ id: plain.id, remindAt: '2026-04-01T10:00Z' })
    expect(told.splice(0)).toEqual([['expect', '2026-04-01T10:00:00.000Z']])

    // Completing: the done one's reminder never fires; the next occurrence's does.
    const done = handlers['todos.setDone']({ id: rent.id, done: true }) as Todo & { next: Todo }
    expect(done.next.remindAt).toBe('2026-04-30T09:00:00.000Z')
    expect(told.splice(0)).toEqual([['expect', '2026-04-30T09:00:00.000Z']])
    handlers['todos.setDone']({ id: plain.id, done: true })
    expect(told.splice(0)).toEqual([])
    // Reopened: its reminder fires again.
    handlers['todos.setDone']({ id: plain.id, done: false })
    expect(told.splice(0)).toEqual([['expect', '2026-04-01T10:00:00.000Z']])
    expect(reads()).toBe(0)
  })

  it('delete reads the to-do’s reminder first only when the port wants deletes, and tells it once deleted', async () => {
    const quiet = await setUp({ wantsDeletes: false })
    const a = quiet.add('A', { remindAt: '2026-03-10T07:00Z' })
    quiet.told.splice(0)
    expect(quiet.handlers['todos.delete']({ id: a.id })).toEqual({ id: a.id })
    expect([quiet.reads(), quiet.told]).toEqual([0, []])

    const { handlers, add, told, reads } = await setUp({ wantsDeletes: true })
    const b = add('B', { remindAt: '2026-03-10T07:00Z' })
    const none = add('No reminder')
    told.splice(0)
    expect(handlers['todos.delete']({ id: b.id })).toEqual({ id: b.id })
    handlers['todos.delete']({ id: none.id })
    expect(told).toEqual([
      ['deleted', { profileId: 'p1', todoId: b.id, title: 'B', remindAt: '2026-03-10T07:00:00.000Z' }],
    ])
    expect(reads()).toBe(2)
    // A to-do already gone: the delete's own error, and the port is told nothing.
    expect(() => handlers['todos.delete']({ id: b.id })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', message: 'That to-do no longer exists.' }),
    )
    expect(told).toHaveLength(1)
  })

  it('a read of the reminder that fails does not change the delete: it still deletes, or fails with its own error', async () => {
    const { handlers, add, told } = await setUp({ wantsDeletes: true, failReads: true })
    const a = add('A', { remindAt: '2026-03-10T07:00Z' })
    told.splice(0)
    expect(handlers['todos.delete']({ id: a.id })).toEqual({ id: a.id })
    expect(() => handlers['todos.delete']({ id: a.id })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', message: 'That to-do no longer exists.' }),
    )
    expect(told).toEqual([])
  })
})
