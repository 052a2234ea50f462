import type { CallFn, CallName, EventName, OwnlistApi, Result, Unsubscribe } from '../common/contract'

export type Invoke = (name: CallName, input?: unknown) => Promise<Result<unknown>>
export type Subscribe = (event: EventName, cb: (payload: never) => void) => Unsubscribe

/**
 * Builds the API object the renderer sees, over any transport: Electron's IPC in the
 * preload, HTTP in the browser bridge used by tests and `npm run dev:web`. Exactly the
 * contract's functions, nothing else.
 */
export function createApi(invoke: Invoke, subscribe: Subscribe): OwnlistApi {
  const call = <K extends CallName>(name: K) => ((input?: unknown) => invoke(name, input)) as CallFn<K>
  const on = <E extends EventName>(event: E) =>
    ((cb: (payload: never) => void) => subscribe(event, cb)) as OwnlistApi['on'][E]
  const api = {
    app: { start: call('app.start'), state: call('app.state'), quit: call('app.quit') },
    profiles: {
      list: call('profiles.list'),
      create: call('profiles.create'),
      rename: call('profiles.rename'),
      delete: call('profiles.delete'),
      open: call('profiles.open'),
    },
    lists: {
      list: call('lists.list'),
      create: call('lists.create'),
      rename: call('lists.rename'),
      delete: call('lists.delete'),
      bringBack: call('lists.bringBack'),
      move: call('lists.move'),
    },
    todos: {
      list: call('todos.list'),
      add: call('todos.add'),
      update: call('todos.update'),
      setDone: call('todos.setDone'),
      delete: call('todos.delete'),
      move: call('todos.move'),
    },
    backups: {
      list: call('backups.list'),
      backupNow: call('backups.backupNow'),
      exportToFile: call('backups.exportToFile'),
      restore: call('backups.restore'),
      restoreFromFile: call('backups.restoreFromFile'),
      importFile: call('backups.importFile'),
      folder: call('backups.folder'),
      setFolder: call('backups.setFolder'),
      chooseFolder: call('backups.chooseFolder'),
    },
    health: {
      check: call('health.check'),
      repair: call('health.repair'),
      figures: call('health.figures'),
      showInFolder: call('health.showInFolder'),
    },
    report: { overview: call('report.overview') },
    reminders: { due: call('reminders.due'), snooze: call('reminders.snooze'), locate: call('reminders.locate') },
    replication: {
      list: call('replication.list'),
      add: call('replication.add'),
      addFolder: call('replication.addFolder'),
      remove: call('replication.remove'),
      restore: call('replication.restore'),
    },
    on: {
      profileOpened: on('profileOpened'),
      profileClosed: on('profileClosed'),
      migrationProgress: on('migrationProgress'),
      profilesChanged: on('profilesChanged'),
      menu: on('menu'),
      reminderDue: on('reminderDue'),
      reminderClicked: on('reminderClicked'),
      reminderSnoozed: on('reminderSnoozed'),
      replicationStatus: on('replicationStatus'),
    },
  } satisfies OwnlistApi
  return api
}
