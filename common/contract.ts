/**
 * The one contract between the renderer and the main process: every call, its input,
 * its result, its error codes and the events main pushes. Types only: main implements
 * it (main/api/service.ts), the preload exposes it (preload/api.ts), the renderer uses it.
 * Over 300 lines on purpose: one table of every call, so the handlers `satisfies` it in one check.
 */
import type { ErrorCode, ErrorValue } from './errors'
import type { List, ProfileFacts, ProfileFigures, Report, Todo, TodoCounts, TodoCursor, TodoFilter } from './model'

export type { ErrorCode, List, ProfileFigures, Todo, TodoCounts, TodoCursor, TodoFilter }
export type ApiError = ErrorValue

/** Every result crosses as a value; a call never throws across the bridge. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError }
export type Call<I, O> = (input: I) => Promise<Result<O>>
export type Call0<O> = () => Promise<Result<O>>

export interface ProfileSummary extends ProfileFacts {
  todoCount: number | null
  /** The profile needs a newer app; it can be listed but not opened. */
  tooNew: boolean
}

export interface ProfilesView {
  profiles: ProfileSummary[]
  currentId: string | null
  /** Files in the profiles folder that are not profiles (names only, never paths). */
  ignored: { file: string; reason: string }[]
}

/** Why a profile could not be opened, in words, with what the person can do next. */
export interface OpenFailure {
  profileId: string
  profileName: string
  error: ApiError
}

export interface Session {
  profile: ProfileSummary
  lists: List[]
  migratedFrom: number | null
}

export interface AppState {
  version: string
  schemaVersion: number
  session: Session | null
  failure: OpenFailure | null
}

export interface ListTodosInput {
  listId: number | null
  filter: TodoFilter
  search: string
  /** The renderer's local date (YYYY-MM-DD): "today" and "overdue" follow the user's clock. */
  today: string
  offset: number
  limit: number
  /** Keyset paging (not with a search): the rows after / before this one, in list order, OFFSET then counted from it. */
  after?: TodoCursor
  before?: TodoCursor
  /** false: `total` is not counted (null), for pages fetched while scrolling. Default true. */
  total?: boolean
  /** false: `counts` are not counted (null), so the first rows come before a scan of the list. Default true. */
  counts?: boolean
}

export interface TodoPage {
  todos: Todo[]
  /** How many match in all (for windowed lists); null when the input's `total` was false. */
  total: number | null
  /** null when the input's `counts` was false. */
  counts: TodoCounts | null
}

export interface AddTodoInput {
  listId: number
  title: string
  notes?: string
  dueOn?: string | null
  /** daily, weekdays, weekly, monthly, yearly, "every N days|weeks|months", or "RRULE:…"; null: does not repeat. */
  repeat?: string | null
  /** Count the next due date from the due date (default) or from completion. */
  repeatFrom?: 'due' | 'done'
  /** ISO-8601: local time without a zone, else that moment; null: no reminder. */
  remindAt?: string | null
}

export interface UpdateTodoInput {
  id: number
  title?: string
  notes?: string
  dueOn?: string | null
  /** A new rule edits the series; null ends it. */
  repeat?: string | null
  repeatFrom?: 'due' | 'done'
  remindAt?: string | null
}

/** The to-do as it now is, and the next occurrence that completing a repeating one created (else null). */
export type DoneTodo = Todo & { next: Todo | null }

/** A reminder due, in any profile (open or not). */
export interface DueReminder {
  profileId: string
  todoId: number
  title: string
  /** UTC ISO-8601. */
  remindAt: string
}

/** Reminders came due: one as it fires, or (missed: true) all those missed while the app was closed, as one notice. */
export interface ReminderDueEvent {
  reminders: DueReminder[]
  missed: boolean
}

export type BackupKind = 'auto' | 'manual' | 'pre-migration' | 'pre-restore'

/** A backup in the current profile's backups folder, named by its file name (never a path). */
export interface BackupSummary {
  name: string
  kind: BackupKind
  createdAt: string
  bytes: number
  todoCount: number | null
}

/**
 * The backup folder: every automatic backup is also copied there, verified, with the same
 * retention (everywhere, Windows included, where replication is unavailable).
 */
export interface BackupFolderView {
  /** Absolute path, or null when off. */
  folder: string | null
  lastCopiedAt: string | null
  /** Why the last copy failed (the folder unplugged, full, read-only), null after a success. */
  error: string | null
}

