// A fleet migration of N profiles (new copies), raw or through the engine's migrateAll, for
// counting its system calls under strace (bench/syscalls/count.sh fleet).
import path from 'node:path'
import Database from 'better-sqlite3'
import fs from 'node:fs'
import { Engine } from '../../main/engine/engine'
import { NOW, tempRoot } from '../lib/data'
import { cloneProfiles, fleet } from '../lib/fleet'
import { EXTRA_MIGRATION, testMigrationsDir } from '../scenarios/fleet'

const [mode, countArg] = process.argv.slice(2)
const count = Number(countArg ?? 50)

async function main(): Promise<void> {
  const source = await fleet(count, 1000)
  const tmp = tempRoot('syscalls-fleet')
  try {
    const migrations = testMigrationsDir(tmp.root)
    const dataDir = path.join(tmp.root, 'data')
    const profiles = cloneProfiles(source, path.join(dataDir, 'profiles'))
    if (mode === 'raw') {
      fs.mkdirSync(path.join(tmp.root, 'snapshots'))
      for (const file of profiles) {
        const db = new Database(file, { fileMustExist: true })
        db.pragma('synchronous = NORMAL')
        await db.backup(path.join(tmp.root, 'snapshots', path.basename(file)))
        db.exec('BEGIN')
        db.exec(EXTRA_MIGRATION)
        db.pragma(`user_version = ${migrations.version}`)
        db.exec('COMMIT')
        db.close()
      }
    } else if (mode === 'engine') {
      const engine = new Engine({ dataDir, migrationsDir: migrations.dir, now: () => NOW })
      await engine.migrateAll()
      engine.close()
    } else if (mode !== 'none') throw new Error(`mode: raw, engine or none, not ${mode}`)
  } finally {
    tmp.done()
  }
}
void main()
