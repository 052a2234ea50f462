// Generators of inputs that no call accepts, for the API's bad-input tests (test-only).
import type { z } from 'zod'

/** A small seeded PRNG (mulberry32): a failing case can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const HUGE = 'x'.repeat(1_100_000)

/** Values that can cross Electron's structured clone, of every kind and size. */
export const JUNK: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  2 ** 60,
  10n,
  '',
  ' ',
  'x',
  '../../etc/passwd',
  HUGE,
  '\u0000',
  [],
  [1, 'a', null],
  {},
  { a: { b: { c: [{ d: {} }] } } },
  JSON.parse('{"__proto__":{"polluted":true}}'),
  new Date(0),
  new Map([[1, 2]]),
  new Set([1]),
  new Uint8Array(8),
  /re/,
]

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!
}

function deepJunk(r: () => number, depth = 0): unknown {
  if (depth > 4 || r() < 0.3) return pick(r, JUNK)
  if (r() < 0.5) return Array.from({ length: Math.floor(r() * 4) }, () => deepJunk(r, depth + 1))
  return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, (_, i) => [`k${i}`, deepJunk(r, depth + 1)]))
}

/**
 * An input that `schema` must refuse: the valid example with one field given a wrong
 * value, a required field removed, an unknown field added, or junk in place of it all.
 * Every candidate is checked against the schema so the generator cannot drift into
 * producing valid inputs.
 */
export function badInput(r: () => number, schema: z.ZodType, valid: unknown): unknown {
  for (;;) {
    const candidate = mutate(r, valid)
    if (!schema.safeParse(candidate).success) return candidate
  }
}

function mutate(r: () => number, valid: unknown): unknown {
  if (valid === undefined || r() < 0.15) return deepJunk(r)
  const base = { ...(valid as Record<string, unknown>) }
  const keys = Object.keys(base)
  const roll = r()
  if (roll < 0.45 && keys.length) base[pick(r, keys)] = r() < 0.7 ? pick(r, JUNK) : deepJunk(r)
  else if (roll < 0.65 && keys.length) delete base[pick(r, keys)]
  else if (roll < 0.85) base[pick(r, ['extra', 'constructor', 'path', 'sql'])] = deepJunk(r)
  else return pick(r, JUNK)
  return base
}

// ---------------------------------------------------------------------------------------------
// Inputs every schema accepts, with random values: they pass validation and reach the engine,
// whose own rules (names, dates, ids that exist or not) must answer with their codes.

/** What the valid-shaped generator may draw ids and names from (refreshed by the caller). */
export interface FuzzContext {
  profileIds: string[]
  backupNames: string[]
  /** An upper bound for list and to-do ids worth trying. */
  maxId: number
}

const NAMES = [
  'Work',
  'work',
  'WORK ',
  '  Home  ',
  'Personal',
  'Ünïcödé',
  'Cafe\u0301',
  'Café',
  '日本語のプロフィール',
  'עברית',
  '👨‍👩‍👧‍👦 Family',
  'a'.repeat(80),
  'b'.repeat(81),
  '',
  '   ',
  '\t',
  'line\nbreak',
  'nul\u0000byte',
  '../../etc/passwd',
  'C:\\Windows\\system32',
  "'; DROP TABLE todos; --",
  '%s%s%n',
  '<script>alert(1)</script>',
  '\u202eevil',
  'Errands',
  'Inbox',
]

const TEXTS = [
  ...NAMES,
  'Buy milk',
  'x'.repeat(500),
  'y'.repeat(501),
  'z'.repeat(9_999),
  'notes\nwith\r\nlines',
  '\u0007bell',
  'emoji 🎉🎉🎉',
  'AND OR NOT NEAR',
  '"unbalanced',
  '*',
  'milk*',
  '(a OR b)',
  '-',
  'ΣΊΣΥΦΟΣ',
]

const DATES = ['2026-11-26', '2026-02-28', '2026-02-29', '2028-02-29', '2026-02-30', '2026-13-01', '0000-01-01', '9999-12-31', '', '26-11-2026', 'today', '2026-1-1', '2026-11-26T00:00:00Z', '\u0000']

function int(r: () => number, max: number): number {
  return 1 + Math.floor(r() * max)
}

