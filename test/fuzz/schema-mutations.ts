// Mutations of a valid input that its zod schema refuses (dispatch.test.ts: every refusal is
// INVALID_ARGUMENT). These judge the schemas by themselves; invalid-inputs.ts is written from the contract.
import type { z } from 'zod'

/** A small seeded PRNG (mulberry32): a failing case can be replayed from its seed. */
export { mulberry32 as rng } from '../support/rng'

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
