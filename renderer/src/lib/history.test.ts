import { describe, expect, it } from 'vitest'
import { History, HISTORY_LIMIT, type Step } from './history'
import type { Result } from './types'

const ok: Result<unknown> = { ok: true, value: null }

/** A step over a counter, as the real ones act on the profile through the API. */
function counterStep(state: { n: number; log: string[] }, by: number): Step {
  return {
    label: `add ${by}`,
    undo: async () => ((state.n -= by), state.log.push(`undo ${by}`), ok),
    redo: async () => ((state.n += by), state.log.push(`redo ${by}`), ok),
  }
}

describe('History', () => {
  it('undoes in reverse order, redoes forward, and a new change clears what could be redone', async () => {
    const h = new History()
    const s = { n: 0, log: [] as string[] }
    for (const by of [1, 10, 100]) {
      s.n += by
      h.record(counterStep(s, by))
    }
    await h.undo()
    await h.undo()
    expect(s.n).toBe(1)
    expect(h.canRedo).toBe(true)
    await h.redo()
    expect(s.n).toBe(11)
    expect(h.nextUndo).toBe('add 10')
    expect(h.nextRedo).toBe('add 100')
    s.n += 5
    h.record(counterStep(s, 5))
    expect(h.canRedo).toBe(false)
    expect(await h.redo()).toBeNull()
    await h.undo()
    await h.undo()
    await h.undo()
    expect(s.n).toBe(0)
    expect(h.canUndo).toBe(false)
    expect(await h.undo()).toBeNull()
    expect(s.log).toEqual(['undo 100', 'undo 10', 'redo 10', 'undo 5', 'undo 10', 'undo 1'])
  })

  it('drops a step whose undo failed, so the next Ctrl+Z goes on to the one before', async () => {
    const h = new History()
    const s = { n: 0, log: [] as string[] }
    h.record(counterStep(s, 1))
    h.record({
      label: 'gone',
      undo: async () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'gone' } }),
      redo: async () => ok,
    })
    const r = await h.undo()
    expect(r?.result.ok).toBe(false)
    expect(h.canRedo).toBe(false)
    await h.undo()
    expect(s.n).toBe(-1)
  })

  it('follows a row made again under a new id, through several remakes', () => {
    const h = new History()
    expect(h.id('todo', 7)).toBe(7)
    h.remap('todo', 7, 12)
    h.remap('todo', 7, 20)
    expect(h.id('todo', 7)).toBe(20)
    expect(h.id('todo', 12)).toBe(20)
    expect(h.id('list', 7)).toBe(7)
    h.clear()
    expect(h.id('todo', 7)).toBe(7)
  })

  it('keeps at most HISTORY_LIMIT steps', async () => {
    const h = new History()
    const s = { n: 0, log: [] as string[] }
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) h.record(counterStep(s, 1))
    let undone = 0
    while (await h.undo()) undone++
    expect(undone).toBe(HISTORY_LIMIT)
  })
})
