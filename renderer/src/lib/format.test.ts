import { describe, expect, it } from 'vitest'
import {
  backupKindHint,
  backupKindLabel,
  countLabel,
  formatBytes,
  formatCount,
  formatDateTime,
  formatDay,
} from './format'

describe('formatBytes', () => {
  it('counts small sizes in bytes', () => {
    expect(formatBytes(0, 'en')).toBe('0 bytes')
    expect(formatBytes(1, 'en')).toBe('1 byte')
    expect(formatBytes(1023, 'en')).toBe('1023 bytes')
  })
  it('uses KB, MB, GB with one decimal below 10', () => {
    expect(formatBytes(1024, 'en')).toBe('1 KB')
    expect(formatBytes(1536, 'en')).toBe('1.5 KB')
    expect(formatBytes(48 * 1024 + 300, 'en')).toBe('48 KB')
    expect(formatBytes(5.25 * 1024 * 1024, 'en')).toBe('5.3 MB')
    expect(formatBytes(3 * 1024 ** 3, 'en')).toBe('3 GB')
  })
  it('never shows 1024 of a unit', () => {
    expect(formatBytes(1024 * 1024 - 1, 'en')).toBe('1 MB')
  })
  it('stays at TB for huge sizes and says so for nonsense', () => {
    expect(formatBytes(2048 * 1024 ** 4, 'en')).toBe('2,048 TB')
    expect(formatBytes(-1, 'en')).toBe('unknown size')
    expect(formatBytes(Number.NaN, 'en')).toBe('unknown size')
  })
})

describe('backup kinds', () => {
  it('are named in words', () => {
    expect(backupKindLabel('auto')).toBe('Automatic')
    expect(backupKindLabel('manual')).toBe('Manual')
    expect(backupKindLabel('pre-migration')).toBe('Before upgrade')
    expect(backupKindLabel('pre-restore')).toBe('Before restore')
  })
  it('each have a hint', () => {
    for (const kind of ['auto', 'manual', 'pre-migration', 'pre-restore'] as const)
      expect(backupKindHint(kind)).not.toBe('')
  })
})

describe('formatDateTime', () => {
  it('shows date and time, or the text itself when it is not a time', () => {
    expect(formatDateTime('2026-03-10T12:00:00Z', 'en')).toMatch(/Mar 10, 2026/)
    expect(formatDateTime('junk', 'en')).toBe('junk')
  })
})

describe('formatDay', () => {
  it('shows a calendar day without shifting it by the time zone', () => {
    expect(formatDay('2026-03-01', 'en')).toBe('Mar 1')
    expect(formatDay('2026-12-31', 'en')).toBe('Dec 31')
    expect(formatDay('2026-03-10', 'en', true)).toBe('Tue, Mar 10, 2026')
    expect(formatDay('nope', 'en')).toBe('nope')
  })
})

describe('countLabel', () => {
  it('picks singular or plural', () => {
    expect(countLabel(1, 'to-do', undefined, 'en')).toBe('1 to-do')
    expect(countLabel(0, 'to-do', undefined, 'en')).toBe('0 to-dos')
    expect(countLabel(1200, 'problem', undefined, 'en')).toBe('1,200 problems')
    expect(countLabel(2, 'day', 'days', 'en')).toBe('2 days')
  })
})

describe('formatCount', () => {
  it('groups digits the locale’s way', () => {
    expect(formatCount(10_000, 'en-US')).toBe('10,000')
    expect(formatCount(10_020, 'de-DE')).toBe('10.020')
    expect(formatCount(7, 'en-US')).toBe('7')
    expect(countLabel(10_000, 'to-do', 'to-dos', 'en-US')).toBe('10,000 to-dos')
  })
})
