// The API contract's rules for names, titles, notes and dates, written from their meaning
// (README, contract.ts comments), not from the zod schemas or the engine's validators.

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** A profile or list name as stored: NFC, trimmed; null when the contract refuses it. */
export function storedName(raw: string): string | null {
  const name = raw.normalize('NFC').trim()
  if (name === '') return null
  // No control characters and no line or paragraph separators.
  if (/[\p{Cc}\u2028\u2029]/u.test(name)) return null
  // At most 80 characters as a person counts them (an emoji family is one).
  if ([...segmenter.segment(name)].length > 80) return null
  return name
}

/** Two profile names clash when they differ only in case (and Unicode normal form). */
export function sameName(a: string, b: string): boolean {
  return a.normalize('NFC').toLocaleLowerCase('und') === b.normalize('NFC').toLocaleLowerCase('und')
}

/** A to-do title as stored: one trimmed line of 1-500 characters without control characters. */
export function storedTitle(raw: string): string | null {
  const t = raw.trim()
  if (t === '' || t.length > 500) return null
  for (const ch of t) {
    const c = ch.codePointAt(0)!
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return null
  }
  return t
}

/** Notes: up to 20,000 characters; line breaks and tabs allowed, other control characters not. */
export function notesOk(raw: string): boolean {
  if (raw.length > 20_000) return false
  for (const ch of raw) {
    const c = ch.codePointAt(0)!
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return false
  }
  return true
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** A due date: a real calendar day written YYYY-MM-DD; null or '' means none. undefined = refused. */
export function storedDate(raw: string | null | undefined): string | null | undefined {
  if (raw === null || raw === undefined || raw === '') return null
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw)
  if (!m) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  const days = mo === 2 && leap ? 29 : DAYS[mo - 1]
  if (mo < 1 || mo > 12 || d < 1 || d > days!) return undefined
  // Year 0000 is not a date JavaScript writes back the same way; the contract says "a real date".
  if (y < 1) return undefined
  return raw
}
