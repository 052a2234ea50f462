/** The to-do model as the engine returns it: plain data, no imports, safe for the renderer's types. */

/** What a profile file tells of itself: the engine's listing and the app's profile list both start from it. */
export interface ProfileFacts {
  id: string
  name: string
  schemaVersion: number
  sizeBytes: number
  createdAt: string
  lastOpenedAt: string | null
}

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
  /** The RFC 5545 rule it repeats by ("RRULE:FREQ=…"), or null. */
  repeat: string | null
  /** Whether the next due date counts from this one's due date or from its completion; null when it does not repeat. */
  repeatFrom: 'due' | 'done' | null
  /** When to remind, UTC ISO-8601, or null. */
  remindAt: string | null
}

/** `upcoming`: open to-dos due in the 7 days after today (ordered by due date). */
export type TodoFilter = 'all' | 'open' | 'done' | 'today' | 'overdue' | 'upcoming'

/** A to-do's place in list order (list id, position, id): where a keyset page starts. */
export interface TodoCursor {
  listId: number
  position: number
  id: number
}

export interface TodoCounts {
  total: number
  open: number
  done: number
  overdue: number
  today: number
}

/** One profile's figures in the report across all profiles. */
export interface ProfileFigures {
  id: string
  name: string
  total: number
  open: number
  done: number
  overdue: number
  doneLast7Days: number
  lastActivityAt: string | null
}

/** The report across all profiles (the CLI's `report` and the app's Overview). */
export interface Report {
  profiles: ProfileFigures[]
  totals: { total: number; open: number; done: number; overdue: number; doneLast7Days: number }
  daily: { date: string; done: number }[]
  skipped: { id: string; file: string; reason: string }[]
}
