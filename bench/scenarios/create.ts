// Create a profile: the engine's createProfile against copying the template and opening it raw.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { Engine } from '../../main/engine/engine'
import { copyProfiles, inTempRoot, NOW } from '../lib/data'
import { operationRuns, ratioRow, runsIn, type BenchContext, type ScenarioOutput } from '../lib/scenario'
import { createProfileFile } from '../../main/engine/create'
import { FileLock } from '../../main/engine/lock'
import { alternate, medianMs, perCall } from '../lib/stats'

export const TARGET = 2

export async function createScenario(ctx: BenchContext): Promise<ScenarioOutput> {
  const { perRun, runs } = operationRuns(ctx, 9)
  const existing = 3
  return inTempRoot('create', async (root) => {
    const dataDir = path.join(root, 'data')
    const rawDir = path.join(root, 'raw')
    fs.mkdirSync(rawDir, { recursive: true })
    const engine = new Engine({ dataDir, now: () => NOW })
    const template = fs.readFileSync(engine.templateFile)
    let n = 0

    const rawRun = () =>
      perCall(
        perRun,
        () => {
          const file = path.join(rawDir, `p${n++}.sqlite`)
          fs.copyFileSync(engine.templateFile, file)
          const db = new Database(file, { fileMustExist: true })
          db.pragma('journal_mode = WAL')
          db.pragma('user_version', { simple: true })
          db.close()
          return file
        },
        (file) => fs.rmSync(file),
      )
    const engineRun = () =>
      perCall(
        perRun,
        () => engine.createProfile(`New profile ${n++}`).file,
        (file) => fs.rmSync(file),
      )
    // The first profile of an empty data folder, then one more beside a few, as a person has:
    // the engine lists the folder for the name check, so each profile there adds to a create.
    ctx.log(`create: ${runs} runs of ${perRun} creates each, in an empty data folder`)
    engine.listProfiles()
    const first = await alternate({ warmup: 1, runs, raw: rawRun, engine: engineRun })
    copyProfiles(engine.layout.profilesDir, template, existing)
    ctx.log(`create: ${runs} runs of ${perRun} creates each, in a data folder holding ${existing} other profiles`)
    const result = await alternate({ warmup: 1, runs, raw: rawRun, engine: engineRun })
    const rows = [
      ratioRow('create', 'create a profile (empty data folder)', first, TARGET),
      ratioRow('create', `create a profile (${existing} other profiles)`, result, TARGET),
    ]
    // Parts of the engine's create, each timed on its own (medians, ms).
    const part = (fn: () => void) => medianMs(30, fn)
    const parts = {
      [`listingOfTheFolderWith${existing}Profiles`]: await part(() => engine.listProfiles()),
      registryLock: await part(() =>
        FileLock.tryAcquire(path.join(engine.layout.locksDir, 'registry.lock'), 1000)!.release(),
      ),
      copyStampFsyncRename: await part(() => {
        const id = `part-${n++}`
        fs.rmSync(
          createProfileFile(rawDir, engine.templateFile, {
            id,
            name: id,
            createdAt: NOW.toISOString(),
            appVersion: engine.appVersion,
          }),
        )
      }),
    }
    return {
      name: 'create',
      rows,
      detail: {
        setup: { createsPerRun: perRun, runs, otherProfilesInFolder: [0, existing], templateBytes: template.length },
        raw: 'fs.copyFileSync(template) + new Database + PRAGMA journal_mode = WAL + read user_version + close (no fsync, no stamp)',
        engine:
          'Engine.createProfile(name): registry lock, listing + name check, copy to a temporary name, stamp id/name/created_at/app_version in one transaction, fsync file, rename, fsync folder, read schema version',
        perOperationMs: { emptyFolder: runsIn(first, 'ms'), [`${existing}OtherProfiles`]: runsIn(result, 'ms') },
        whereTheTimeGoesMs: parts,
      },
    }
  })
}
