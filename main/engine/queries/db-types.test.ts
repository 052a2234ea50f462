// ReadableDb and WritableDb: the compiler keeps a read path's connection away from write queries.
// The `@ts-expect-error` lines are the test: `npx tsc -p tsconfig.node.json` fails if one compiles.
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest'
import { openForReading, type Db, type ReadableDb, type WritableDb } from '../connection'
import { Engine } from '../engine'
import type { ProfileEntry } from '../listing'
import { sha256File, TempDirs } from '../../../test/support/helpers'
import { createList, listLists } from './lists'
import { addTodo, getTodo, listTodos, setDone } from './todos'

const temps = new TempDirs()
const NOW = new Date('2026-03-10T08:00:00.000Z')
let engine: Engine
let entry: ProfileEntry

beforeEach(() => {
  engine = new Engine({ dataDir: temps.make() })
  entry = engine.createProfile('Types')
})
afterEach(() => {
  engine.close()
  temps.cleanup()
})

describe('ReadableDb and WritableDb', () => {
  it('a writable connection can read; a readable one cannot write; a raw one is neither', () => {
    expectTypeOf<WritableDb>().toExtend<ReadableDb>()
    expectTypeOf<ReadableDb>().not.toExtend<WritableDb>()
    expectTypeOf<Db>().not.toExtend<ReadableDb>()
    expectTypeOf(listTodos).parameter(0).toEqualTypeOf<ReadableDb>()
    expectTypeOf(getTodo).parameter(0).toEqualTypeOf<ReadableDb>()
    expectTypeOf(addTodo).parameter(0).toEqualTypeOf<WritableDb>()
    expectTypeOf(setDone).parameter(0).toEqualTypeOf<WritableDb>()
    expectTypeOf(createList).parameter(0).toEqualTypeOf<WritableDb>()
  })

  it('a reading connection passed to a write query anyway is refused by SQLite; the file is unchanged', () => {
    const before = sha256File(entry.file)
    const db = openForReading(entry.file)
    try {
      const listId = listLists(db)[0]!.id
      // @ts-expect-error a ReadableDb is not a WritableDb
      expect(() => addTodo(db, { listId, title: 'Never written', now: NOW })).toThrow(
        expect.objectContaining({ code: 'SQLITE_READONLY' }),
      )
    } finally {
      db.close()
    }
    expect(sha256File(entry.file)).toBe(before)
  })

  it("the engine's read wrapper hands out a ReadableDb, and its write wrapper a WritableDb", async () => {
    const before = sha256File(entry.file)
    await expect(
      engine.readProfile(entry.id, (db) => {
        // @ts-expect-error a read path cannot hand its connection to a write query
        return createList(db, { name: 'Never made', now: NOW })
      }),
    ).rejects.toMatchObject({ code: 'SQLITE_READONLY' })
    expect(sha256File(entry.file)).toBe(before)

    const made = await engine.writeProfile(entry.id, (db) => createList(db, { name: 'Made', now: NOW }))
    expect(await engine.readProfile(entry.id, (db) => listLists(db).map((l) => l.name))).toEqual(['Inbox', made.name])
  })
})
