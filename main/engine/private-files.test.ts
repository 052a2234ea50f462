// Everything Ownlist creates in the data folder is private to the user (folders 0700, files
// 0600), and so is a backup written to a path the user chose, under a permissive umask.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SettingsStore } from '../api/settings'
import { Engine } from './engine'
import { addTodo } from './queries/todos'
import { listLists } from './queries/lists'
import { TempDirs } from '../../test/support/helpers'

const temps = new TempDirs()
let previousUmask: number
beforeEach(() => {
  // The usual umask: without our own modes, new files would be 0644 and folders 0755.
  previousUmask = process.umask(0o022)
})
afterEach(() => {
  process.umask(previousUmask)
  temps.cleanup()
})

/** Every folder and file under `root` (links are not followed), with its permission bits. */
function modes(root: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (dir: string) => {
    out[path.relative(root, dir) || '.'] = (fs.lstatSync(dir).mode & 0o777).toString(8)
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name)
      const st = fs.lstatSync(p)
      if (st.isDirectory()) walk(p)
      else out[path.relative(root, p)] = (st.mode & 0o777).toString(8)
    }
  }
  walk(root)
  return out
}

function expectPrivate(root: string): Record<string, string> {
  const found = modes(root)
  const loose = Object.entries(found).filter(
    ([rel, mode]) => mode !== (fs.lstatSync(path.join(root, rel)).isDirectory() ? '700' : '600'),
  )
  expect(loose, JSON.stringify(found, null, 1)).toEqual([])
  return found
}

// Windows has no POSIX modes (Node maps them to a read-only flag): the assertion means nothing there.
describe.skipIf(process.platform === 'win32')('files on disk are private to the user (umask 022)', () => {
  it('every folder 0700 and every file 0600 after create, write, backups, restore, import, repair, delete, report, settings', async () => {
    const dataDir = path.join(temps.make(), 'Ownlist') // created by Ownlist itself
    const outside = temps.make()
    const engine = new Engine({ dataDir })
    const work = engine.createProfile('Work')
    const home = engine.createProfile('Home')

    // Open and write: the profile in WAL mode with its -wal and -shm, and the lock file, all present now.
    const session = await engine.openProfile(work.id)
    await engine.writeProfile(home.id, (db) =>
      addTodo(db, { listId: listLists(db)[0]!.id, title: 'x', now: new Date() }),
    )
    const whileOpen = expectPrivate(dataDir)
    expect(Object.keys(whileOpen).some((f) => f.endsWith('.sqlite-wal'))).toBe(true)
    expect(Object.keys(whileOpen).some((f) => f.startsWith('locks'))).toBe(true)
    session.close()

    // A backup to a path the user chose: private too, whatever the umask.
    const mine = path.join(outside, 'work-backup.sqlite')
    await engine.backups.backupTo(work.id, mine)
    expect((fs.statSync(mine).mode & 0o777).toString(8)).toBe('600')
    // Replacing a file that was readable by others leaves a private one.
    fs.writeFileSync(mine, 'old', { mode: 0o644 })
    await engine.backups.backupTo(work.id, mine, { force: true })
    expect((fs.statSync(mine).mode & 0o777).toString(8)).toBe('600')

    await engine.backups.backupNow(work.id, 'manual')
    await engine.writeProfile(work.id, (db) =>
      addTodo(db, { listId: listLists(db)[0]!.id, title: 'y', now: new Date() }),
    )
    expect(await engine.backups.autoBackupIfChanged(work.id)).not.toBeNull()
    await engine.backups.restore(work.id, mine) // a pre-restore snapshot
    // An import of a file readable by others: the imported profile is private.
    fs.chmodSync(mine, 0o644)
    await engine.backups.importFile(mine, { name: 'Imported' })
    await engine.backups.repair(home.id) // a damaged-… copy and a rebuilt file
    engine.deleteProfile(home.id) // to trash/
    engine.report() // cache/report.json
    new SettingsStore(path.join(dataDir, 'settings.json')).update({ lastProfileId: work.id })
    engine.close()

    const found = expectPrivate(dataDir)
    // Each kind of file was really made (a walk over fewer files proves less).
    const names = Object.keys(found)
    for (const want of [
      /^profiles\/[^/]+\.sqlite$/,
      /^backups\/[^/]+\/manual-/,
      /^backups\/[^/]+\/auto-/,
      /^backups\/[^/]+\/pre-restore-/,
      /^backups\/[^/]+\/damaged-/,
      /^trash\/[^/]+\.sqlite$/,
      /^locks\/[^/]+\.lock$/,
      /^cache\/report\.json$/,
      /^settings\.json$/,
    ]) {
      expect(
        names.some((n) => want.test(n.split(path.sep).join('/'))),
        `${want}: ${names.join(', ')}`,
      ).toBe(true)
    }
    expect(found['.']).toBe('700')
  })

  it('tightens folders of ours left readable by others by an older version', () => {
    const dataDir = temps.make()
    for (const d of ['profiles', 'locks']) fs.mkdirSync(path.join(dataDir, d), { mode: 0o755 })
    const engine = new Engine({ dataDir })
    engine.createProfile('Work')
    engine.close()
    expect((fs.statSync(path.join(dataDir, 'profiles')).mode & 0o777).toString(8)).toBe('700')
    expect((fs.statSync(path.join(dataDir, 'locks')).mode & 0o777).toString(8)).toBe('700')
  })
})
