// Switch profile: close the open one, open another and read its first page of to-dos.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { createDispatch } from '../../main/api/dispatch'
import { AppService } from '../../main/api/service'
import { SettingsStore } from '../../main/api/settings'
import { Engine, type ProfileSession } from '../../main/engine/engine'
import { localDate } from '../../main/engine/local-date'
import { listTodos } from '../../main/engine/queries/todos'
import { copyProfiles, flush, inTempRoot, makeFilledProfile, NOW } from '../lib/data'
import { operationRuns, ratioRow, runsIn, type BenchContext, type ScenarioOutput } from '../lib/scenario'
import { openProfileForWriting, type OpenRequest } from '../../main/engine/open'
import { alternate, median, medianMs, perCall, perCallAsync, round } from '../lib/stats'

export const TARGET = 1.5
const PAGE = 50

/** The first page as listTodos({ listId, limit: 50 }) reads it, written out for the raw side. */
const RAW_PAGE_SQL = `SELECT t.id, t.list_id AS listId, t.title, t.notes, t.done, t.due_on AS dueOn, t.position,
  t.created_at AS createdAt, t.updated_at AS updatedAt, t.completed_at AS completedAt
  FROM todos t WHERE t.list_id = @listId AND 1 ORDER BY t.list_id, t.position, t.id LIMIT @limit OFFSET @offset`

export async function switchScenario(ctx: BenchContext): Promise<ScenarioOutput> {
  // Many short runs: the raw side's time swings with the machine's load (0.6–1.2 ms within one
  // run of 9), so a few runs make a ratio that moves from run to run.
  const { perRun, runs } = operationRuns(ctx, 25)
  const todos = 1000
  return inTempRoot('switch', async (root) => {
    const dataDir = path.join(root, 'data')
    const first = await makeFilledProfile(path.join(root, 'seed'), 'Seed', todos)
    const bytes = fs.readFileSync(first.file)
    const engine = new Engine({ dataDir, now: () => NOW })
    const engineFiles = copyProfiles(engine.layout.profilesDir, bytes, 2)
    const rawFiles = copyProfiles(path.join(root, 'raw'), bytes, 2)
    flush([...engineFiles, ...rawFiles])
    const ids = engineFiles.map((f) => path.basename(f, '.sqlite'))
    const today = localDate(NOW)
    const listId = 1
    let k = 0

    // Raw: one connection open at a time, set up with the same pragmas as the engine's.
    const rawOpen = (file: string) => {
      const db = new Database(file, { fileMustExist: true })
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.pragma('foreign_keys = ON')
      return db
    }
    let rawDb = rawOpen(rawFiles[0]!)
    let session: ProfileSession = await engine.openProfile(ids[0]!)
    let rows = 0

    const rawRun = () =>
      perCall(perRun, () => {
        rawDb.close()
        rawDb = rawOpen(rawFiles[++k % 2]!)
        rows += rawDb.prepare(RAW_PAGE_SQL).all({ listId, limit: PAGE, offset: 0 }).length
      })
    const engineRun = () =>
      perCallAsync(perRun, async () => {
        session.close()
        session = await engine.openProfile(ids[++k % 2]!)
        rows += listTodos(session.db, { listId, limit: PAGE, today }).length
      })
    ctx.log(`switch: ${runs} runs of ${perRun} switches between 2 profiles of ${todos} to-dos`)
    const result = await alternate({ warmup: 1, runs, raw: rawRun, engine: engineRun })
    rawDb.close()
    session.close()
    // Parts of the engine's switch, each timed on its own (medians, ms).
    const part = (fn: (i: number) => unknown) => medianMs(40, fn)
    const request = (i: number): OpenRequest => {
      const id = ids[i % 2]!
      return {
        id,
        file: engine.layout.profileFile(id),
        lockFile: engine.lockFile(id),
        backupsDir: engine.layout.backupsDir(id),
        migrations: engine.migrations,
        appVersion: engine.appVersion,
        now: () => NOW,
      }
    }
    const parts = {
      resolve: await part(() => engine.resolve(ids[0]!)),
      resolveThroughTheFullListing: await part(() => engine.resolve(ids[0]!, engine.listProfiles())),
      lockVersionCheckOpenStampAndClose: await part(async (i) => {
        const r = await openProfileForWriting(request(i))
        r.db.pragma('optimize')
        r.db.close()
        r.lock.release()
      }),
      rawOpenAndClose: await part((i) => rawOpen(rawFiles[i % 2]!).close()),
    }
    engine.close()
    // For comparison, the whole switch as the app makes it: AppService 'profiles.open' (which
    // also backs the profile it leaves up if it changed, remembers the last profile in the
    // settings file and answers with the app state) and then 'todos.list' for the first page.
    const service = new AppService({
      engine: new Engine({ dataDir, now: () => NOW }),
      settings: new SettingsStore(path.join(dataDir, 'settings.json')),
      emit: () => {},
      now: () => NOW,
    })
    const dispatch = createDispatch(service.handlers)
    const appSwitch = async (i: number) => {
      const opened = await dispatch('profiles.open', { id: ids[i % 2]! })
      const page = await dispatch('todos.list', { listId, filter: 'all', search: '', today, offset: 0, limit: PAGE })
      if (!opened.ok || !page.ok) throw new Error('switch: the app service could not switch')
    }
    for (let i = 0; i < 4; i++) await appSwitch(i)
    const appServiceSwitchMs = await part(appSwitch)
    await service.shutdown()
    if (rows !== (runs + 1) * 2 * perRun * PAGE) throw new Error(`switch: read ${rows} rows, expected pages of ${PAGE}`)
    return {
      name: 'switch',
      rows: [ratioRow('switch', 'switch profile', result, TARGET)],
      detail: {
        setup: { switchesPerRun: perRun, runs, profiles: 2, todosPerProfile: todos, page: PAGE },
        raw: 'db.close() + new Database(other) + PRAGMA journal_mode = WAL, synchronous = NORMAL, foreign_keys = ON + the first page SELECT (prepared on the new connection)',
        engine:
          'session.close() + Engine.openProfile(id) (find the file, lock, version check, open, shape and schema check once per unchanged file, stamp state/last-opened.sqlite) + listTodos(db, { listId, limit: 50 })',
        perOperationMs: runsIn(result, 'ms'),
        whereTheTimeGoesMs: parts,
        appServiceSwitchMs,
        appServiceSwitchOverRaw: round(appServiceSwitchMs / median(result.raw), 2),
      },
    }
  })
}
