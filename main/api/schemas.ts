import { z } from 'zod'
import type { CallInput, CallName } from './contract'

/**
 * Every call's input, parsed in main before anything reaches the engine. Objects are
 * strict (no extra fields), strings and numbers are bounded; the engine then applies
 * its own rules (name rules, dates) and answers with their codes.
 */
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
const profileId = z.string().min(1).max(200)
const name = z.string().max(1000)
const index = z.number().int().min(0).max(10_000_000)
const date = z.string().max(32)
const none = z.undefined()
/** A position is an integer in Ownlist's files, but a file from elsewhere may hold any finite number there. */
const cursor = z.strictObject({ listId: id, position: z.number(), id })

export const INPUT_SCHEMAS = {
  'app.start': none,
  'app.state': none,
  'app.quit': none,
  'profiles.list': none,
  'profiles.create': z.strictObject({ name }),
  'profiles.rename': z.strictObject({ id: profileId, name }),
  'profiles.delete': z.strictObject({ id: profileId }),
  'profiles.open': z.strictObject({ id: profileId }),
  'lists.list': none,
  'lists.create': z.strictObject({ name }),
  'lists.rename': z.strictObject({ id, name }),
  'lists.delete': z.strictObject({ id }),
  'lists.bringBack': z.strictObject({ undoToken: z.string().min(1).max(100) }),
  'lists.move': z.strictObject({ id, toIndex: index }),
  'todos.list': z.strictObject({
    listId: id.nullable(),
    filter: z.enum(['all', 'open', 'done', 'today', 'overdue']),
    search: z.string().max(1000),
    today: date,
    offset: index,
    limit: z.number().int().min(1).max(1000),
    after: cursor.optional(),
    before: cursor.optional(),
    total: z.boolean().optional(),
    counts: z.boolean().optional(),
  }),
  'todos.add': z.strictObject({
    listId: id,
    title: z.string().max(10_000),
    notes: z.string().max(100_000).optional(),
    dueOn: date.nullable().optional(),
  }),
  'todos.update': z.strictObject({
    id,
    title: z.string().max(10_000).optional(),
    notes: z.string().max(100_000).optional(),
    dueOn: date.nullable().optional(),
  }),
  'todos.setDone': z.strictObject({ id, done: z.boolean() }),
  'todos.delete': z.strictObject({ id }),
  'todos.move': z.strictObject({ id, toIndex: index, listId: id.optional() }),
  'backups.list': none,
  'backups.backupNow': none,
  'backups.exportToFile': none,
  'backups.restore': z.strictObject({ name: z.string().min(1).max(200) }),
  'backups.restoreFromFile': none,
  'backups.importFile': none,
  'backups.check': none,
  'backups.repair': none,
  'backups.health': none,
  'backups.showInFolder': none,
  'report.overview': none,
} satisfies { [K in CallName]: z.ZodType<CallInput<K>> }

export const CALL_NAMES = Object.keys(INPUT_SCHEMAS) as CallName[]
