import { z } from 'zod'
import type { CallInput, CallName } from '../../common/contract'
import { NAME_MAX_LENGTH } from '../engine/names'
import { NOTES_MAX, TITLE_MAX } from '../engine/queries/validate'

/**
 * Every call's input, parsed in main before anything reaches the engine. Objects are
 * strict (no extra fields), strings and numbers are bounded; the engine then applies
 * its own rules (name rules, dates) and answers with their codes.
 */

/**
 * How long a name, title or notes may be here: a multiple of the engine's own limit, so that
 * any value the engine could accept gets through (80 characters as a person counts them can be
 * 80 emoji of 11 UTF-16 units each; a title is trimmed first), and one a little too long still
 * reaches the engine and gets its own error and words ("at most 80 characters"). Only sizes
 * far beyond any limit stop here.
 */
const NAME_INPUT_MAX = NAME_MAX_LENGTH * 12.5 // 1,000
const TITLE_INPUT_MAX = TITLE_MAX * 20 // 10,000
const NOTES_INPUT_MAX = NOTES_MAX * 5 // 100,000
/** A profile id (a UUID) or a backup's file name: far longer than either ever is. */
const FILE_REF_MAX = 200
/** A to-do search: what a person types, bounded. */
const SEARCH_MAX = 1000
/** YYYY-MM-DD, with room for the wrong formats the engine refuses in words. */
const DATE_INPUT_MAX = 32
/** Positions (`toIndex`) and paging offsets: beyond any list's length. */
const INDEX_MAX = 10_000_000
/** The most to-dos one `todos.list` page returns. */
const PAGE_MAX = 1000

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
const profileId = z.string().min(1).max(FILE_REF_MAX)
const name = z.string().max(NAME_INPUT_MAX)
const index = z.number().int().min(0).max(INDEX_MAX)
const date = z.string().max(DATE_INPUT_MAX)
const none = z.undefined()
/** A position is an integer in Ownlist's files, but a file from elsewhere may hold any finite number there. */
const cursor = z.strictObject({ listId: id, position: z.number(), id })
const rule = z.string().max(1000)
const repeatFrom = z.enum(['due', 'done'])
const moment = z.string().max(64)

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
    filter: z.enum(['all', 'open', 'done', 'today', 'overdue', 'upcoming']),
    search: z.string().max(SEARCH_MAX),
    today: date,
    offset: index,
    limit: z.number().int().min(1).max(PAGE_MAX),
    after: cursor.optional(),
    before: cursor.optional(),
    total: z.boolean().optional(),
    counts: z.boolean().optional(),
  }),
  'todos.add': z.strictObject({
    listId: id,
    title: z.string().max(TITLE_INPUT_MAX),
    notes: z.string().max(NOTES_INPUT_MAX).optional(),
    dueOn: date.nullable().optional(),
    repeat: rule.nullable().optional(),
    repeatFrom: repeatFrom.optional(),
    remindAt: moment.nullable().optional(),
  }),
  'todos.update': z.strictObject({
    id,
    title: z.string().max(TITLE_INPUT_MAX).optional(),
    notes: z.string().max(NOTES_INPUT_MAX).optional(),
    dueOn: date.nullable().optional(),
    repeat: rule.nullable().optional(),
    repeatFrom: repeatFrom.optional(),
    remindAt: moment.nullable().optional(),
  }),
  'todos.setDone': z.strictObject({ id, done: z.boolean() }),
  'todos.delete': z.strictObject({ id }),
  'todos.move': z.strictObject({ id, toIndex: index, listId: id.optional() }),
  'backups.list': none,
  'backups.backupNow': none,
  'backups.exportToFile': none,
  'backups.restore': z.strictObject({ name: z.string().min(1).max(FILE_REF_MAX) }),
  'backups.restoreFromFile': none,
  'backups.importFile': none,
  'backups.folder': none,
  'backups.setFolder': z.strictObject({ folder: z.string().max(4096).nullable() }),
  'backups.chooseFolder': none,
  'health.check': none,
  'health.repair': none,
  'health.figures': none,
  'health.showInFolder': none,
  'report.overview': none,
  'reminders.due': z.strictObject({ until: moment.optional() }),
  'replication.list': none,
  'replication.add': z.strictObject({
    url: z.string().min(1).max(2048),
    encrypt: z.boolean().optional(),
    takeOver: z.boolean().optional(),
  }),
  'replication.addFolder': none,
  'replication.remove': z.strictObject({ url: z.string().min(1).max(2048) }),
  'replication.restore': z.strictObject({
    url: z.string().min(1).max(2048),
    at: moment.optional(),
    asNew: z.boolean(),
  }),
  'reminders.snooze': z.strictObject({ profileId, todoId: id, until: moment }),
  'reminders.locate': z.strictObject({ profileId, todoId: id }),
} satisfies { [K in CallName]: z.ZodType<CallInput<K>> }
