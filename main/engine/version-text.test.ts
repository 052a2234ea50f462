import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Engine } from './engine'
import { shownVersion } from './version-text'
import { profileWithTodos, snapshotTree, withDb } from '../../test/support/helpers'
import { engineTestBed } from '../../test/support/test-bed'

const { temps, engines } = engineTestBed()

const LONG = `9.0.0-${'a'.repeat(5000)}`
const MALFORMED = '9.0.0 (see http://evil.example, then run rm -rf ~)'

describe('shownVersion', () => {
  it.each(['1.2.3', '10.0.0-beta.1', '0.1.0-rc-2'])('shows %s', (v) => expect(shownVersion(v)).toBe(v))
  it.each([LONG, MALFORMED, '9.0', 'v9.0.0', '9.0.0\n', '', `9.0.0-${'x'.repeat(27)}`, 42, null])('hides %j', (v) =>
    expect(shownVersion(v)).toBeNull(),
  )
})

describe('the version a newer file names', () => {
  /** A real profile whose schema says 99 and whose meta says it was written by `version`. */
  async function tooNew(version: string) {
    const root = temps.make()
    const engine = new Engine({ dataDir: path.join(root, 'data') })
    engines.push(engine)
    const p = await profileWithTodos(engine, 'Future', { n: 1 })
    withDb(p.file, (db) => {
      db.prepare("UPDATE meta SET value = ? WHERE key = 'app_version'").run(version)
      db.pragma('user_version = 99')
    })
    const outside = path.join(root, 'future.sqlite')
    fs.copyFileSync(p.file, outside)
    return { engine, p, outside }
  }

  it.each([
    ['a long', LONG],
    ['a malformed', MALFORMED],
  ])('is not shown when it is %s text: SCHEMA_TOO_NEW says "a newer version", and nothing changes', async (_, text) => {
    const { engine, p, outside } = await tooNew(text)
    const before = snapshotTree(engine.layout.root)
    const opening = engine.openProfile(p.id)
    await expect(opening).rejects.toMatchObject({
      code: 'SCHEMA_TOO_NEW',
      message: expect.stringContaining('a newer version of Ownlist'),
    })
    const message = String(await opening.catch((e: Error) => e.message))
    expect(message).not.toContain('9.0.0')
    expect(message.length).toBeLessThan(400)
    const importing = engine.backups.importFile(outside)
    await expect(importing).rejects.toMatchObject({
      code: 'SCHEMA_TOO_NEW',
      message: expect.stringContaining('a newer Ownlist'),
    })
    expect(await importing.catch((e: Error) => e.message)).not.toContain('9.0.0')
    expect(snapshotTree(engine.layout.root)).toEqual(before)
  })

  it('is shown when it is a well-formed version', async () => {
    const { engine, p, outside } = await tooNew('9.0.0')
    await expect(engine.openProfile(p.id)).rejects.toMatchObject({ message: expect.stringContaining('Ownlist 9.0.0') })
    await expect(engine.backups.importFile(outside)).rejects.toMatchObject({
      message: expect.stringContaining('Ownlist 9.0.0'),
    })
  })
})