/** A replica's state as the app shows it (see the engine's replication/status.ts). */
export type ReplicaStatus = 'ok' | 'syncing' | 'unreachable' | 'taken-over' | 'unavailable' | 'idle'

export interface ReplicaView {
  url: string
  type: 'file' | 'sftp' | 's3'
  encrypted: boolean
  status: ReplicaStatus
  lastSyncedAt: string | null
  error: string | null
}

export interface ReplicationView {
  /** False where Litestream has no build (Windows) or is not installed: the UI says so plainly. */
  available: boolean
  replicas: ReplicaView[]
}

/** A restore from a replica: as a new profile (`created`) or over the open one (`undoName`). */
export interface ReplicaRestoreResult {
  state: AppState
  created: ProfileSummary | null
  undoName: string | null
}

export interface RestoreResult {
  state: AppState
  /** The snapshot of what was there before: restoring it is the undo. */
  undoName: string
}

export interface CheckResult {
  ok: boolean
  problems: string[]
  checkedAt: string
}

export interface RepairResult {
  state: AppState
  recovered: { lists: number; todos: number; lost: number }
  damagedName: string
}

export interface Health {
  profileId: string
  fileBytes: number
  walBytes: number
  schemaVersion: number
  lastBackup: { at: string; kind: BackupKind; verified: boolean } | null
  lastCheck: { at: string; ok: boolean } | null
  /** Where the file lives: the user's own data folder, shown so they can find it. */
  location: string
}

export type Overview = Report

export interface MigrationProgressEvent {
  profileId: string
  phase: 'snapshot' | 'migrate'
  done: number
  total: number
  name: string
}

export type Unsubscribe = () => void

