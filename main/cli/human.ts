/** Plain-text output for people; scripts use --json. */
export function toHuman(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => toHuman(v)).join('\n')
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
    const [only] = entries
    if (entries.length === 1 && only && Array.isArray(only[1])) {
      const [key, rows] = only as [string, unknown[]]
      return rows.length === 0 ? `(no ${key})` : table(rows as Record<string, unknown>[])
    }
    return entries
      .map(([k, v]) =>
        Array.isArray(v)
          ? v.length
            ? `${k}:\n${indent(table(v as Record<string, unknown>[]))}`
            : `${k}: none`
          : `${k}: ${cell(v)}`,
      )
      .join('\n')
  }
  return String(value)
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '-'
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

function table(rows: Record<string, unknown>[]): string {
  const cols = Object.keys(rows[0] ?? {})
  const cells = rows.map((r) => cols.map((c) => cell(r[c]).replace(/\s+/g, ' ')))
  const widths = cols.map((c, i) => Math.min(40, Math.max(c.length, ...cells.map((r) => r[i]!.length))))
  const line = (vals: string[]) =>
    vals
      .map((v, i) => (v.length > widths[i]! ? `${v.slice(0, widths[i]! - 1)}…` : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  return [line(cols), ...cells.map(line)].join('\n')
}

function indent(s: string): string {
  return s.replace(/^/gm, '  ')
}
