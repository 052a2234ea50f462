import { OwnlistError } from '../errors'

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const CONTROL_EXCEPT_NEWLINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

export const TITLE_MAX = 500
export const NOTES_MAX = 20_000

/** A real calendar date written YYYY-MM-DD, or null. */
export function checkDate(value: string | null | undefined, what = 'A due date'): string | null {
  if (value === null || value === undefined || value === '') return null
  const m = DATE.exec(value)
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null
  if (!m || !d || d.toISOString().slice(0, 10) !== value) {
    throw new OwnlistError('INVALID_ARGUMENT', `${what} must be a date written YYYY-MM-DD, such as 2026-12-31.`)
  }
  return value
}

export function checkTitle(value: string): string {
  const title = value.trim()
  if (title.length === 0) throw new OwnlistError('INVALID_ARGUMENT', 'A to-do needs a title.')
  if (/[\r\n]/.test(title) || CONTROL_EXCEPT_NEWLINES.test(title)) {
    throw new OwnlistError('INVALID_ARGUMENT', 'A title is one line of text without control characters.')
  }
  if (title.length > TITLE_MAX)
    throw new OwnlistError('INVALID_ARGUMENT', `A title can be at most ${TITLE_MAX} characters.`)
  return title
}

export function checkNotes(value: string): string {
  if (CONTROL_EXCEPT_NEWLINES.test(value))
    throw new OwnlistError('INVALID_ARGUMENT', 'Notes cannot contain control characters.')
  if (value.length > NOTES_MAX)
    throw new OwnlistError('INVALID_ARGUMENT', `Notes can be at most ${NOTES_MAX} characters.`)
  return value
}

/** Turns what a person types into a safe FTS5 query: every word a quoted prefix term. */
export function ftsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}_]+/gu)
  if (!words) return null
  return words.map((w) => `"${w}"*`).join(' ')
}
