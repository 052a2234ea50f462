// The model-based test's steps: one per kind of API call. Each resolves its generated arguments
// against the model, asks the model what must happen (a value, or an exact error code), makes
// the call through dispatch, and then checks that engine and model agree on everything.
import path from 'node:path'
import fc from 'fast-check'
import type { CallName, Result } from '../../common/contract'
import {
  dueOn,
  nameArg,
  notes,
  pickFrom,
  ref,
  resolveName,
  title,
  toIndex,
  type NameArg,
  type Ref,
} from './arbitraries'
import {
  allTodos,
  cloneContent,
  freshToken,
  listOf,
  nextListId,
  nextTodoId,
  templateContent,
  uniqueProfileName,
  type MContent,
  type Model,
  type MProfile,
} from './model'
import { notesOk, sameName, storedDate, storedName, storedTitle } from './rules'
import { TODAY, type System } from './system'
import { findLitestream } from '../../main/engine/replication/binary'

/** What the model says a call must give: an exact error (and nothing changed), or a value it checks and applies. */
type Expect = { code: string } | { ok: (value: any) => void }

export interface StepDef<A> {
  call: CallName
  weight: number
  args: fc.Arbitrary<A>
  /** Prepares the call: its input (and the dialog's answer), from the model's state. */
  input(m: Model, a: A, sys: System): unknown
  expect(m: Model, input: any, a: A, sys: System): Expect
  /** Shown in a shrunk counterexample: the steps as they ran. */
  label?: string
}

