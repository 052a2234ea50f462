import path from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { Engine } from '../engine'
import { setDoneRepeating } from '../queries/recurrence'
import { addTodo } from '../queries/todos'
import { DEFAULT_TEMPLATE_FILE } from '../resources'
import { TempDirs, withDb } from '../../../test/support/helpers'
import { rebuildInto } from './repair'

const temps = new TempDirs()
afterEach(() => temps.cleanup())

it('a rebuilt profile keeps its to-dos’ repeat rules and reminders', async () => {
  const engine = new Engine({ dataDir: temps.make() })
  const p = engine.createProfile('R')
  await engine.writeProfile(p.id, (db) => {
    const t = addTodo(db, {
      listId: 1,
      title: 'Rent',
      dueOn: '2999-01-31',
      repeat: 'monthly',
      repeatFrom: 'done',
      remindAt: '2999-01-31T09:00Z',
      now: new Date(),
    })
    setDoneRepeating(db, { id: t.id, done: true, now: new Date() })
  })
  engine.close()
  const target = path.join(temps.make(), 'rebuilt.sqlite')
  rebuildInto(p.file, DEFAULT_TEMPLATE_FILE, target, { id: p.id, name: 'R' })
  const cols = 'id, done, repeat_rule, repeat_from, remind_at'
  const read = (f: string) => withDb(f, (db) => db.prepare(`SELECT ${cols} FROM todos ORDER BY id`).all())
  expect(read(target)).toEqual(read(p.file))
  expect(read(target)).toHaveLength(2)
  expect(withDb(target, (db) => db.pragma('foreign_key_check'))).toEqual([])
})
