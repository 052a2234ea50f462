/** A problem `health.check()` reported ("integrity: …"), split into the part it concerns and what is wrong. Pure. */
export interface Problem {
  /** What part of the database, in words. */
  area: string
  detail: string
}

const AREAS: [prefix: string, area: string][] = [
  ['integrity', 'Database structure'],
  ['foreign key', 'Links between rows'],
  ['full-text index', 'Search index'],
]

export function describeProblem(text: string): Problem {
  const colon = text.indexOf(':')
  if (colon > 0) {
    const prefix = text.slice(0, colon).trim().toLowerCase()
    const known = AREAS.find(([p]) => p === prefix)
    if (known) return { area: known[1], detail: capitalize(text.slice(colon + 1).trim()) || 'Reported without details' }
  }
  return { area: 'Other', detail: capitalize(text.trim()) || 'Reported without details' }
}

function capitalize(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s
}
