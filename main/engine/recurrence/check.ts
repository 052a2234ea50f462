import { OwnlistError } from '../errors'
import { localDate } from '../local-date'
import { parseRepeat, type RepeatFrom } from './rule'

/**
 * A to-do's repeat fields as stored: the RRULE and where it counts from, both null when it does
 * not repeat. The series starts at the due date, else today (DECISIONS.md).
 */
export function checkRepeat(
  repeat: string | null | undefined,
  from: RepeatFrom | null | undefined,
  dueOn: string | null,
  now: Date,
): { rule: string | null; from: RepeatFrom | null } {
  if (from != null && from !== 'due' && from !== 'done')
    throw new OwnlistError('INVALID_ARGUMENT', 'A repeat counts from "due" or "done".')
  if (repeat === null || repeat === undefined || repeat.trim() === '') return { rule: null, from: null }
  const counted = from ?? 'due'
  return { rule: parseRepeat(repeat, dueOn ?? localDate(now), counted), from: counted }
}
