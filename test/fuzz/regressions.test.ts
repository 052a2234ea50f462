import { afterAll, describe, it } from 'vitest'
import { TempDirs } from '../support/helpers'
import { replaySteps } from './run'

// Shrunk failing sequences of the model-based test, kept as they were found. Each step is a call
// with the arguments its generator gave; references pick from the model ({ pick: 0 } = the first).
const dirs = new TempDirs()
afterAll(() => dirs.cleanup())
const first = { pick: 0, unknown: false }
const second = { pick: 1, unknown: false }
const addTodo = { list: first, title: 'a', notes: undefined, due: 'omit' }

describe('model-based regressions', () => {
  it('a repair keeps the lists the profile had: a deleted Inbox does not come back from the template', async () => {
    await replaySteps(dirs.make(), [
      ['lists.create', { n: { fresh: 'INBOX' }, r: first }],
      ['lists.delete', first],
      ['health.repair', null],
    ])
  })

  it('after a restore and an edit, leaving the profile backs it up (the change counter did not go back to the backup’s)', async () => {
    await replaySteps(dirs.make(), [
      ['backups.backupNow', null],
      ['todos.add', addTodo],
      ['backups.restore', first],
      ['todos.add', addTodo],
      ['profiles.create', { n: { fresh: 'b' }, r: first }],
      ['profiles.open', second],
    ])
  })

  it('after a repair and two edits, leaving the profile backs it up (the rebuilt file’s counter did not restart)', async () => {
    // A new profile's counter is 1; three writes and a backup (4). The rebuild restarted the counter
    // from the template's 0 and its own writes took it to 2: two edits later it met the backup's.
    await replaySteps(dirs.make(), [
      ['todos.add', addTodo],
      ['todos.setDone', { r: first, done: true }],
      ['todos.setDone', { r: first, done: false }],
      ['backups.backupNow', null],
      ['health.repair', null],
      ['todos.add', addTodo],
      ['todos.add', addTodo],
      ['profiles.create', { n: { fresh: 'b' }, r: first }],
      ['profiles.open', second],
    ])
  })

  it('renaming a profile that is not open does not count as opening it: with the last one deleted, start opens any never-opened one', async () => {
    // The model still stamped "opened" on rename after the engine stopped doing so (issue 15).
    await replaySteps(dirs.make(), [
      ['profiles.delete', first],
      ['profiles.create', { n: { fresh: 'a' }, r: first }],
      ['profiles.rename', { n: { fresh: 'a' }, r: first }],
      ['profiles.create', { n: { fresh: '🎉a' }, r: first }],
      ['app.start', null],
    ])
  })

  it('a deleted list comes back at the place it had in the sidebar, even after the lists were moved', async () => {
    // The engine put it back at its old position number, which a move since had renumbered.
    await replaySteps(dirs.make(), [
      ['lists.create', { n: { fresh: 'a' }, r: first }],
      ['lists.delete', first],
      ['lists.create', { n: { fresh: 'x'.repeat(78) }, r: first }],
      ['lists.delete', first],
      ['lists.move', { r: first, to: 0 }],
      ['lists.bringBack', second],
    ])
  })

  it('an imported copy counts as never opened: start does not prefer it over a profile created since', async () => {
    // The model still carried the exported profile's "last opened" into the copy after the
    // engine moved that stamp out of profile files (issue 12).
    await replaySteps(dirs.make(), [
      ['backups.exportToFile', false],
      ['profiles.delete', first],
      ['profiles.create', { n: { fresh: 'a' }, r: first }],
      ['backups.importFile', { r: second, bad: 0 }],
      ['app.start', null],
    ])
  })
})
