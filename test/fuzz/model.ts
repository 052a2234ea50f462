// The plain in-memory model the engine is checked against: profiles, their lists in order,
// each list's to-dos in order, their backups and exported files. No SQL, no files.

export interface MTodo {
  id: number
  title: string
  notes: string
  done: boolean
  dueOn: string | null
  /** Set only by reminders.snooze in these sequences (UTC ISO). */
  remindAt?: string | null
}

export interface MList {
  id: number
  name: string
  todos: MTodo[]
}

/** What a profile holds: its lists in order, and a token naming this exact state. */
export interface MContent {
  lists: MList[]
  /** A new token for every change: two states share one only when one was copied from the other. */
  token: number
}

export interface MBackup {
  name: string
  kind: 'auto' | 'manual' | 'pre-restore'
  content: MContent
}

export interface MProfile {
  id: string
  name: string
  content: MContent
  backups: MBackup[]
  /** Order in which the app last opened profiles (kept outside the files, in state/; 0: never). */
  openedSeq: number
}

export interface MExport {
  file: string
  name: string
  content: MContent
}

let tokens = 0
export const freshToken = () => ++tokens

export const cloneContent = (c: MContent): MContent => ({
  token: c.token,
  lists: c.lists.map((l) => ({ ...l, todos: l.todos.map((t) => ({ ...t })) })),
})

/** A new profile from the template: one list, "Inbox", id 1. */
export const templateContent = (): MContent => ({ token: freshToken(), lists: [{ id: 1, name: 'Inbox', todos: [] }] })

export class Model {
  profiles: MProfile[] = []
  currentId: string | null = null
  lastProfileId: string | null = null
  exports: MExport[] = []
  /** Deleted lists lists.bringBack can still bring back (the newest 20), by undo token. */
  deletedLists: { token: string; profileId: string; index: number; list: MList }[] = []
  private opened = 0

  get current(): MProfile | undefined {
    return this.profiles.find((p) => p.id === this.currentId)
  }

  profile(id: string): MProfile | undefined {
    return this.profiles.find((p) => p.id === id)
  }

  stampOpened(p: MProfile): void {
    p.openedSeq = ++this.opened
  }

  /** Leaving a profile backs it up automatically when it changed since its newest backup. */
  leave(): MProfile | null {
    const p = this.current
    this.currentId = null
    if (!p) return null
    const newest = p.backups.at(-1)
    return newest && newest.content.token === p.content.token ? null : p
  }

  addProfile(id: string, name: string, content: MContent): MProfile {
    const p: MProfile = { id, name, content, backups: [], openedSeq: 0 }
    this.profiles.push(p)
    return p
  }
}

export const allTodos = (c: MContent) => c.lists.flatMap((l) => l.todos)
export const nextTodoId = (c: MContent) => Math.max(0, ...allTodos(c).map((t) => t.id)) + 1
export const nextListId = (c: MContent) => Math.max(0, ...c.lists.map((l) => l.id)) + 1
export const listOf = (c: MContent, todoId: number) => c.lists.find((l) => l.todos.some((t) => t.id === todoId))

/** "Work", else "Work (2)", "Work (3)"… (an imported profile whose name is taken). */
export function uniqueProfileName(name: string, taken: (n: string) => boolean): string {
  if (!taken(name)) return name
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`
    const candidate = `${[...name].slice(0, 80 - suffix.length).join('')}${suffix}`
    if (!taken(candidate)) return candidate
  }
}