export interface OwnlistApi {
  app: {
    /** Starts the session: opens the last profile, or creates "Personal" on first launch. */
    start: Call0<AppState>
    state: Call0<AppState>
    /** Ends the app (in the browser transport: ends the session). */
    quit: Call0<null>
  }
  profiles: {
    list: Call0<ProfilesView>
    create: Call<{ name: string }, ProfileSummary>
    rename: Call<{ id: string; name: string }, ProfileSummary>
    /** Moves the profile's file to the trash folder; it is never unlinked. */
    delete: Call<{ id: string }, { id: string }>
    /** Closes the current profile and opens this one (migrating it if needed). */
    open: Call<{ id: string }, AppState>
  }
  lists: {
    list: Call0<List[]>
    create: Call<{ name: string }, List>
    rename: Call<{ id: number; name: string }, List>
    /** Deletes the list and its to-dos; `undoToken` brings them back (lists.bringBack) while the profile stays open. */
    delete: Call<{ id: number }, { id: number; todoCount: number; undoToken: string }>
    bringBack: Call<{ undoToken: string }, List>
    move: Call<{ id: number; toIndex: number }, List[]>
  }
  todos: {
    list: Call<ListTodosInput, TodoPage>
    add: Call<AddTodoInput, Todo>
    update: Call<UpdateTodoInput, Todo>
    /** Completing a repeating to-do also creates its next occurrence; undoing removes it while untouched. */
    setDone: Call<{ id: number; done: boolean }, DoneTodo>
    delete: Call<{ id: number }, { id: number }>
    move: Call<{ id: number; toIndex: number; listId?: number }, Todo>
  }
  backups: {
    list: Call0<BackupSummary[]>
    /** A verified backup into the profile's backups folder now. */
    backupNow: Call0<BackupSummary>
    /** A verified backup to a file the user picks in a save dialog; null when cancelled. */
    exportToFile: Call0<{ file: string; bytes: number } | null>
    restore: Call<{ name: string }, RestoreResult>
    /** Restore from a file the user picks; null when cancelled. */
    restoreFromFile: Call0<RestoreResult | null>
    /** Import a profile file the user picks as a new profile; null when cancelled. */
    importFile: Call0<ProfileSummary | null>
    /** The backup folder setting and how its last copy went. */
    folder: Call0<BackupFolderView>
    /** An absolute path to an existing folder outside the data folder, or null to turn it off. */
    setFolder: Call<{ folder: string | null }, BackupFolderView>
    /** Sets the backup folder to one picked in a native dialog; null when cancelled or without dialogs (dev:web). */
    chooseFolder: Call0<BackupFolderView | null>
  }
  /** The open profile's file: its figures, the database check, the repair, where it lives. */
  health: {
    check: Call0<CheckResult>
    /**
     * Rebuilds a damaged profile from what can be read; only after the user confirmed. The
     * damaged file is kept (named in `damagedName`, inside the backups folder), never deleted.
     */
    repair: Call0<RepairResult>
    figures: Call0<Health>
    showInFolder: Call0<null>
  }
  report: {
    overview: Call0<Overview>
  }
  reminders: {
    /** Reminders of open to-dos due by `until` (default now) across all profiles; writes nothing. */
    due: Call<{ until?: string }, DueReminder[]>
    /** Moves a to-do's reminder to `until` (ISO-8601), in any profile; a user's change, written to the to-do. */
    snooze: Call<{ profileId: string; todoId: number; until: string }, Todo>
    /** Where a reminder's to-do is in the open profile: its list and its row in list order (to select it). */
    locate: Call<{ profileId: string; todoId: number }, { listId: number; index: number }>
  }
  /** The open profile's replicas (Litestream): add, list, remove, restore from one. */
  replication: {
    list: Call0<ReplicationView>
    /** Adds (or, with takeOver, takes over) a replica by URL and starts replicating to it. */
    add: Call<{ url: string; encrypt?: boolean; takeOver?: boolean }, ReplicationView>
    /** Adds a folder the user picks in a native dialog; null when cancelled or without dialogs (dev:web). */
    addFolder: Call0<ReplicationView | null>
    remove: Call<{ url: string }, ReplicationView>
    /** `at`: ISO-8601; omitted, the latest. asNew: a new profile; else over the open one (undo kept). */
    restore: Call<{ url: string; at?: string; asNew: boolean }, ReplicaRestoreResult>
  }
  on: {
    profileOpened: (cb: (e: { profileId: string }) => void) => Unsubscribe
    profileClosed: (cb: (e: { profileId: string }) => void) => Unsubscribe
    migrationProgress: (cb: (e: MigrationProgressEvent) => void) => Unsubscribe
    profilesChanged: (cb: (e: Record<string, never>) => void) => Unsubscribe
    /** A native menu item the renderer acts on (new to-do, search, check database…). */
    menu: (cb: (e: { command: MenuCommand }) => void) => Unsubscribe
    /** A reminder came due (the browser transport shows its own notification for it). */
    reminderDue: (cb: (e: ReminderDueEvent) => void) => Unsubscribe
    /** The person clicked a reminder's OS notification: show that profile and to-do. */
    reminderClicked: (cb: (e: { profileId: string; todoId: number }) => void) => Unsubscribe
    /** A reminder was snoozed (from the OS notification or the window's notice): the to-do as it now is. */
    reminderSnoozed: (cb: (e: { profileId: string; todo: Todo }) => void) => Unsubscribe
    /** The open profile's replicas changed state (synced, failing, taken over). */
    replicationStatus: (cb: (e: { profileId: string; replicas: ReplicaView[] }) => void) => Unsubscribe
  }
}

export type MenuCommand =
  | 'new-todo'
  | 'new-list'
  | 'new-profile'
  | 'find'
  | 'switch-profile'
  | 'rename-profile'
  | 'delete-profile'
  | 'backup-now'
  | 'export-profile'
  | 'import-profile'
  | 'restore-profile'
  | 'check-database'
  | 'profile-health'
  | 'replication'
  | 'overview'

/** `group.method` names of every call: the IPC channels. */
export type CallName = {
  [G in Exclude<keyof OwnlistApi, 'on'>]: `${G & string}.${keyof OwnlistApi[G] & string}`
}[Exclude<keyof OwnlistApi, 'on'>]

export type EventName = keyof OwnlistApi['on']

export type CallFn<K extends CallName> = K extends `${infer G}.${infer M}`
  ? G extends Exclude<keyof OwnlistApi, 'on'>
    ? M extends keyof OwnlistApi[G]
      ? OwnlistApi[G][M]
      : never
    : never
  : never

/** The input a call takes (`undefined` for calls without one). */
export type CallInput<K extends CallName> = Parameters<CallFn<K>> extends [infer I] ? I : undefined

/** The value a successful call returns. */
export type CallOutput<K extends CallName> =
  CallFn<K> extends (...args: never[]) => Promise<Result<infer O>> ? O : never

export type EventPayload<E extends EventName> = Parameters<Parameters<OwnlistApi['on'][E]>[0]>[0]
