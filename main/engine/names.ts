import { OwnlistError } from './errors'

export const NAME_MAX_LENGTH = 80

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
// Control characters and line/paragraph separators; joiners used by emoji stay allowed.
const FORBIDDEN = /[\p{Cc}\u2028\u2029]/u

/** Characters as a person counts them (an emoji family is one). */
export function visibleLength(s: string): number {
  let n = 0
  for (const _ of segmenter.segment(s)) n++
  return n
}

/**
 * Validates and normalizes a display name: trimmed, NFC, 1-80 characters, no control
 * characters. A name is only ever stored inside a database, never used in a path.
 */
export function normalizeName(input: unknown, what = 'A profile name'): string {
  if (typeof input !== 'string') throw new OwnlistError('INVALID_NAME', `${what} must be text.`)
  const name = input.normalize('NFC').trim()
  if (name.length === 0) throw new OwnlistError('INVALID_NAME', `${what} cannot be empty.`)
  if (FORBIDDEN.test(name))
    throw new OwnlistError('INVALID_NAME', `${what} cannot contain control characters or line breaks.`)
  if (visibleLength(name) > NAME_MAX_LENGTH) {
    throw new OwnlistError('INVALID_NAME', `${what} can be at most ${NAME_MAX_LENGTH} characters.`)
  }
  return name
}

/** The key under which two names count as the same ("Work" and "WORK"). */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('und')
}
