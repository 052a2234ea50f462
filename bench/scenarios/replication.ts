// Replication (issue 13): what a running Litestream costs the writes it replicates, and how soon a
// write can be restored from the replica. "raw" is replication off, "engine" replication on
// (a folder replica at the default sync interval); both go through the engine.
import path from 'node:path'
import { Engine } from '../../main/engine/engine'
import { addTodo } from '../../main/engine/queries/todos'
import { Replication } from '../../main/engine/replication/replication'
import { tempRoot } from '../lib/data'
import { ratioRow, runsIn, spreadOf, type BenchContext, type Row, type ScenarioOutput } from '../lib/scenario'
import { alternate, median, now, round, since } from '../lib/stats'

export const TARGET = 1.2

export async function replicationScenario(ctx: BenchContext): Promise<ScenarioOutput> {
  const tmp = tempRoot('replication')
  const rows: Row[] = []
  const detail: Record<string, unknown> = {
    raw: 'replication off',
    engine: 'replication on: Litestream 0.3.13, a folder replica, sync every 1 s',
  }
  const engine = new Engine({ dataDir: path.join(tmp.root, 'data') })
  const replication = new Replication(engine)
  try {
    const adds = ctx.quick ? 2000 : 10_000
    let k = 0
    const addRun = async (replicated: boolean): Promise<number> => {
      const p = engine.createProfile(`P${k++}`)
      const sup = replicated
        ? (await replication.add(p.id, `file://${path.join(tmp.root, `rep-${k}`)}`), replication.supervisor([p.id]))
        : null
      sup?.start()
      if (sup) while (sup.states().get(p.id)?.[0]?.status !== 'ok') await new Promise((r) => setTimeout(r, 50))
      const session = await engine.openProfile(p.id)
      const t0 = now()
      for (let i = 0; i < adds; i++)
        session.write((db) => addTodo(db, { listId: 1, title: `Task ${i}`, now: new Date() }))
      const ms = since(t0)
      session.close()
      await sup?.stop()
      return ms / adds
    }
    ctx.log(`replication: ${adds} adds, off vs on`)
    const runs = await alternate({
      warmup: 0,
      runs: ctx.runs ?? (ctx.quick ? 1 : 3),
      raw: () => addRun(false),
      engine: () => addRun(true),
    })
    rows.push(
      ratioRow(
        'replication',
        `add ${adds.toLocaleString('en')} to-dos one at a time, replication on vs off (each)`,
        runs,
        TARGET,
        'µs',
      ),
    )
    detail.adds = { count: adds, runs: runsIn(runs, 'µs') }

    // Lag: from a committed write to Litestream reporting it shipped (restorable from then on).
    const p = engine.createProfile('Lag')
    await replication.add(p.id, `file://${path.join(tmp.root, 'rep-lag')}`)
    const sup = replication.supervisor([p.id])
    sup.start()
    const lags: number[] = []
    try {
      while (sup.states().get(p.id)?.[0]?.status !== 'ok') await new Promise((r) => setTimeout(r, 50))
      for (let i = 0; i < (ctx.quick ? 5 : 15); i++) {
        await new Promise((r) => setTimeout(r, 300 + ((i * 137) % 700)))
        const before = sup.states().get(p.id)?.[0]?.lastSyncedAt
        const t0 = now()
        await engine.writeProfile(p.id, (db) => addTodo(db, { listId: 1, title: `lag ${i}`, now: new Date() }))
        while (sup.states().get(p.id)?.[0]?.lastSyncedAt === before) await new Promise((r) => setTimeout(r, 5))
        lags.push(since(t0))
      }
    } finally {
      await sup.stop()
    }
    const lag = median(lags)
    rows.push({
      scenario: 'replication',
      what: 'replication lag, write → restorable (default 1 s interval), median',
      raw: null,
      engine: round(lag, 1),
      unit: 'ms',
      measure: 'figure',
      value: round(Math.max(...lags), 0),
      target: '≤ 1500 ms',
      met: lag <= 1500,
      runs: lags.length,
      spread: spreadOf(lags, 1),
    })
    detail.lagMs = lags.map((x) => round(x, 1))
    return { name: 'replication', rows, detail }
  } finally {
    engine.close()
    tmp.done()
  }
}
