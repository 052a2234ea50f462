import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { Engine } from './engine'
import { DEFAULT_TEMPLATE_FILE } from './resources'
import { REPO_ROOT, TempDirs, withDb } from '../../test/support/helpers'

const temps = new TempDirs()
afterEach(() => temps.cleanup())

it('migrate --all over 1,000 profiles of schema versions 1, 2 and 3 reports each one', async () => {
  const dataDir = temps.make()
  fs.mkdirSync(path.join(dataDir, 'profiles'))
  const expected = new Map<string, [number, string]>()
  for (let i = 0; i < 1000; i++) {
    const v = (i % 3) + 1
    const id = crypto.randomUUID()
    const file = path.join(dataDir, 'profiles', `${id}.sqlite`)
    fs.copyFileSync(
      v === 3 ? DEFAULT_TEMPLATE_FILE : path.join(REPO_ROOT, 'migrations', 'fixtures', `v${v}.sqlite`),
      file,
    )
    withDb(file, (db) =>
      db
        .prepare(
          "INSERT INTO meta(key, value) VALUES ('name', ?), ('id', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        )
        .run(`P${i}`, id),
    )
    expected.set(id, [v, v === 3 ? 'current' : 'migrated'])
  }
  const e = new Engine({ dataDir })
  const started = Date.now()
  const results = await e.migrateAll()
  console.log(`migrate --all, 1,000 profiles: ${((Date.now() - started) / 1000).toFixed(1)} s`)
  expect(results).toHaveLength(1000)
  for (const r of results) {
    const [from, status] = expected.get(r.id!)!
    expect([r.from, r.to, r.status, r.error]).toEqual([from, 3, status, null])
  }
  expect((await e.migrateAll()).every((r) => r.status === 'current')).toBe(true)
}, 900_000)
