import type { ApiError } from './types'

export interface ToastAction {
  label: string
  run: () => void | Promise<void>
}

export interface Toast {
  id: number
  kind: 'info' | 'error'
  message: string
  code?: string
  action?: ToastAction
}

/** How long a notice stays (ms): longer when it carries a file path or an Undo worth reading. */
export const TOAST_MS = {
  info: 6000,
  error: 10_000,
  /** After the pointer or focus leaves a held notice. */
  afterHold: 4000,
  /** "Deleted · Undo" for a to-do. */
  undoDelete: 8000,
  /** A notice with a path or an action to take ("Open it"). */
  long: 12_000,
  /** A restore (with its Undo) or a repair: what happened, in full. */
  replaced: 15_000,
} as const

/** Notices shown at once; a new one pushes out the oldest. */
const MAX_TOASTS = 4

/** Short-lived messages: errors in words with their code, and "Deleted · Undo". */
export class Toasts {
  items = $state<Toast[]>([])
  #next = 1
  #timers = new Map<number, ReturnType<typeof setTimeout>>()

  info(message: string, action?: ToastAction, ms: number = TOAST_MS.info): number {
    return this.#push({ kind: 'info', message, action }, ms)
  }

  error(error: ApiError, context?: string, ms: number = TOAST_MS.error): number {
    const message = context ? `${context}: ${error.message}` : error.message
    return this.#push({ kind: 'error', message, code: error.code }, ms)
  }

  dismiss(id: number): void {
    clearTimeout(this.#timers.get(id))
    this.#timers.delete(id)
    this.items = this.items.filter((t) => t.id !== id)
  }

  /** Removes the notices that offer an action (an Undo must not outlive its profile). */
  dropActions(): void {
    for (const t of this.items) if (t.action) this.dismiss(t.id)
  }

  /** Pauses a toast's timer while the pointer or focus is on it. */
  hold(id: number): void {
    clearTimeout(this.#timers.get(id))
    this.#timers.delete(id)
  }

  release(id: number, ms: number = TOAST_MS.afterHold): void {
    if (this.items.some((t) => t.id === id))
      this.#timers.set(
        id,
        setTimeout(() => this.dismiss(id), ms),
      )
  }

  #push(toast: Omit<Toast, 'id'>, ms: number): number {
    const id = this.#next++
    this.items = [...this.items.slice(1 - MAX_TOASTS), { ...toast, id }]
    this.#timers.set(
      id,
      setTimeout(() => this.dismiss(id), ms),
    )
    return id
  }
}
