import { describe, expect, it } from 'vitest'
import { OwnlistError, toErrorValue } from './errors'

const withCode = (code: string, message = 'x at /secret/path/file.sqlite') =>
  Object.assign(new Error(message), { code })

describe('toErrorValue', () => {
  it('keeps a coded error as it is', () => {
    expect(toErrorValue(new OwnlistError('NAME_TAKEN', 'Taken.'))).toEqual({ code: 'NAME_TAKEN', message: 'Taken.' })
  })

  it.each([
    ['SQLITE_CORRUPT', 'CORRUPT'],
    ['SQLITE_CORRUPT_VTAB', 'CORRUPT'],
    ['SQLITE_NOTADB', 'CORRUPT'],
    ['SQLITE_FULL', 'IO_ERROR'],
    ['ENOSPC', 'IO_ERROR'],
    ['EACCES', 'IO_ERROR'],
    ['SQLITE_CANTOPEN', 'IO_ERROR'],
    ['SQLITE_IOERR', 'IO_ERROR'],
    ['SQLITE_BUSY', 'PROFILE_IN_USE'],
    ['SQLITE_BUSY_SNAPSHOT', 'PROFILE_IN_USE'],
    ['SQLITE_LOCKED', 'PROFILE_IN_USE'],
    ['SQLITE_LOCKED_SHAREDCACHE', 'PROFILE_IN_USE'],
  ])('maps %s to %s, in words and without the path', (raw, code) => {
    const value = toErrorValue(withCode(raw))
    expect(value.code).toBe(code)
    expect(value.message).not.toContain('/secret')
  })

  it('says a busy or locked database is open in another program, not that the disk is broken', () => {
    for (const raw of ['SQLITE_BUSY', 'SQLITE_LOCKED']) {
      expect(toErrorValue(withCode(raw))).toEqual({
        code: 'PROFILE_IN_USE',
        message: expect.stringContaining('open in another program'),
      })
      expect(toErrorValue(withCode(raw)).message).not.toContain('SQLITE')
    }
  })

  it('turns anything else into INTERNAL without its message or stack', () => {
    expect(toErrorValue(new TypeError('x is undefined at /secret/path'))).toEqual({
      code: 'INTERNAL',
      message: 'Something went wrong inside Ownlist.',
    })
    expect(toErrorValue('a string')).toEqual({ code: 'INTERNAL', message: 'Something went wrong inside Ownlist.' })
    expect(toErrorValue(null)).toEqual({ code: 'INTERNAL', message: 'Something went wrong inside Ownlist.' })
  })
})
