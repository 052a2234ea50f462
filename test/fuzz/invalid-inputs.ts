// Inputs the contract (contract.ts) rules out, per call, each with the exact code it must get:
// a wrong shape or type is INVALID_ARGUMENT before anything runs; an id or name the profile does
// not have is the engine's NOT_FOUND or PROFILE_NOT_FOUND. Written from the contract's types,
// not from the zod schemas.
import fc from 'fast-check'
import type { CallName } from '../../common/contract'

type Kind = 'id' | 'nullableId' | 'index' | 'limit' | 'text' | 'nullableText' | 'profileId' | 'bool' | 'date' | 'filter'
interface Field {
  kind: Kind
  optional?: boolean
}

/** What the open fixture profile has: the first list, the first to-do, the profile's id. */
export interface Fixture {
  profileId: string
  listId: number
  todoId: number
}

/** Each call's fields (as contract.ts types them) and a valid input to start from. */
const SHAPES: Partial<
  Record<CallName, { fields: Record<string, Field>; valid: (f: Fixture) => Record<string, unknown> }>
> = {
  'profiles.create': { fields: { name: { kind: 'text' } }, valid: () => ({ name: 'Fresh' }) },
  'profiles.rename': {
    fields: { id: { kind: 'profileId' }, name: { kind: 'text' } },
    valid: (f) => ({ id: f.profileId, name: 'Renamed' }),
  },
  'profiles.delete': { fields: { id: { kind: 'profileId' } }, valid: (f) => ({ id: f.profileId }) },
  'profiles.open': { fields: { id: { kind: 'profileId' } }, valid: (f) => ({ id: f.profileId }) },
  'lists.create': { fields: { name: { kind: 'text' } }, valid: () => ({ name: 'List' }) },
  'lists.rename': {
    fields: { id: { kind: 'id' }, name: { kind: 'text' } },
    valid: (f) => ({ id: f.listId, name: 'List' }),
  },
  'lists.delete': { fields: { id: { kind: 'id' } }, valid: (f) => ({ id: f.listId }) },
  'lists.move': {
    fields: { id: { kind: 'id' }, toIndex: { kind: 'index' } },
    valid: (f) => ({ id: f.listId, toIndex: 0 }),
  },
  'todos.list': {
    fields: {
      listId: { kind: 'nullableId' },
      filter: { kind: 'filter' },
      search: { kind: 'text' },
      today: { kind: 'date' },
      offset: { kind: 'index' },
      limit: { kind: 'limit' },
    },
    valid: (f) => ({ listId: f.listId, filter: 'all', search: '', today: '2026-11-26', offset: 0, limit: 50 }),
  },
  'todos.add': {
    fields: {
      listId: { kind: 'id' },
      title: { kind: 'text' },
      notes: { kind: 'text', optional: true },
      dueOn: { kind: 'date', optional: true },
    },
    valid: (f) => ({ listId: f.listId, title: 'Milk', notes: '', dueOn: null }),
  },
  'todos.update': {
    fields: {
      id: { kind: 'id' },
      title: { kind: 'text', optional: true },
      notes: { kind: 'text', optional: true },
      dueOn: { kind: 'date', optional: true },
    },
    valid: (f) => ({ id: f.todoId, title: 'Milk' }),
  },
  'todos.setDone': {
    fields: { id: { kind: 'id' }, done: { kind: 'bool' } },
    valid: (f) => ({ id: f.todoId, done: true }),
  },
  'todos.delete': { fields: { id: { kind: 'id' } }, valid: (f) => ({ id: f.todoId }) },
  'todos.move': {
    fields: { id: { kind: 'id' }, toIndex: { kind: 'index' }, listId: { kind: 'id', optional: true } },
    valid: (f) => ({ id: f.todoId, toIndex: 0 }),
  },
  'backups.restore': {
    fields: { name: { kind: 'text' } },
    valid: () => ({ name: 'manual-2026-11-26T10-00-00.000Z.sqlite' }),
  },
  'backups.setFolder': { fields: { folder: { kind: 'nullableText' } }, valid: () => ({ folder: null }) },
}

const notAnObject = fc.constantFrom<unknown>(null, 0, 1, 'x', '', true, [], [1], new Date(0), 10n)
const anything = fc.oneof(
  notAnObject,
  fc.constant({}),
  fc.constant(undefined),
  fc.string({ maxLength: 5 }),
  fc.integer(),
)

/** Values a field of this kind can never take. */
function wrong(kind: Kind): fc.Arbitrary<unknown> {
  const notNumber = fc.constantFrom<unknown>('1', '', true, null, [], {}, [1], 10n)
  const notString = fc.constantFrom<unknown>(1, 0, true, null, [], {}, ['x'], 10n)
  switch (kind) {
    case 'id':
    case 'nullableId': {
      const bad = fc.oneof(
        notNumber,
        fc.constantFrom(0, -1, 1.5, Number.NaN, Infinity, -Infinity, 2 ** 53 + 2),
        fc.integer({ max: 0 }),
        fc.double({ noInteger: true }),
      )
      return kind === 'id' ? bad : bad.filter((v) => v !== null)
    }
    case 'index':
      return fc.oneof(
        notNumber,
        fc.constantFrom(-1, 0.5, Number.NaN, Infinity),
        fc.integer({ max: -1 }),
        fc.double({ noInteger: true, min: -1e9, max: 1e9 }),
      )
    case 'limit':
      return fc.oneof(notNumber, fc.constantFrom(0, -1, 0.5, Number.NaN, Infinity), fc.integer({ max: 0 }))
    case 'text':
    case 'profileId':
      return notString
    case 'nullableText':
      return notString.filter((v) => v !== null)
    case 'bool':
      return fc.constantFrom<unknown>(0, 1, 'true', 'false', null, [], {}, 10n)
    case 'date':
      return fc.constantFrom<unknown>(20261126, true, [], {}, new Date(0), 10n)
    case 'filter':
      return fc.oneof(notString, fc.constantFrom('ALL', 'Open', 'todo', '', ' all', 'overdue ', 'deleted'))
  }
}

