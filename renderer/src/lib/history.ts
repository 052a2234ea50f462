/**
 * Undo and redo for every change made in the window (Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z): a stack
 * of steps, each able to undo and redo itself with API calls. Undoing a delete or redoing an
 * add makes a new row with a new id: the step says so (`remap`), and later steps that name the
 * old id find the new one through `id()`. One history per open profile (cleared on switching).
 * Plain TypeScript (no runes): nothing on screen shows the stack, and it is unit-tested.
 */
import type { ApiError, Result } from './types'

export type Kind = 'todo' | 'list'

export interface Step {
  /** In words, for the announcement: "add “Buy milk”". */
  label: string
  undo: (h: History) => Promise<Result<unknown>>
  redo: (h: History) => Promise<Result<unknown>>
}

/** How many steps are kept; the oldest go first. */
export const HISTORY_LIMIT = 200

export class History {
  #done: Step[] = []
  #undone: Step[] = []
  #ids = new Map<string, number>()
  /** A step is being undone or redone: key repeats are ignored rather than interleaved. */
  busy = false

  get canUndo(): boolean {
    return this.#done.length > 0
  }
  get canRedo(): boolean {
    return this.#undone.length > 0
  }
  get nextUndo(): string | null {
    return this.#done.at(-1)?.label ?? null
  }
  get nextRedo(): string | null {
    return this.#undone.at(-1)?.label ?? null
  }

  /** A change was made: it can be undone, and what was undone before can no longer be redone. */
  record(step: Step): void {
    this.#done = [...this.#done, step].slice(-HISTORY_LIMIT)
    this.#undone = []
  }

  /** Whether `step` is the one Undo would undo now (a toast's own Undo button asks). */
  isNext(step: Step): boolean {
    return this.#done.at(-1) === step
  }

  async undo(): Promise<{ step: Step; result: Result<unknown> } | null> {
    return this.#run('undo')
  }

  async redo(): Promise<{ step: Step; result: Result<unknown> } | null> {
    return this.#run('redo')
  }

  /** The current id of a row that may have been made again under a new id. */
  id(kind: Kind, original: number): number {
    let id = original
    for (let seen = 0; seen < 1000; seen++) {
      const next = this.#ids.get(`${kind}:${id}`)
      if (next === undefined) return id
      id = next
    }
    return id
  }

  /** `from` (as the steps know it, or its latest id) now lives on as `to`. */
  remap(kind: Kind, from: number, to: number): void {
    const current = this.id(kind, from)
    if (current !== to) this.#ids.set(`${kind}:${current}`, to)
  }

  clear(): void {
    this.#done = []
    this.#undone = []
    this.#ids.clear()
  }

  async #run(dir: 'undo' | 'redo'): Promise<{ step: Step; result: Result<unknown> } | null> {
    if (this.busy) return null
    const from = dir === 'undo' ? this.#done : this.#undone
    const step = from.at(-1)
    if (!step) return null
    this.busy = true
    try {
      const result = await step[dir](this)
      if (dir === 'undo') this.#done = this.#done.slice(0, -1)
      else this.#undone = this.#undone.slice(0, -1)
      if (result.ok) {
        if (dir === 'undo') this.#undone = [...this.#undone, step]
        else this.#done = [...this.#done, step]
      }
      // A step that failed (the row is gone, a name is taken) is dropped: trying it again would fail again.
      return { step, result }
    } finally {
      this.busy = false
    }
  }
}

/** Runs calls in order and stops at the first failure. */
export async function inOrder(...calls: (() => Promise<Result<unknown>>)[]): Promise<Result<unknown>> {
  let last: Result<unknown> = { ok: true, value: null }
  for (const call of calls) {
    last = await call()
    if (!last.ok) return last
  }
  return last
}

export const failed = (error: ApiError): Result<never> => ({ ok: false, error })
