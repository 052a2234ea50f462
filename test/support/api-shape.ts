import type { CallName, OwnlistApi } from '../../common/contract'
import { INPUT_SCHEMAS } from '../../main/api/schemas'

/**
 * The contract's shape as a value: every group of `window.ownlist` and its functions.
 * Types vanish at run time, so tests that look at the real object (the Electron e2e, the
 * preload's unit test) compare against this. The `satisfies` makes the compiler refuse a
 * missing or extra group or function, so it cannot drift from OwnlistApi.
 */
const SHAPE = {
  app: { start: true, state: true, quit: true },
  profiles: { list: true, create: true, rename: true, delete: true, open: true },
  lists: { list: true, create: true, rename: true, delete: true, bringBack: true, move: true },
  todos: { list: true, add: true, update: true, setDone: true, delete: true, move: true },
  backups: {
    list: true,
    backupNow: true,
    exportToFile: true,
    restore: true,
    restoreFromFile: true,
    importFile: true,
    folder: true,
    setFolder: true,
    chooseFolder: true,
  },
  health: { check: true, repair: true, figures: true, showInFolder: true },
  report: { overview: true },
  reminders: { due: true, snooze: true, locate: true },
  replication: { list: true, add: true, addFolder: true, remove: true, restore: true },
  on: {
    profileOpened: true,
    profileClosed: true,
    migrationProgress: true,
    profilesChanged: true,
    menu: true,
    reminderDue: true,
    reminderClicked: true,
    reminderSnoozed: true,
    replicationStatus: true,
  },
} as const satisfies { [G in keyof OwnlistApi]: { [M in keyof OwnlistApi[G]]: true } }

/** What `window.ownlist` must be: `{ group: { function: 'function' } }` for every group. */
export const API_SHAPE: Record<string, Record<string, string>> = Object.fromEntries(
  Object.entries(SHAPE).map(([group, fns]) => [
    group,
    Object.fromEntries(Object.keys(fns).map((name) => [name, 'function'])),
  ]),
)

/**
 * Any object in the same form (`typeof` of every member), for comparing with API_SHAPE.
 * The Electron e2e computes the same inside the page, where this module cannot be loaded.
 */
export function describeApi(api: object): Record<string, Record<string, string>> {
  return Object.fromEntries(
    Object.entries(api).map(([group, fns]) => [
      group,
      fns && typeof fns === 'object'
        ? Object.fromEntries(Object.entries(fns).map(([k, v]) => [k, typeof v]))
        : { [`(${typeof fns})`]: typeof fns },
    ]),
  )
}

/** `group.method` for every call (the `on` events excluded): the names dispatch must route. */
export const API_CALL_NAMES: string[] = Object.entries(SHAPE)
  .filter(([group]) => group !== 'on')
  .flatMap(([group, fns]) => Object.keys(fns).map((name) => `${group}.${name}`))

/** Every call name the input schemas know (the fuzzer walks them all; the preload test compares). */
export const CALL_NAMES = Object.keys(INPUT_SCHEMAS) as CallName[]
