/** The to-do model as the engine returns it: plain data, no imports, safe for the renderer's types. */

export interface List {
  id: number
  name: string
  position: number
  createdAt: string
  openCount: number
}

export interface Todo {
  id: number
  listId: number
  title: string
  notes: string
  done: boolean
  dueOn: string | null
  position: number
  createdAt: string
  updatedAt: string
  completedAt: string | null
}

export type TodoFilter = 'all' | 'open' | 'done' | 'today' | 'overdue'

export interface TodoCounts {
  total: number
  open: number
  done: number
  overdue: number
  today: number
}