/** A random string: from the pools, random code points, or a long one (within `max`). */
function text(r: () => number, max: number): string {
  const roll = r()
  let s: string
  if (roll < 0.55) s = pick(r, TEXTS)
  else if (roll < 0.85) s = Array.from({ length: Math.floor(r() * 40) }, () => String.fromCodePoint(r() < 0.7 ? 32 + Math.floor(r() * 95) : Math.floor(r() * 0x2ffff))).join('')
  else s = pick(r, ['a', 'é', '🎉', ' ', '\n']).repeat(Math.floor(r() * max))
  return s.slice(0, max)
}

function someId(r: () => number, ctx: FuzzContext): number {
  const roll = r()
  if (roll < 0.8) return int(r, Math.max(1, ctx.maxId))
  if (roll < 0.95) return int(r, 1_000_000)
  return Number.MAX_SAFE_INTEGER
}

function profileRef(r: () => number, ctx: FuzzContext): string {
  if (ctx.profileIds.length && r() < 0.75) return pick(r, ctx.profileIds)
  return pick(r, ['x', 'Work', '00000000-0000-4000-8000-000000000000', '../profiles/x', '.', 'registry', 'a'.repeat(200)])
}

const maybe = <T>(r: () => number, v: () => T): T | undefined => (r() < 0.5 ? v() : undefined)

/** A valid-shaped input for `name`: accepted by its schema, with random values. */
export function validInput(r: () => number, name: string, schema: z.ZodType, ctx: FuzzContext): unknown {
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = validCandidate(r, name, ctx)
    if (schema.safeParse(candidate).success) return candidate
  }
  throw new Error(`validInput: no valid input found for ${name}`)
}

function validCandidate(r: () => number, name: string, ctx: FuzzContext): unknown {
  const drop = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
  switch (name) {
    case 'profiles.create':
    case 'lists.create':
      return { name: text(r, 1000) }
    case 'profiles.rename':
      return { id: profileRef(r, ctx), name: text(r, 1000) }
    case 'profiles.delete':
    case 'profiles.open':
      return { id: profileRef(r, ctx) }
    case 'lists.rename':
      return { id: someId(r, { ...ctx, maxId: 8 }), name: text(r, 1000) }
    case 'lists.delete':
      return { id: someId(r, { ...ctx, maxId: 8 }) }
    case 'lists.move':
      return { id: someId(r, { ...ctx, maxId: 8 }), toIndex: Math.floor(r() * (r() < 0.9 ? 10 : 10_000_000)) }
    case 'todos.list':
      return {
        listId: r() < 0.4 ? null : someId(r, { ...ctx, maxId: 8 }),
        filter: pick(r, ['all', 'open', 'done', 'today', 'overdue'] as const),
        search: r() < 0.5 ? '' : text(r, 1000),
        today: pick(r, DATES),
        offset: Math.floor(r() * (r() < 0.9 ? 100 : 10_000_000)),
        limit: int(r, 1000),
      }
    case 'todos.add':
      return drop({
        listId: someId(r, { ...ctx, maxId: 8 }),
        title: text(r, 10_000),
        notes: maybe(r, () => text(r, 100_000)),
        dueOn: maybe(r, () => (r() < 0.3 ? null : pick(r, DATES))),
      })
    case 'todos.update':
      return drop({
        id: someId(r, ctx),
        title: maybe(r, () => text(r, 10_000)),
        notes: maybe(r, () => text(r, 100_000)),
        dueOn: maybe(r, () => (r() < 0.3 ? null : pick(r, DATES))),
      })
    case 'todos.setDone':
      return { id: someId(r, ctx), done: r() < 0.5 }
    case 'todos.delete':
      return { id: someId(r, ctx) }
    case 'todos.move':
      return drop({ id: someId(r, ctx), toIndex: Math.floor(r() * (r() < 0.9 ? 50 : 10_000_000)), listId: maybe(r, () => someId(r, { ...ctx, maxId: 8 })) })
    case 'backups.restore':
      return { name: ctx.backupNames.length && r() < 0.7 ? pick(r, ctx.backupNames) : pick(r, ['x', '../x.sqlite', 'auto-2026-11-26T10-00-00.000Z.sqlite', '.', 'a'.repeat(200)]) }
    default:
      // Every other call takes no input.
      return undefined
  }
}
