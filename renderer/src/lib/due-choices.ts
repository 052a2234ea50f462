/** The quick due dates offered next to a to-do: Today, Tomorrow, Next week (Monday). Pure. */
import { localDate } from './dates'

export interface DueChoice {
  key: 'today' | 'tomorrow' | 'next-week'
  label: string
  dueOn: string
}

export function dueChoices(now: Date = new Date()): DueChoice[] {
  const at = (days: number) => localDate(new Date(now.getFullYear(), now.getMonth(), now.getDate() + days))
  // Next week: the Monday after this one (as "next week" typed in a title reads).
  const toMonday = (8 - now.getDay()) % 7 || 7
  return [
    { key: 'today', label: 'Today', dueOn: at(0) },
    { key: 'tomorrow', label: 'Tomorrow', dueOn: at(1) },
    { key: 'next-week', label: 'Next week', dueOn: at(toMonday) },
  ]
}