export interface InvalidCase {
  call: CallName
  input: unknown
  code: 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'PROFILE_NOT_FOUND'
  why: string
}

const CALLS_WITHOUT_INPUT: CallName[] = [
  'app.start',
  'app.state',
  'app.quit',
  'profiles.list',
  'lists.list',
  'backups.list',
  'backups.backupNow',
  'backups.exportToFile',
  'backups.restoreFromFile',
  'backups.importFile',
  'backups.folder',
  'backups.chooseFolder',
  'health.check',
  'health.repair',
  'health.figures',
  'health.showInFolder',
  'report.overview',
]

/** Every call's invalid inputs, for the fixture `f`. */
export function invalidCases(f: Fixture): fc.Arbitrary<InvalidCase> {
  const arbs: fc.Arbitrary<InvalidCase>[] = []
  for (const call of CALLS_WITHOUT_INPUT) {
    // A call without input takes nothing: any value at all is refused (undefined is the call itself).
    arbs.push(
      fc
        .oneof(notAnObject, fc.constant({}), fc.string({ maxLength: 3 }))
        .map((input) => ({ call, input, code: 'INVALID_ARGUMENT' as const, why: 'input where none is taken' })),
    )
  }
  for (const [call, shape] of Object.entries(SHAPES) as [CallName, NonNullable<(typeof SHAPES)[CallName]>][]) {
    const names = Object.keys(shape.fields)
    const required = names.filter((n) => !shape.fields[n]!.optional)
    const base = shape.valid(f)
    const bad = (input: unknown, why: string): InvalidCase => ({ call, input, code: 'INVALID_ARGUMENT', why })
    arbs.push(notAnObject.map((input) => bad(input, 'not an object')))
    arbs.push(
      fc
        .constantFrom(...required)
        .map((n) => bad(Object.fromEntries(Object.entries(base).filter(([k]) => k !== n)), `without ${n}`)),
    )
    arbs.push(
      fc
        .tuple(fc.constantFrom('extra', 'constructor', 'sql', 'path', 'Id', 'toString'), anything)
        .map(([k, v]) => bad({ ...base, [k]: v }, `an unknown field ${k}`)),
    )
    arbs.push(
      fc
        .constantFrom(...names)
        .chain((n) => wrong(shape.fields[n]!.kind).map((v) => bad({ ...base, [n]: v }, `${n} = ${String(v)}`))),
    )
  }
  // Well-formed references to things that are not there: the engine's own codes.
  const missingId = fc.integer({ min: 1_000, max: Number.MAX_SAFE_INTEGER })
  const missingProfile = fc.oneof(
    fc.uuid({ version: 4 }),
    fc.constantFrom('Nobody', 'x', '.', '..', '../profiles/x', 'a'.repeat(200)),
  )
  const nf = (call: CallName, input: unknown): InvalidCase => ({ call, input, code: 'NOT_FOUND', why: 'no such item' })
  const pnf = (call: CallName, input: unknown): InvalidCase => ({
    call,
    input,
    code: 'PROFILE_NOT_FOUND',
    why: 'no such profile',
  })
  arbs.push(missingProfile.map((id) => pnf('profiles.rename', { id, name: 'Renamed' })))
  arbs.push(missingProfile.map((id) => pnf('profiles.delete', { id })))
  arbs.push(missingProfile.map((id) => pnf('profiles.open', { id })))
  arbs.push(missingId.map((id) => nf('lists.rename', { id, name: 'List' })))
  arbs.push(missingId.map((id) => nf('lists.delete', { id })))
  arbs.push(missingId.map((id) => nf('lists.move', { id, toIndex: 0 })))
  arbs.push(missingId.map((listId) => nf('todos.add', { listId, title: 'Milk' })))
  arbs.push(missingId.map((id) => nf('todos.update', { id, title: 'Milk' })))
  arbs.push(missingId.map((id) => nf('todos.setDone', { id, done: true })))
  arbs.push(missingId.map((id) => nf('todos.delete', { id })))
  arbs.push(missingId.map((id) => nf('todos.move', { id, toIndex: 0 })))
  arbs.push(missingId.map((listId) => nf('todos.move', { id: f.todoId, toIndex: 0, listId })))
  arbs.push(
    fc
      .constantFrom('x', '../x.sqlite', 'manual-2026-11-26T10-00-00.000Z.sqlite', 'settings.json', '.')
      .map((name) => nf('backups.restore', { name })),
  )
  return fc.oneof(...arbs)
}
