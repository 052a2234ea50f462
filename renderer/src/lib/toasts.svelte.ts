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

/** Short-lived messages: errors in words with their code, and "Deleted · Undo". */
export class Toasts {
  items = $state<Toast[]>([])
  #next = 1
  #timers = new Map<number, ReturnType<typeof setTimeout>>()

  info(message: string, action?: ToastAction, ms = 6000): number {
    return this.#push({ kind: 'info', message, action }, ms)
  }

  error(error: ApiError, context?: string, ms = 10000): number {
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

  release(id: number, ms = 4000): void {
    if (this.items.some((t) => t.id === id)) this.#timers.set(id, setTimeout(() => this.dismiss(id), ms))
  }

  #push(toast: Omit<Toast, 'id'>, ms: number): number {
    const id = this.#next++
    this.items = [...this.items.slice(-3), { ...toast, id }]
    this.#timers.set(id, setTimeout(() => this.dismiss(id), ms))
    return id
  }
}