const eq = (what: string, actual: unknown, expected: unknown) => {
  const a = JSON.stringify(actual)
  const e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: engine ${a?.slice(0, 1500)}\n    model ${e?.slice(0, 1500)}`)
}

const notOpen = (m: Model): Expect | null => (m.current ? null : { code: 'PROFILE_NOT_OPEN' })
/** An expect that needs an open profile: PROFILE_NOT_OPEN without one, else what `whenOpen` says of its content. */
const ifOpen =
  <I>(whenOpen: (m: Model, input: I, c: MContent) => Expect) =>
  (m: Model, input: I): Expect =>
    notOpen(m) ?? whenOpen(m, input, content(m))
/** An id picked from the open profile's `ids`; 1 when none is open (the call must fail first anyway). */
const refId = (m: Model, ids: (m: Model) => number[], a: Ref) => (m.current ? pickId(ids(m), a) : 1)
/** A call without arguments that needs an open profile: PROFILE_NOT_OPEN without one, else what `whenOpen` says. */
function openStep(
  call: CallName,
  weight: number,
  whenOpen: (m: Model) => Expect,
  input: () => unknown = () => undefined,
): StepDef<null> {
  return { call, weight, args: fc.constant(null), input, expect: (m) => notOpen(m) ?? whenOpen(m) }
}

/**
 * The file a dialog answers for an import or a restore: none (cancelled), one exported earlier,
 * or one of the bad files.
 */
function answerWithExport(m: Model, a: { r: Ref; bad: number }, sys: System): undefined {
  const bad = sys.badFiles[a.bad % sys.badFiles.length]!
  sys.dialogAnswer =
    a.r.pick % 7 === 0
      ? null
      : (pickFrom(
          m.exports.map((e) => e.file),
          a.r,
        ) ?? bad.file)
  return undefined
}

/** Restoring the open profile's backup named in the input: NOT_FOUND when it has none by that name. */
function restoreNamedBackup(m: Model, input: { name: string }, _a: unknown, sys: System): Expect {
  const no = notOpen(m)
  if (no) return no
  const b = cur(m).backups.find((x) => x.name === input.name)
  if (!b) return { code: 'NOT_FOUND' }
  return { ok: (v) => restoreInto(m, sys, b.content, v) }
}

const profileNames = (m: Model) => m.profiles.map((p) => p.name)
const cur = (m: Model) => m.current!
const content = (m: Model) => cur(m).content
const todoIds = (m: Model) => allTodos(content(m)).map((t) => t.id)
const listIds = (m: Model) => content(m).lists.map((l) => l.id)
const unknownId = (known: number[], a: Ref) =>
  a.pick % 3 === 0 ? 1_000_000 + (a.pick % 1000) : Math.max(0, ...known) + 1 + (a.pick % 3)
const pickId = (known: number[], a: Ref) => pickFrom(known, a) ?? unknownId(known, a)
const pickProfile = (m: Model, a: Ref) =>
  pickFrom(
    m.profiles.map((p) => p.id),
    a,
  ) ?? (a.pick % 2 ? '00000000-0000-4000-8000-000000000000' : 'Personal')
/** Every write moves the profile to a new state (the engine's change counter moves with it). */
const touch = (c: MContent) => {
  c.token = freshToken()
}

/** After leaving profile `left` (or none), exactly one new automatic backup when the model says it changed. */
function checkLeft(m: Model, sys: System, left: MProfile | null, before: Map<string, string[]>) {
  for (const p of m.profiles) {
    const now = sys.backupNames(p.id)
    const added = now.filter((n) => !(before.get(p.id) ?? []).includes(n))
    if (p === left) {
      if (added.length !== 1 || !added[0]!.startsWith('auto-'))
        throw new Error(`leaving ${p.name}: expected one automatic backup, got ${JSON.stringify(added)}`)
      p.backups.push({ name: added[0]!, kind: 'auto', content: cloneContent(p.content) })
    } else if (added.length) throw new Error(`leaving: unexpected backups of ${p.name}: ${JSON.stringify(added)}`)
  }
}

const backupsNow = (m: Model, sys: System) => new Map(m.profiles.map((p) => [p.id, sys.backupNames(p.id)]))

/** Opening `p` as the service does (leaving the current profile first). */
function openIn(m: Model, sys: System, p: MProfile, before: Map<string, string[]>) {
  const left = m.currentId === p.id ? null : m.leave()
  checkLeft(m, sys, left, before)
  if (m.currentId !== p.id) m.stampOpened(p)
  m.currentId = p.id
  m.lastProfileId = p.id
}

function restoreInto(m: Model, sys: System, from: MContent, value: any) {
  const p = cur(m)
  const undoName = value.undoName as string
  if (!/^pre-restore-.*\.sqlite$/.test(undoName)) throw new Error(`undoName ${undoName}`)
  p.backups.push({ name: undoName, kind: 'pre-restore', content: cloneContent(p.content) })
  // A restored profile is a new state of its own, whatever it was copied from.
  p.content = { ...cloneContent(from), token: freshToken() }
  m.currentId = null
  openIn(m, sys, p, backupsNow(m, sys))
  eq('restore: session', value.state.session?.profile.id, p.id)
}

const nameStep = (
  call: CallName,
  weight: number,
  refOf: 'profile' | 'list' | null,
): StepDef<{ n: NameArg; r: Ref }> => ({
  call,
  weight,
  args: fc.record({ n: nameArg, r: ref }),
  input: (m, a) => {
    const name = resolveName(
      a.n,
      call.startsWith('lists') && m.current ? content(m).lists.map((l) => l.name) : profileNames(m),
    )
    if (refOf === 'profile') return { id: pickProfile(m, a.r), name }
    if (refOf === 'list') return { id: refId(m, listIds, a.r), name }
    return { name }
  },
  expect: (m, input) => {
    const stored = storedName(input.name)
    if (call === 'profiles.create' || call === 'profiles.rename') {
      const target = call === 'profiles.rename' ? m.profile(input.id) : undefined
      if (call === 'profiles.rename' && !target) return { code: 'PROFILE_NOT_FOUND' }
      if (stored === null) return { code: 'INVALID_NAME' }
      if (m.profiles.some((p) => p !== target && sameName(p.name, stored))) return { code: 'NAME_TAKEN' }
      return {
        ok: (v) => {
          if (target) {
            // Renaming does not count as opening: "last opened" keeps its meaning (issue 15).
            target.name = stored
            eq('renamed', [v.id, v.name], [target.id, stored])
          } else {
            m.addProfile(v.id, stored, templateContent())
            eq('created', [v.name, v.todoCount, v.tooNew, v.lastOpenedAt], [stored, 0, false, null])
          }
        },
      }
    }
    const no = notOpen(m)
    if (no) return no
    if (stored === null) return { code: 'INVALID_NAME' }
    const c = content(m)
    if (call === 'lists.create') {
      // List names are unique in a profile ignoring case, like profile names.
      if (c.lists.some((l) => sameName(l.name, stored))) return { code: 'NAME_TAKEN' }
      return {
        ok: (v) => {
          c.lists.push({ id: nextListId(c), name: stored, todos: [] })
          touch(c)
          eq('list created', [v.id, v.name, v.openCount], [c.lists.at(-1)!.id, stored, 0])
        },
      }
    }
    const list = c.lists.find((l) => l.id === input.id)
    if (!list) return { code: 'NOT_FOUND' }
    if (c.lists.some((l) => l !== list && sameName(l.name, stored))) return { code: 'NAME_TAKEN' }
    return {
      ok: (v) => {
        list.name = stored
        touch(c)
        eq('list renamed', [v.id, v.name], [list.id, stored])
      },
    }
  },
})

const profileStep = (call: 'profiles.delete' | 'profiles.open', weight: number): StepDef<Ref> => ({
  call,
  weight,
  args: ref,
  input: (m, a) => ({ id: pickProfile(m, a) }),
  expect: (m, input, _a, sys) => {
    const p = m.profile(input.id)
    if (!p) return { code: 'PROFILE_NOT_FOUND' }
    const before = backupsNow(m, sys)
    if (call === 'profiles.delete') {
      return {
        ok: (v) => {
          eq('deleted', v.id, p.id)
          m.profiles = m.profiles.filter((x) => x !== p)
          // Deleting the open profile closes it without a backup: it goes to the trash whole.
          if (m.currentId === p.id) m.currentId = null
        },
      }
    }
    return {
      ok: (v) => {
        openIn(m, sys, p, before)
        eq('opened', [v.session?.profile.id, v.failure], [p.id, null])
      },
    }
  },
})

type TodoArgs = { list: Ref; title: string; notes: string | undefined; due: string | null | undefined | 'omit' }

export const STEPS: StepDef<any>[] = [
  {
    call: 'app.start',
    weight: 2,
    args: fc.constant(null),
    input: () => undefined,
    expect: (m, _i, _a, sys) => ({
      ok: (v) => {
        if (m.current) return eq('start: session', v.session?.profile.id, m.currentId)
        if (m.profiles.length === 0) {
          m.addProfile(v.session.profile.id, 'Personal', templateContent())
        }
        const last = m.profile(m.lastProfileId ?? '')
        const newest = Math.max(...m.profiles.map((p) => p.openedSeq))
        const p = last ?? m.profile(v.session?.profile.id)
        if (!p || (!last && p.openedSeq !== newest))
          throw new Error(`start opened ${v.session?.profile.id}, model expected the last or most recent profile`)
        openIn(m, sys, p, backupsNow(m, sys))
      },
    }),
  },
  {
    call: 'app.quit',
    weight: 1,
    args: fc.constant(null),
    input: () => undefined,
    expect: (m, _i, _a, sys) => {
      const before = backupsNow(m, sys)
      return { ok: () => checkLeft(m, sys, m.leave(), before) }
    },
  },
  {
    call: 'app.state',
    weight: 1.3,
    args: fc.constant(null),
    input: () => undefined,
    expect: (m) => ({
      ok: (v) =>
        eq(
          'state',
          [v.session?.profile.id ?? null, v.failure, v.session?.lists.map((l: any) => l.id) ?? null],
          [m.currentId, null, m.current ? listIds(m) : null],
        ),
    }),
  },
  {
    call: 'profiles.list',
    weight: 1.3,
    args: fc.constant(null),
    input: () => undefined,
    expect: () => ({ ok: () => {} }),
  },
  nameStep('profiles.create', 1.5, null),
  nameStep('profiles.rename', 2, 'profile'),
  profileStep('profiles.delete', 1.5),
  profileStep('profiles.open', 3),
  openStep('lists.list', 1.3, () => ({ ok: () => {} })),
  nameStep('lists.create', 4, null),
  nameStep('lists.rename', 3, 'list'),
  {
    call: 'lists.delete',
    weight: 2,
    args: ref,
    input: (m, a: Ref) => ({ id: refId(m, listIds, a) }),
    expect: ifOpen((m, input, c) => {
      if (!c.lists.some((l) => l.id === input.id)) return { code: 'NOT_FOUND' }
      if (c.lists.length === 1) return { code: 'INVALID_ARGUMENT' }
      return {
        ok: (v) => {
          eq('list deleted', v.id, input.id)
          const index = c.lists.findIndex((l) => l.id === input.id)
          const list = c.lists[index]!
          eq('deleted count', v.todoCount, list.todos.length)
          m.deletedLists.push({
            token: v.undoToken,
            profileId: cur(m).id,
            index,
            list: cloneContent({ token: 0, lists: [list] }).lists[0]!,
          })
          if (m.deletedLists.length > 20) m.deletedLists.shift()
          c.lists = c.lists.filter((l) => l.id !== input.id)
          touch(c)
        },
      }
    }),
  },
  {
    call: 'lists.bringBack',
    weight: 2,
    args: ref,
    input: (m, a: Ref) => ({
      undoToken: m.deletedLists.length
        ? (m.deletedLists[
            pickId(
              m.deletedLists.map((_, i) => i),
              a,
            )
          ]?.token ?? 'gone')
        : 'gone',
    }),
    expect: (m, input) => {
      const kept = m.deletedLists.find((d) => d.token === input.undoToken)
      if (!kept || kept.profileId !== m.currentId) return { code: 'NOT_FOUND' }
      const c = content(m)
      if (c.lists.some((l) => sameName(l.name, kept.list.name))) return { code: 'NAME_TAKEN' }
      return {
        ok: (v) => {
          m.deletedLists = m.deletedLists.filter((d) => d !== kept)
          // Ids are kept where still free; a taken one gets SQLite's next rowid.
          const list = { ...kept.list, todos: [] as typeof kept.list.todos }
          if (c.lists.some((l) => l.id === list.id)) list.id = nextListId(c)
          const taken = new Set(allTodos(c).map((t) => t.id))
          let max = Math.max(0, ...taken)
          for (const t of kept.list.todos) {
            const id = taken.has(t.id) ? max + 1 : t.id
            taken.add(id)
            max = Math.max(max, id)
            list.todos.push({ ...t, id })
          }
          c.lists.splice(Math.min(kept.index, c.lists.length), 0, list)
          touch(c)
          eq('brought back', [v.id, v.name], [list.id, list.name])
        },
      }
    },
  },
  {
    call: 'lists.move',
    weight: 3,
    args: fc.record({ r: ref, to: toIndex }),
    input: (m, a: { r: Ref; to: number }) => ({ id: refId(m, listIds, a.r), toIndex: a.to }),
    expect: ifOpen((m, input, c) => {
      const list = c.lists.find((l) => l.id === input.id)
      if (!list) return { code: 'NOT_FOUND' }
      return {
        ok: (v) => {
          const rest = c.lists.filter((l) => l !== list)
          rest.splice(Math.min(input.toIndex, rest.length), 0, list)
          c.lists = rest
          touch(c)
          eq(
            'lists after move',
            v.map((l: any) => l.id),
            listIds(m),
          )
        },
      }
    }),
  },
  {
    call: 'todos.list',
    weight: 3,
    args: fc.record({
      r: ref,
      filter: fc.constantFrom('all', 'open', 'done', 'today', 'overdue'),
      offset: fc.nat(6),
      limit: fc.integer({ min: 1, max: 8 }),
      noList: fc.boolean(),
    }),
    input: (m, a: any) => ({
      listId: a.noList || !m.current ? null : pickId(listIds(m), a.r),
      filter: a.filter,
      search: '',
      today: TODAY,
      offset: a.offset,
      limit: a.limit,
    }),
    expect: ifOpen((_m, input, c) => {
      const rows = [...c.lists]
        .sort((x, y) => x.id - y.id)
        .filter((l) => input.listId === null || l.id === input.listId)
        .flatMap((l) => l.todos.map((t) => ({ ...t, listId: l.id })))
      const match = {
        all: () => true,
        open: (t: any) => !t.done,
        done: (t: any) => t.done,
        today: (t: any) => t.dueOn === TODAY,
        overdue: (t: any) => !t.done && t.dueOn !== null && t.dueOn < TODAY,
      }[input.filter as 'all'] as (t: any) => boolean
      const hits = rows.filter(match)
      return {
        ok: (v) => {
          eq(
            'todos.list page',
            v.todos.map((t: any) => t.id),
            hits.slice(input.offset, input.offset + input.limit).map((t) => t.id),
          )
          eq('todos.list total', v.total, hits.length)
          eq('todos.list counts', v.counts, {
            total: rows.length,
            open: rows.filter((t) => !t.done).length,
            done: rows.filter((t) => t.done).length,
            overdue: rows.filter((t) => !t.done && t.dueOn !== null && t.dueOn < TODAY).length,
            today: rows.filter((t) => t.dueOn === TODAY).length,
          })
        },
      }
    }),
  },
  {
    call: 'todos.add',
    weight: 10,
    args: fc.record({
      list: ref,
      title,
      notes: fc.option(notes, { nil: undefined }),
      due: fc.oneof(dueOn, fc.constant('omit' as const)),
    }),
    input: (m, a: TodoArgs) => {
      const input: Record<string, unknown> = { listId: refId(m, listIds, a.list), title: a.title }
      if (a.notes !== undefined) input.notes = a.notes
      if (a.due !== 'omit') input.dueOn = a.due
      return input
    },
    expect: ifOpen((_m, input, c) => {
      const t = storedTitle(input.title)
      const due = storedDate(input.dueOn)
      if (t === null || (input.notes !== undefined && !notesOk(input.notes)) || due === undefined)
        return { code: 'INVALID_ARGUMENT' }
      const list = c.lists.find((l) => l.id === input.listId)
      if (!list) return { code: 'NOT_FOUND' }
      return {
        ok: (v) => {
          const todo = { id: nextTodoId(c), title: t, notes: input.notes ?? '', done: false, dueOn: due }
          list.todos.push(todo)
          touch(c)
          eq(
            'added',
            [v.id, v.listId, v.title, v.notes, v.done, v.dueOn, v.completedAt],
            [todo.id, list.id, t, todo.notes, false, due, null],
          )
        },
      }
    }),
  },
  {
    call: 'todos.update',
    weight: 6,
    args: fc.record({
      r: ref,
      title: fc.option(title, { nil: undefined }),
      notes: fc.option(notes, { nil: undefined }),
      due: fc.oneof(dueOn, fc.constant('omit' as const)),
    }),
    input: (m, a: any) => {
      const input: Record<string, unknown> = { id: refId(m, todoIds, a.r) }
      if (a.title !== undefined) input.title = a.title
      if (a.notes !== undefined) input.notes = a.notes
      if (a.due !== 'omit') input.dueOn = a.due
      return input
    },
    expect: ifOpen((_m, input, c) => {
      const todo = allTodos(c).find((t) => t.id === input.id)
      if (!todo) return { code: 'NOT_FOUND' }
      const t = input.title === undefined ? todo.title : storedTitle(input.title)
      const due = input.dueOn === undefined ? todo.dueOn : storedDate(input.dueOn)
      if (t === null || (input.notes !== undefined && !notesOk(input.notes)) || due === undefined)
        return { code: 'INVALID_ARGUMENT' }
      return {
        ok: (v) => {
          Object.assign(todo, { title: t, notes: input.notes ?? todo.notes, dueOn: due })
          touch(c)
          eq(
            'updated',
            [v.id, v.title, v.notes, v.dueOn, v.done],
            [todo.id, todo.title, todo.notes, todo.dueOn, todo.done],
          )
        },
      }
    }),
  },
  {
    call: 'todos.setDone',
    weight: 6,
    args: fc.record({ r: ref, done: fc.boolean() }),
    input: (m, a: any) => ({ id: refId(m, todoIds, a.r), done: a.done }),
    expect: ifOpen((_m, input, c) => {
      const todo = allTodos(c).find((t) => t.id === input.id)
      if (!todo) return { code: 'NOT_FOUND' }
      return {
        ok: (v) => {
          // Marking a to-do as what it already is changes nothing (DECISIONS.md).
          if (todo.done !== input.done) touch(c)
          todo.done = input.done
          eq('done', [v.id, v.done, v.completedAt === null], [todo.id, todo.done, !todo.done])
        },
      }
    }),
  },
  {
    call: 'todos.delete',
    weight: 3,
    args: ref,
    input: (m, a: Ref) => ({ id: refId(m, todoIds, a) }),
    expect: ifOpen((_m, input, c) => {
      const list = listOf(c, input.id)
      if (!list) return { code: 'NOT_FOUND' }
      return {
        ok: (v) => {
          eq('todo deleted', v.id, input.id)
          list.todos = list.todos.filter((t) => t.id !== input.id)
          touch(c)
        },
      }
    }),
  },
  {
    call: 'todos.move',
    weight: 5,
    args: fc.record({ r: ref, to: toIndex, list: fc.option(ref, { nil: undefined }) }),
    input: (m, a: any) => {
      const input: Record<string, unknown> = { id: refId(m, todoIds, a.r), toIndex: a.to }
      if (a.list) input.listId = refId(m, listIds, a.list)
      return input
    },
    expect: ifOpen((_m, input, c) => {
      const from = listOf(c, input.id)
      if (!from) return { code: 'NOT_FOUND' }
      const to = input.listId === undefined ? from : c.lists.find((l) => l.id === input.listId)
      if (!to) return { code: 'NOT_FOUND' }
      return {
        ok: (v) => {
          const todo = from.todos.find((t) => t.id === input.id)!
          from.todos = from.todos.filter((t) => t !== todo)
          const rest = to.todos.filter((t) => t !== todo)
          rest.splice(Math.min(input.toIndex, rest.length), 0, todo)
          to.todos = rest
          touch(c)
          eq('moved', [v.id, v.listId], [todo.id, to.id])
        },
      }
    }),
  },
  openStep('backups.list', 1.3, (m) => ({
    ok: (v) => {
      const mine = [...cur(m).backups].reverse()
      eq(
        'backups.list',
        v.map((b: any) => [b.name, b.kind, b.todoCount]),
        mine.map((b) => [b.name, b.kind, allTodos(b.content).length]),
      )
    },
  })),
  openStep('backups.backupNow', 2, (m) => ({
    ok: (v) => {
      if (v.kind !== 'manual' || !/^manual-.*\.sqlite$/.test(v.name))
        throw new Error(`backupNow gave ${JSON.stringify(v)}`)
      eq('backup to-do count', v.todoCount, allTodos(content(m)).length)
      cur(m).backups.push({ name: v.name, kind: 'manual', content: cloneContent(content(m)) })
    },
  })),
  {
    // A backup of the profile's own, by name, or a name that is not one of its backups.
    call: 'backups.restore',
    weight: 2,
    args: ref,
    input: (m, a: Ref) => ({
      name:
        pickFrom(m.current?.backups.map((b) => b.name) ?? [], a) ??
        (a.pick % 2 ? 'manual-2026-11-26T09-00-00.000Z.sqlite' : '../x.sqlite'),
    }),
    expect: restoreNamedBackup,
  },
  {
    // Undo: restoring the snapshot the newest restore kept.
    call: 'backups.restore',
    label: 'undo',
    weight: 1,
    args: fc.constant(null),
    input: (m) => ({
      name:
        m.current?.backups.filter((b) => b.kind === 'pre-restore').at(-1)?.name ??
        'pre-restore-2026-11-26T09-00-00.000Z.sqlite',
    }),
    expect: restoreNamedBackup,
  },
  {
    call: 'backups.exportToFile',
    weight: 1.5,
    args: fc.boolean(),
    input: (_m, cancel: boolean, sys) => {
      sys.dialogAnswer = cancel ? null : sys.newExportPath()
      return undefined
    },
    expect: (m, _i, _a, sys) =>
      notOpen(m) ?? {
        ok: (v) => {
          if (sys.dialogAnswer === null) return eq('export cancelled', v, null)
          eq('exported to', v.file, sys.dialogAnswer)
          m.exports.push({
            file: sys.dialogAnswer,
            name: cur(m).name,
            content: cloneContent(content(m)),
          })
        },
      },
  },
  {
    call: 'backups.importFile',
    weight: 1.5,
    args: fc.record({ r: ref, bad: fc.nat() }),
    input: answerWithExport,
    expect: (m, _i, _a, sys) => {
      if (sys.dialogAnswer === null) return { ok: (v) => eq('import cancelled', v, null) }
      const exp = m.exports.find((e) => e.file === sys.dialogAnswer)
      if (!exp) return { code: sys.badFiles.find((b) => b.file === sys.dialogAnswer)!.code }
      const name = uniqueProfileName(exp.name, (n) => m.profiles.some((p) => sameName(p.name, n)))
      return {
        ok: (v) => {
          eq('imported', [v.name, v.todoCount], [name, allTodos(exp.content).length])
          // "Last opened" lives outside profile files (issue 12): an imported copy was never opened.
          m.addProfile(v.id, name, { ...cloneContent(exp.content), token: freshToken() })
        },
      }
    },
  },
  {
    call: 'backups.restoreFromFile',
    weight: 1.5,
    args: fc.record({ r: ref, bad: fc.nat() }),
    input: answerWithExport,
    expect: (m, _i, _a, sys) => {
      const no = notOpen(m)
      if (no) return no
      if (sys.dialogAnswer === null) return { ok: (v) => eq('restore cancelled', v, null) }
      const exp = m.exports.find((e) => e.file === sys.dialogAnswer)
      if (!exp) {
        // A refused file changes nothing, but the profile was closed and is opened again.
        const p = cur(m)
        m.currentId = null
        m.stampOpened(p)
        m.currentId = p.id
        return { code: sys.badFiles.find((b) => b.file === sys.dialogAnswer)!.code }
      }
      return { ok: (v) => restoreInto(m, sys, exp.content, v) }
    },
  },
  openStep('health.check', 1.3, () => ({ ok: (v) => eq('check', [v.ok, v.problems], [true, []]) })),
  {
    call: 'health.repair',
    weight: 1.3,
    args: fc.constant(null),
    input: () => undefined,
    expect: (m, _i, _a, sys) => {
      const no = notOpen(m)
      if (no) return no
      const p = cur(m)
      return {
        ok: (v) => {
          if (!/^damaged-.*\.sqlite\.damaged$/.test(v.damagedName)) throw new Error(`damagedName ${v.damagedName}`)
          eq('repair recovered', v.recovered, {
            lists: p.content.lists.length,
            todos: allTodos(p.content).length,
            lost: 0,
          })
          touch(p.content)
          m.currentId = null
          openIn(m, sys, p, backupsNow(m, sys))
        },
      }
    },
  },
  openStep('health.figures', 1.3, (m) => ({
    ok: (v) =>
      eq(
        'health',
        [v.profileId, v.lastBackup?.kind ?? null, path.basename(v.location)],
        [m.currentId, cur(m).backups.at(-1)?.kind ?? null, 'profiles'],
      ),
  })),
  openStep('health.showInFolder', 1.3, () => ({ ok: (v) => eq('showInFolder', v, null) })),
  {
    call: 'reminders.snooze',
    weight: 1,
    args: fc.record({ p: ref, r: ref, late: fc.boolean() }),
    input: (m, a: { p: Ref; r: Ref; late: boolean }) => {
      const profileId = pickProfile(m, a.p)
      const p = m.profile(profileId)
      return {
        profileId,
        todoId: pickId(p ? allTodos(p.content).map((t) => t.id) : [], a.r),
        until: a.late ? '2999-01-01T09:00Z' : '2020-01-01T09:00Z',
      }
    },
    expect: (m, input) => {
      const p = m.profile(input.profileId)
      if (!p) return { code: 'PROFILE_NOT_FOUND' }
      const todo = allTodos(p.content).find((t) => t.id === input.todoId)
      if (!todo) return { code: 'NOT_FOUND' }
      return {
        ok: (v) => {
          // A profile not open in the window is opened for the write (which stamps it as opened).
          if (m.currentId !== p.id) m.stampOpened(p)
          todo.remindAt = new Date(input.until).toISOString()
          touch(p.content)
          eq('snoozed', [v.id, v.remindAt], [todo.id, todo.remindAt])
        },
      }
    },
  },
  {
    call: 'reminders.due',
    weight: 1,
    args: fc.boolean(),
    input: (_m, late: boolean) => (late ? { until: '2999-06-01T00:00Z' } : {}),
    expect: (m, input) => ({
      ok: (v) => {
        const until = input.until ? new Date(input.until).toISOString() : new Date().toISOString()
        const model = m.profiles
          .flatMap((p) =>
            allTodos(p.content)
              .filter((t) => !t.done && t.remindAt && t.remindAt <= until)
              .map((t) => ({ profileId: p.id, todoId: t.id, title: t.title, remindAt: t.remindAt })),
          )
          .sort(
            (a, b) =>
              a.remindAt!.localeCompare(b.remindAt!) || a.profileId.localeCompare(b.profileId) || a.todoId - b.todoId,
          )
        eq('reminders due', v, model)
      },
    }),
  },
  {
    call: 'reminders.locate',
    weight: 1,
    args: fc.record({ p: ref, r: ref, open: fc.boolean() }),
    input: (m, a: { p: Ref; r: Ref; open: boolean }) => {
      // Mostly the open profile (where the window asks), sometimes another.
      const profileId = a.open && m.currentId ? m.currentId : pickProfile(m, a.p)
      const p = m.profile(profileId)
      return { profileId, todoId: pickId(p ? allTodos(p.content).map((t) => t.id) : [], a.r) }
    },
    expect: (m, input) => {
      if (m.currentId !== input.profileId) return { code: 'NOT_FOUND' }
      const list = content(m).lists.find((l) => l.todos.some((t) => t.id === input.todoId))
      if (!list) return { code: 'NOT_FOUND' }
      const index = list.todos.findIndex((t) => t.id === input.todoId)
      return { ok: (v) => eq('located', v, { listId: list.id, index }) }
    },
  },
  openStep('replication.list', 1.5, () => ({ ok: (v) => eq('replicas', v.replicas, []) })),
  {
    // Addresses it cannot use: refused before anything is written (no replica is ever added here).
    call: 'replication.add',
    weight: 1.5,
    args: fc.constantFrom('ftp://host/x', 'not a url', 'http://example.com/r'),
    input: (_m, url: string) => ({ url }),
    expect: (m) => notOpen(m) ?? { code: 'INVALID_ARGUMENT' },
  },
  {
    call: 'replication.addFolder',
    weight: 1.5,
    args: fc.constant(null),
    input: (_m, _a, sys) => {
      sys.dialogAnswer = null
      return undefined
    },
    expect: (m) =>
      notOpen(m) ??
      (litestream() ? { ok: (v) => eq('addFolder cancelled', v, null) } : { code: 'REPLICATION_UNAVAILABLE' }),
  },
  openStep(
    'replication.remove',
    1.5,
    () => ({ code: 'NOT_FOUND' }),
    () => ({ url: 'file:///nowhere/replica' }),
  ),
  {
    call: 'replication.restore',
    weight: 1.5,
    args: fc.record({ asNew: fc.boolean(), at: fc.constantFrom(undefined, 'yesterday') }),
    input: (_m, a: { asNew: boolean; at: string | undefined }) => ({
      url: 'not a url',
      asNew: a.asNew,
      ...(a.at ? { at: a.at } : {}),
    }),
    expect: () => ({ code: 'INVALID_ARGUMENT' }),
  },
  // The backup folder: never set in the model (copies outside the data folder are not modelled),
  // so only reading it, turning it off, a cancelled dialog and refused folders.
  {
    call: 'backups.folder',
    weight: 1.5,
    args: fc.constant(null),
    input: () => undefined,
    expect: () => ({ ok: (v) => eq('backup folder', v, { folder: null, lastCopiedAt: null, error: null }) }),
  },
  {
    call: 'backups.setFolder',
    weight: 1.5,
    args: fc.constantFrom('off', 'relative', 'missing', 'data', 'file'),
    input: (_m, a: string, sys) => ({
      folder:
        a === 'off'
          ? null
          : a === 'relative'
            ? 'Backups'
            : a === 'missing'
              ? path.join(sys.dataDir, 'no such folder')
              : a === 'data'
                ? sys.dataDir
                : path.join(sys.dataDir, 'settings.json', 'x'),
    }),
    expect: (_m, _i, a: string) =>
      a === 'off'
        ? { ok: (v) => eq('backup folder off', v, { folder: null, lastCopiedAt: null, error: null }) }
        : { code: a === 'missing' || a === 'file' ? 'NOT_FOUND' : 'INVALID_ARGUMENT' },
  },
  {
    call: 'backups.chooseFolder',
    weight: 1.5,
    args: fc.constant(null),
    input: (_m, _a, sys) => {
      sys.dialogAnswer = null
      return undefined
    },
    expect: () => ({ ok: (v) => eq('chooseFolder cancelled', v, null) }),
  },
  {
    call: 'report.overview',
    weight: 1,
    args: fc.constant(null),
    input: () => undefined,
    expect: (m) => ({
      ok: (v) => {
        const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id)
        const engine = v.profiles.map((p: any) => ({
          id: p.id,
          name: p.name,
          total: p.total,
          open: p.open,
          done: p.done,
        }))
        const model = m.profiles.map((p) => {
          const ts = allTodos(p.content)
          return {
            id: p.id,
            name: p.name,
            total: ts.length,
            open: ts.filter((t) => !t.done).length,
            done: ts.filter((t) => t.done).length,
          }
        })
        eq('overview', engine.sort(byId), model.sort(byId))
        eq('overview skipped', v.skipped, [])
      },
    }),
  },
]

function litestream(): boolean {
  try {
    findLitestream()
    return true
  } catch {
    return false
  }
}

/** Calls that can change the set of profiles, their names, or a profile other than the open one. */
export const TOUCHES_PROFILES =
  /^(app\.|profiles\.|backups\.(importFile|restore|restoreFromFile|repair)|reminders\.snooze)/

/**
 * After every step: every profile passes integrity_check, its backups are the model's, and the open
 * profile's lists and to-dos agree with the model. With `listing` (after calls that can change
 * profiles, every tenth step, and at the end of a sequence) the whole listing agrees too: ids,
 * names, to-do counts and which one is open. Listing reads every profile file, the costliest check.
 */
export async function checkAgreement(m: Model, sys: System, listing: boolean): Promise<void> {
  if (listing) await checkListing(m, sys)
  for (const p of m.profiles) {
    const integrity = sys.integrity(p.id)
    if (integrity !== 'ok') throw new Error(`${p.name}: integrity_check: ${integrity}`)
    eq(`backups of ${p.name}`, sys.backupNames(p.id).sort(), p.backups.map((b) => b.name).sort())
  }
  if (!m.current) return
  const c = content(m)
  const lists = (await sys.call('lists.list', undefined)) as Result<any>
  if (!lists.ok) throw new Error(`lists.list: ${lists.error.code}`)
  eq(
    'lists',
    lists.value.map((l: any) => [l.id, l.name, l.openCount]),
    c.lists.map((l) => [l.id, l.name, l.todos.filter((t) => !t.done).length]),
  )
  const page = (await sys.call('todos.list', {
    listId: null,
    filter: 'all',
    search: '',
    today: TODAY,
    offset: 0,
    limit: 1000,
  })) as Result<any>
  if (!page.ok) throw new Error(`todos.list: ${page.error.code}`)
  eq(
    'todos',
    page.value.todos.map((t: any) => [t.id, t.listId, t.title, t.notes, t.done, t.dueOn]),
    [...c.lists]
      .sort((a, b) => a.id - b.id)
      .flatMap((l) => l.todos.map((t) => [t.id, l.id, t.title, t.notes, t.done, t.dueOn])),
  )
}

async function checkListing(m: Model, sys: System): Promise<void> {
  const view = (await sys.call('profiles.list', undefined)) as Result<any>
  if (!view.ok) throw new Error(`profiles.list: ${view.error.code}`)
  const sortId = (a: any, b: any) => a.id.localeCompare(b.id)
  eq(
    'profiles',
    view.value.profiles.map((p: any) => ({ id: p.id, name: p.name, todoCount: p.todoCount })).sort(sortId),
    m.profiles.map((p) => ({ id: p.id, name: p.name, todoCount: allTodos(p.content).length })).sort(sortId),
  )
  eq('current profile', view.value.currentId, m.currentId)
  eq('ignored files', view.value.ignored, [])
}
