// API dispatch: validation and routing (createDispatch over AppService's handlers, no
// transport) against calling the engine's query function directly.
import fs from 'node:fs'
import path from 'node:path'
import { createDispatch } from '../../main/api/dispatch'
import { AppService } from '../../main/api/service'
import { SettingsStore } from '../../main/api/settings'
import { Engine } from '../../main/engine/engine'
import * as lists from '../../main/engine/queries/lists'
import * as todos from '../../main/engine/queries/todos'
import { setDoneRepeating } from '../../main/engine/queries/recurrence'
import { copyProfiles, makeFilledProfile, NOW, tempRoot } from '../lib/data'
import { spreadOf, type BenchContext, type Row, type ScenarioOutput } from '../lib/scenario'
import { alternate, collectGarbage, median, now, perCall, perCallAsync, round, since } from '../lib/stats'

export const TARGET_US = 20

export async function dispatchScenario(ctx: BenchContext): Promise<ScenarioOutput> {
  const calls = ctx.quick ? 300 : 1000
  const runs = ctx.runs ?? (ctx.quick ? 5 : 9)
  const tmp = tempRoot('dispatch')
  try {
    const seed = await makeFilledProfile(path.join(tmp.root, 'seed'), 'Seed', 1000)
    const dataDir = path.join(tmp.root, 'data')
    const engine = new Engine({ dataDir, now: () => NOW })
    const [file] = copyProfiles(engine.layout.profilesDir, fs.readFileSync(seed.file), 1)
    const service = new AppService({
      engine,
      settings: new SettingsStore(path.join(dataDir, 'settings.json')),
      emit: () => {},
      now: () => NOW,
    })
    const dispatch = createDispatch(service.handlers)
    const id = path.basename(file!, '.sqlite')
    const opened = await dispatch('profiles.open', { id })
    if (!opened.ok) throw new Error(`dispatch: could not open the profile: ${JSON.stringify(opened.error)}`)
    const db = engine.session(id)!.db
    const ids = db.prepare('SELECT id FROM todos ORDER BY id LIMIT 100').pluck().all() as number[]
    const rows: Row[] = []
    const detail: Record<string, unknown> = { setup: { calls, runs, todos: 1000 } }

    /**
     * `calls` pairs per run, each a direct call and a dispatched one back to back (which goes
     * first alternates), so both see the same WAL, cache and checkpoint state. The figure is
     * the median over every pair of (dispatched − direct): on a busy machine a call now and
     * then loses the CPU for milliseconds, which moves a mean by tens of µs but not a median.
     */
    const measure = async (
      call: string,
      direct: (i: number) => unknown,
      viaDispatch: (i: number) => Promise<unknown>,
    ) => {
      let failed = 0
      const runMeans = { raw: [] as number[], engine: [] as number[] }
      const perCallUs = { raw: [] as number[], engine: [] as number[], diff: [] as number[] }
      /** Each run's median of (dispatched − direct): the spread of the row's figure across runs. */
      const runMedianDiffs: number[] = []
      for (let run = -1; run < runs; run++) {
        let d = 0
        let e = 0
        for (let i = 0; i < calls; i++) {
          const first = i % 2 === 0
          let t0: number
          let dt = 0
          if (first) {
            t0 = now()
            direct(i)
            dt = since(t0)
          }
          t0 = now()
          const r = (await viaDispatch(i)) as { ok: boolean }
          const et = since(t0)
          if (!r.ok) failed++
          if (!first) {
            t0 = now()
            direct(i)
            dt = since(t0)
          }
          d += dt
          e += et
          // run -1 is the warm-up
          if (run >= 0) {
            perCallUs.raw.push(dt * 1000)
            perCallUs.engine.push(et * 1000)
            perCallUs.diff.push((et - dt) * 1000)
          }
        }
        if (run >= 0) {
          runMedianDiffs.push(median(perCallUs.diff.slice(-calls)))
          runMeans.raw.push((d / calls) * 1000)
          runMeans.engine.push((e / calls) * 1000)
        }
        collectGarbage()
      }
      if (failed) throw new Error(`dispatch: ${failed} calls of ${call} failed`)
      const diff = median(perCallUs.diff)
      rows.push({
        scenario: 'dispatch',
        what: `API dispatch '${call}' (per call)`,
        raw: round(median(perCallUs.raw), 2),
        engine: round(median(perCallUs.engine), 2),
        unit: 'µs',
        measure: 'engine − raw',
        value: round(diff, 1),
        target: `≤ +${TARGET_US} µs`,
        met: diff <= TARGET_US,
        runs,
        spread: spreadOf(runMedianDiffs, 1),
      })
      detail[call] = {
        medianPerCallUs: { direct: round(median(perCallUs.raw), 2), dispatch: round(median(perCallUs.engine), 2) },
        medianOfPairedDifferencesUs: round(diff, 2),
        meanPerCallUsByRun: {
          direct: runMeans.raw.map((x) => round(x, 2)),
          dispatch: runMeans.engine.map((x) => round(x, 2)),
        },
        differenceOfRunMeansUs: round(median(runMeans.engine.map((x, i) => x - runMeans.raw[i]!)), 2),
        medianDifferenceByRunUs: runMedianDiffs.map((x) => round(x, 2)),
      }
    }

    ctx.log(
      `dispatch: ${runs} runs of ${calls} pairs of calls (direct and through dispatch, back to back) of 'lists.list' and 'todos.setDone'`,
    )
    await measure(
      'lists.list',
      () => lists.listLists(db),
      () => dispatch('lists.list', undefined),
    )
    // Each call flips its row (direct calls use the first 50 to-dos, dispatched ones the next 50),
    // so every call on both sides really changes done and completed_at. The direct side is the
    // engine function the handler runs: since repeating to-dos, setDoneRepeating (which also
    // looks for a series to continue), whose cost over a plain setDone is measured below.
    const flip = (i: number, side: 0 | 1) => ({ id: ids[side * 50 + (i % 50)]!, done: Math.floor(i / 50) % 2 === 0 })
    await measure(
      'todos.setDone',
      (i) => setDoneRepeating(db, { ...flip(i, 0), now: NOW }),
      (i) => dispatch('todos.setDone', flip(i, 1)),
    )
    // The same dispatch over handlers that do nothing: validation, routing and the Result alone.
    const stub = createDispatch({ ...service.handlers, 'lists.list': () => [], 'todos.setDone': () => null as never })
    const alone = (name: string, input: (i: number) => unknown) =>
      alternate({
        warmup: 1,
        runs,
        raw: () => perCall(calls, () => {}),
        engine: () => perCallAsync(calls, async (i) => void (await stub(name, input(i)))),
      })
    detail.dispatchAloneUs = {
      'lists.list': round(median((await alone('lists.list', () => undefined)).engine) * 1000, 2),
      'todos.setDone': round(
        median((await alone('todos.setDone', (i) => ({ id: ids[i % ids.length]!, done: i % 2 === 0 }))).engine) * 1000,
        2,
      ),
      note: 'per call, through createDispatch over handlers that return at once (what validation, routing and the Result cost)',
    }
    // The parts of the gap, each alone: the open profile's outside-change watch around a write
    // (a check before and a record after, with nothing written), and what repeating to-dos add.
    const session = engine.session(id)!
    const part = (fn: (i: number) => unknown) =>
      round(median(Array.from({ length: runs }, () => perCall(calls, fn))) * 1000, 2)
    detail.whereTheTimeGoesUs = {
      outsideChangeWatchAroundAWrite: part(() => session.write(() => 0)),
      plainSetDone: part((i) => todos.setDone(db, { ...flip(i, 0), now: NOW })),
      setDoneRepeating: part((i) => setDoneRepeating(db, { ...flip(i, 0), now: NOW })),
      note: 'per call, medians of runs; the watch is a stat and a 100-byte read before, a 132-byte read of the -shm after',
    }
    detail.raw =
      "the engine's query function the handler runs, called directly with the open session's connection (lists.listLists(db), setDoneRepeating(db, …))"
    detail.engine =
      'await createDispatch(new AppService(…).handlers)(name, input): schema lookup, zod validation, handler, Result wrapping (no IPC transport)'
    await service.shutdown()
    return { name: 'dispatch', rows, detail }
  } finally {
    tmp.done()
  }
}
