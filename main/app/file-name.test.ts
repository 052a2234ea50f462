import { describe, expect, it } from 'vitest'
import { FALLBACK_FILE_NAME, FILE_NAME_MAX, safeFileName, safeFileNameWithExtension } from './file-name'

describe('safeFileName: a save dialog’s default name from a profile name', () => {
  it.each([
    ['Work', 'Work'],
    ['Courses & Einkäufe 🛒', 'Courses & Einkäufe 🛒'],
    ['a/b', 'a_b'],
    ['a\\b', 'a_b'],
    ['../../etc/passwd', '____etc_passwd'],
    ['..', FALLBACK_FILE_NAME],
    ['.', FALLBACK_FILE_NAME],
    ['...hidden', '_hidden'],
    ['.bashrc', 'bashrc'],
    ['a..b', 'a_b'],
    ['CON', '_CON'],
    ['con', '_con'],
    ['nul.txt', '_nul.txt'],
    ['COM1', '_COM1'],
    ['lpt9', '_lpt9'],
    ['AUX .txt', '_AUX .txt'],
    ['CONSOLE', 'CONSOLE'],
    ['COM10', 'COM10'],
    ['\u0000x', '_x'],
    ['a\nb\tc\u007f', 'a_b_c_'],
    ['evil\u202egnp.exe', 'evil_gnp.exe'],
    ['name. . .', 'name'],
    ['name   ', 'name'],
    ['  name', 'name'],
    ['a:b*c?d"e<f>g|h', 'a_b_c_d_e_f_g_h'],
    ['', FALLBACK_FILE_NAME],
    ['   ', FALLBACK_FILE_NAME],
    ['///', FALLBACK_FILE_NAME],
    ['C:\\Windows', 'C__Windows'],
  ])('%j → %j', (raw, expected) => {
    expect(safeFileName(raw)).toBe(expected)
  })

  it('caps the length at whole characters (no half emoji)', () => {
    const long = safeFileName('🛒'.repeat(500))
    expect([...long].length).toBe(FILE_NAME_MAX)
    expect(long).toBe('🛒'.repeat(FILE_NAME_MAX))
    expect(safeFileName('a'.repeat(1000)).length).toBe(FILE_NAME_MAX)
  })

  it('never returns a path, a reserved name or an empty name, whatever the input', () => {
    const samples = [
      '..',
      '/',
      '\\',
      'CON',
      'con.sqlite',
      'a/../b',
      '\u0000',
      ' . ',
      '..\\..\\x',
      'PRN.',
      'Nul ',
      'com¹',
    ]
    for (const raw of samples) {
      const name = safeFileName(raw)
      expect(name, raw).not.toMatch(/[\\/\0]|\.\./)
      expect(name.length, raw).toBeGreaterThan(0)
      expect(/^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i.test(name), raw).toBe(false)
      expect(name, raw).not.toMatch(/[ .]$/)
    }
  })
})

describe('safeFileNameWithExtension', () => {
  it('makes the stem safe and keeps the extension', () => {
    expect(safeFileNameWithExtension('a/b 2026-11-30.sqlite', '.sqlite')).toBe('a_b 2026-11-30.sqlite')
    expect(safeFileNameWithExtension('CON.sqlite', '.sqlite')).toBe('_CON.sqlite')
    expect(safeFileNameWithExtension('...sqlite', '.sqlite')).toBe(`${FALLBACK_FILE_NAME}.sqlite`)
    expect(safeFileNameWithExtension('Work', '.sqlite')).toBe('Work.sqlite')
    expect(safeFileNameWithExtension(`${'x'.repeat(300)}.sqlite`, '.sqlite')).toBe(
      `${'x'.repeat(FILE_NAME_MAX)}.sqlite`,
    )
  })
})
