/** A release number as Ownlist writes it: 1.2.3, or 1.2.3-beta.1. */
const WELL_FORMED = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/
const MAX_LENGTH = 32

/**
 * A version text read from a file, fit to show to a person, or null. The file may come from
 * anywhere: a text that is not a well-formed version, or is longer than any release number,
 * is never put into a message.
 */
export function shownVersion(text: unknown): string | null {
  return typeof text === 'string' && text.length <= MAX_LENGTH && WELL_FORMED.test(text) ? text : null
}
