import path from 'node:path'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from './connection'
import { LastOpened } from './last-opened'
import { TempDirs } from '../../test/support/helpers'

const temps = new TempDirs()
afterEach(() => temps.cleanup())

/** What the store file holds, read without LastOpened (so nothing pending is written first). */
function onDisk(file: string): Record<string, string> {
  const db = openDatabase(file, { readonly: true, fileMustExist: true })
  try {
    return Object.fromEntries(db.prepare('SELECT id, at FROM opened').raw().all() as [string, string][])
  } finally {
    db.close()
  }
}

describe('last-opened times', () => {
  it('are answered at once by any reader in this process, and written on the next turn of the event loop', async () => {
    const file = path.join(temps.make(), 'state', 'last-opened.sqlite')
    const store = new LastOpened(file)
    store.stamp('a', '2026-01-01T00:00:00.000Z')
    store.stamp('a', '2026-01-02T00:00:00.000Z')
    store.stamp('b', '2026-01-03T00:00:00.000Z')
    // Another store of the same file (a second Engine on the folder) sees them before they are written.
    const other = new LastOpened(file)
    expect(other.get('a')).toBe('2026-01-02T00:00:00.000Z')
    expect(onDisk(file)).toEqual({ a: '2026-01-02T00:00:00.000Z', b: '2026-01-03T00:00:00.000Z' })

    store.stamp('c', '2026-01-04T00:00:00.000Z')
    await nextTurn()
    expect(onDisk(file)).toMatchObject({ c: '2026-01-04T00:00:00.000Z' })

    store.stamp('d', '2026-01-05T00:00:00.000Z')
    store.close()
    expect(onDisk(file)).toMatchObject({ d: '2026-01-05T00:00:00.000Z' })
    expect(other.all()).toEqual(
      new Map([
        ['a', '2026-01-02T00:00:00.000Z'],
        ['b', '2026-01-03T00:00:00.000Z'],
        ['c', '2026-01-04T00:00:00.000Z'],
        ['d', '2026-01-05T00:00:00.000Z'],
      ]),
    )
    other.close()
  })
})
