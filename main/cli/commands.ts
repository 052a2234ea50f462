import type { MigrateResult } from '../engine/engine'
import { OwnlistError } from '../engine/errors'
import { localDate } from '../engine/local-date'
import { findListByName, listLists } from '../engine/queries/lists'
import { setDoneRepeating } from '../engine/queries/recurrence'
import { addTodo, listTodos, type TodoFilter } from '../engine/queries/todos'
import { checkRepeat } from '../engine/recurrence/check'
import { parseRemindAt } from '../engine/recurrence/remind'
import type { RepeatFrom } from '../engine/recurrence/rule'
import { checkDate } from '../engine/queries/validate'
import { remindersDue } from '../engine/reminders/due'
import { REPLICATION_COMMANDS, restoreFromReplicaCommand, stopReplicationBeforeDelete } from './replication-commands'
import { readBackupFolder, setBackupFolder } from '../engine/backup/extra-folder'
import { args, type Command } from './invocation'
import { UsageError } from './usage'

function todoId(raw: string): number {
  if (!/^[1-9]\d{0,15}$/.test(raw)) throw new OwnlistError('INVALID_ARGUMENT', `"${raw}" is not a to-do id.`)
  return Number(raw)
}

export const COMMANDS: Record<string, Command> = {
  'profiles list': async (engine, inv) => {
    args(inv, [])
    const { profiles, ignored } = engine.listProfiles()
    return {
      profiles: profiles.map(({ id, name, schemaVersion, sizeBytes, createdAt, lastOpenedAt }) => ({
        id,
        name,
        schemaVersion,
        sizeBytes,
        createdAt,
        lastOpenedAt,
      })),
      ignored,
    }
  },
  'profiles create': async (engine, inv) => {
    const [name] = args(inv, ['name'])
    const p = engine.createProfile(name)
    return { id: p.id, name: p.name, schemaVersion: p.schemaVersion }
  },
  'profiles rename': async (engine, inv) => {
    const [ref, name] = args(inv, ['profile', 'new-name'])
    return engine.renameProfile(ref!, name)
  },
  'profiles delete': async (engine, inv) => {
    const [ref] = args(inv, ['profile'])
    await stopReplicationBeforeDelete(engine, ref!)
    return engine.deleteProfile(ref!)
  },
  'todos add': async (engine, inv) => {
    const [ref, title] = args(inv, ['profile', 'title'])
    const { repeat, remind } = inv.flags
    const repeatFrom = inv.flags['repeat-from']
    if (repeatFrom !== undefined && repeat === undefined) throw new UsageError('--repeat-from goes with --repeat.')
    if (repeatFrom !== undefined && repeatFrom !== 'due' && repeatFrom !== 'done') {
      throw new OwnlistError('INVALID_ARGUMENT', '--repeat-from is "due" or "done".')
    }
    const now = new Date()
    // Checked before the profile is opened: a refused rule or time leaves the file as it was.
    checkRepeat(repeat, repeatFrom as RepeatFrom | undefined, checkDate(inv.flags.due), now)
    if (remind !== undefined) parseRemindAt(remind)
    const t = await engine.writeProfile(ref!, (db) => {
      const list = inv.flags.list === undefined ? listLists(db)[0]! : findListByName(db, inv.flags.list)
      return addTodo(db, {
        listId: list.id,
        title: title!,
        notes: inv.flags.notes,
        dueOn: inv.flags.due,
        repeat,
        repeatFrom: repeatFrom as RepeatFrom | undefined,
        remindAt: remind,
        now,
      })
    })
    return {
      id: t.id,
      title: t.title,
      listId: t.listId,
      done: t.done,
      dueOn: t.dueOn,
      repeat: t.repeat,
      remindAt: t.remindAt,
    }
  },
  'todos list': async (engine, inv) => {
    const [ref] = args(inv, ['profile'])
    if (inv.flags.open && inv.flags.done) throw new UsageError('Use --open or --done, not both.')
    const filter: TodoFilter = inv.flags.open ? 'open' : inv.flags.done ? 'done' : 'all'
    const todos = await engine.readProfile(ref!, (db) => {
      const listId = inv.flags.list === undefined ? null : findListByName(db, inv.flags.list).id
      return listTodos(db, { listId, filter, search: inv.flags.search, today: localDate() })
    })
    return {
      todos: todos.map(({ id, title, notes, done, dueOn, listId, repeat, remindAt }) => ({
        id,
        title,
        notes,
        done,
        dueOn,
        listId,
        repeat,
        remindAt,
      })),
    }
  },
  'todos done': async (engine, inv) => {
    const [ref, rawId] = args(inv, ['profile', 'todo-id'])
    const id = todoId(rawId!)
    const { next } = await engine.writeProfile(ref!, (db) => setDoneRepeating(db, { id, done: true, now: new Date() }))
    return { id, done: true, next: next ? { id: next.id, dueOn: next.dueOn } : null }
  },
  'reminders due': async (engine, inv) => {
    args(inv, [])
    const until = inv.flags.until === undefined ? new Date() : new Date(parseRemindAt(inv.flags.until))
    return { reminders: remindersDue(engine, until) }
  },
  backup: async (engine, inv) => {
    const [ref, file] = args(inv, ['profile', 'file'])
    const r = await engine.backups.backupTo(ref!, file!, { force: inv.flags.force })
    return { file: r.file, bytes: r.bytes, verified: r.verified }
  },
  'backups list': async (engine, inv) => {
    const [ref] = args(inv, ['profile'])
    return {
      backups: engine.backups.list(ref!).map(({ file, kind, createdAt, bytes }) => ({ file, kind, createdAt, bytes })),
    }
  },
  'backups folder': async (engine, inv) => {
    if (inv.flags.off) {
      args(inv, [])
      return setBackupFolder(engine.layout.root, null)
    }
    if (inv.positionals.length === 0) return readBackupFolder(engine.layout.root)
    const [folder] = args(inv, ['folder'])
    return setBackupFolder(engine.layout.root, folder!)
  },
  restore: async (engine, inv) => {
    if (inv.flags.replica !== undefined) return restoreFromReplicaCommand(engine, inv)
    const [ref, file] = args(inv, ['profile', 'file'])
    return engine.backups.restore(ref!, file!)
  },
  import: async (engine, inv) => {
    const [file] = args(inv, ['file'])
    return engine.backups.importFile(file!, { name: inv.flags.name })
  },
  check: async (engine, inv) => {
    const [ref] = args(inv, ['profile'])
    return engine.checkProfile(ref!)
  },
  repair: async (engine, inv) => {
    const [ref] = args(inv, ['profile'])
    return engine.backups.repair(ref!)
  },
  report: async (engine, inv) => {
    args(inv, [])
    return engine.report()
  },
  migrate: async (engine, inv) => {
    let results: MigrateResult[]
    if (inv.flags.all) {
      args(inv, [])
      results = await engine.migrateAll()
    } else {
      const [ref] = args(inv, ['profile'])
      results = [await engine.migrateProfile(engine.resolve(ref!))]
    }
    return { results }
  },
  ...REPLICATION_COMMANDS,
}

/** Finds the command named by the first one or two words. */
export function findCommand(positionals: string[]): { command: Command; rest: string[] } {
  // Own properties only: `constructor`, `__proto__` or `toString` are names every object inherits, not commands.
  const own = (name: string | undefined): Command | undefined =>
    name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  const two = own(positionals.length >= 2 ? positionals.slice(0, 2).join(' ') : undefined)
  if (two) return { command: two, rest: positionals.slice(2) }
  const one = positionals[0]
  const single = one !== undefined && !one.includes(' ') ? own(one) : undefined
  if (single) return { command: single, rest: positionals.slice(1) }
  throw new UsageError(
    positionals.length ? `Unknown command "${positionals.slice(0, 2).join(' ')}".` : 'No command given.',
  )
}
