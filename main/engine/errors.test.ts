import { describe, expect, it } from 'vitest'
import { OwnlistError, toErrorValue } from './errors'

const withCode = (code: string, message = 'x at /secret/path/file.sqlite') => Object.assign(new Error(message), { code })

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
    ['SQLITE_BUSY', 'IO_ERROR'],
  ])('maps %s to %s, in words and without the path', (raw, code) => {
    const value = toErrorValue(withCode(raw))
    expect(value.code).toBe(code)
    expect(value.message).not.toContain('/secret')
  })

  it('turns anything else into INTERNAL without its message or stack', () => {
    expect(toErrorValue(new TypeError('x is undefined at /secret/path'))).toEqual({ code: 'INTERNAL', message: 'Something went wrong inside Ownlist.' })
    expect(toErrorValue('a string')).toEqual({ code: 'INTERNAL', message: 'Something went wrong inside Ownlist.' })
    expect(toErrorValue(null)).toEqual({ code: 'INTERNAL', message: 'Something went wrong inside Ownlist.' })
  })
})
