/**
 * A default file name for a save dialog, made from user text (a profile's name). The dialog
 * lets the person change it; this only makes sure the suggestion names one plain file in the
 * folder the dialog shows, on every OS. Pure, unit-tested.
 */
/** Characters, before the extension: far below every file system's 255-byte limit. */
export const FILE_NAME_MAX = 120
export const FALLBACK_FILE_NAME = 'Ownlist profile'

// Windows' reserved device names, with or without an extension ("nul.txt" is the device too).
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i
// Path separators, characters Windows refuses, control characters and bidi overrides.
const UNSAFE = /[\\/<>:"|?*\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu

export function safeFileName(raw: string, fallback = FALLBACK_FILE_NAME): string {
  let name = raw
    .normalize('NFC')
    .replace(UNSAFE, '_')
    .replace(/\.{2,}/g, '_')
  // Leading dots hide a file; trailing dots and spaces are dropped by Windows.
  name = name.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '')
  name = capLength(name)
  const stem = (name.split('.')[0] ?? '').trimEnd()
  if (RESERVED.test(stem)) name = `_${name}`
  return name === '' || /^[_\s]*$/.test(name) ? fallback : name
}

/** At most FILE_NAME_MAX characters, cut between whole code points. */
function capLength(name: string): string {
  const chars = [...name]
  return chars.length <= FILE_NAME_MAX
    ? name
    : chars
        .slice(0, FILE_NAME_MAX)
        .join('')
        .replace(/[\s.]+$/, '')
}

/** `stem.ext` with the stem made safe: "a/b 2026-11-30.sqlite" → "a_b 2026-11-30.sqlite". */
export function safeFileNameWithExtension(raw: string, extension: string, fallback = FALLBACK_FILE_NAME): string {
  const stem = raw.toLowerCase().endsWith(extension.toLowerCase()) ? raw.slice(0, raw.length - extension.length) : raw
  return safeFileName(stem, fallback) + extension
}
