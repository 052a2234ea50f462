// Inputs written from the API contract (contract.ts and its comments), not from the zod
// schemas: names, titles, notes and dates a person could type, including the ones the
// contract refuses, and references to things the model knows or does not.
import fc from 'fast-check'

const NAME_CHARS = [
  'a',
  'b',
  'Z',
  'é',
  'e\u0301',
  'ß',
  'İ',
  'Σ',
  'ς',
  'ﬁ',
  '日',
  '本',
  '👨‍👩‍👧‍👦',
  '🎉',
  '-',
  '_',
  '.',
  "'",
  '/',
  '\\',
  '%',
  '<',
  '>',
  ' ',
  '0',
  '7',
  '"',
  ';',
]

/** Names: mostly ones the contract takes (with stray spaces), some it refuses, some at the 80-character edge. */
export const rawName = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.array(fc.constantFrom(...NAME_CHARS), { minLength: 1, maxLength: 12 }).map((a) => a.join('')),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 78, max: 82 }), fc.constantFrom('x', 'é', '🎉', '👨‍👩‍👧‍👦'))
      .map(([n, c]) => c.repeat(n)),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      '   ',
      'a\nb',
      'tab\there',
      'nul\u0000',
      'line\u2028sep',
      'next\u0085line',
      '\u007f',
      '  Work  ',
      'Cafe\u0301',
    ),
  },
)

/** A name, or (resolved against the model) a spelling of a name already in use: "work" for "Work". */
export type NameArg = { fresh: string } | { clash: number; spelling: 'upper' | 'lower' | 'padded' | 'same' }
export const nameArg: fc.Arbitrary<NameArg> = fc.oneof(
  { weight: 4, arbitrary: rawName.map((fresh) => ({ fresh })) },
  {
    weight: 1,
    arbitrary: fc.record({ clash: fc.nat(), spelling: fc.constantFrom('upper', 'lower', 'padded', 'same') }),
  },
)

export function resolveName(arg: NameArg, existing: string[]): string {
  if ('fresh' in arg || existing.length === 0) return 'fresh' in arg ? arg.fresh : 'Work'
  const n = existing[arg.clash % existing.length]!
  return arg.spelling === 'upper'
    ? n.toUpperCase()
    : arg.spelling === 'lower'
      ? n.toLowerCase()
      : arg.spelling === 'padded'
        ? ` ${n} `
        : n
}

const TITLE_CHARS = [
  'a',
  'B',
  'milk',
  ' ',
  '\t',
  'é',
  '🎉',
  '日本',
  '"',
  '*',
  '(',
  ')',
  'AND',
  'OR',
  '-',
  "'",
  '%',
  '<b>',
]

export const title = fc.oneof(
  {
    weight: 14,
    arbitrary: fc.array(fc.constantFrom(...TITLE_CHARS), { minLength: 1, maxLength: 10 }).map((a) => a.join('')),
  },
  { weight: 1, arbitrary: fc.integer({ min: 498, max: 502 }).map((n) => 't'.repeat(n)) },
  { weight: 2, arbitrary: fc.constantFrom('', '   ', 'two\nlines', 'cr\rhere', 'bell\u0007', 'del\u007f', ' padded ') },
)

export const notes = fc.oneof(
  {
    weight: 10,
    arbitrary: fc
      .array(fc.constantFrom('note', ' ', '\n', '\r\n', '\t', 'é', '🎉', '"'), { maxLength: 8 })
      .map((a) => a.join('')),
  },
  { weight: 1, arbitrary: fc.integer({ min: 19_999, max: 20_001 }).map((n) => 'n'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom('nul\u0000', 'esc\u001b[31m', 'del\u007f') },
)

const pad = (n: number, w: number) => String(n).padStart(w, '0')
/** Due dates: real days (leap days included), nothing, or text that is not a real day. */
export const dueOn = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
      .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom('2026-11-26', '2026-11-25', '2026-11-27', '2028-02-29', '2000-02-29', '2026-12-31'),
  },
  { weight: 2, arbitrary: fc.constantFrom(null, '') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '2026-02-29',
      '1900-02-29',
      '2026-02-30',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '26-11-2026',
      '2026-1-1',
      'today',
      '2026-11-26T00:00:00Z',
      ' 2026-11-26',
    ),
  },
)

/** Something the model has (picked by index), or something it does not. */
export interface Ref {
  pick: number
  unknown: boolean
}
export const ref: fc.Arbitrary<Ref> = fc.record({
  pick: fc.nat(),
  unknown: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
})

export const toIndex = fc.oneof(
  { weight: 9, arbitrary: fc.nat(12) },
  { weight: 1, arbitrary: fc.constantFrom(10_000_000, 0) },
)

export function pickFrom<T>(xs: readonly T[], r: Ref): T | undefined {
  return r.unknown || xs.length === 0 ? undefined : xs[r.pick % xs.length]
}
