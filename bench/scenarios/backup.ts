// Verified backup of a big profile against better-sqlite3's online backup alone.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { Engine } from '../../main/engine/engine'
import { flush, tempRoot } from '../lib/data'
import { bigProfile } from '../lib/fleet'
import { ratioRow, runsIn, type BenchContext, type ScenarioOutput } from '../lib/scenario'
import { alternate, median, now, round, since } from '../lib/stats'

export const TARGET = 2

export async function backupScenario(ctx: BenchContext): Promise<ScenarioOutput> {
  const todos = ctx.quick ? 20_000 : 100_000
  const runs = ctx.runs ?? (ctx.quick ? 3 : 7)
  const big = await bigProfile(todos, ctx.log)
  const tmp = tempRoot('backup')
  try {
    const dataDir = path.join(tmp.root, 'data')
    const engine = new Engine({ dataDir })
    const id = '00000000-0000-4000-8000-000000000100'
    const file = engine.layout.profileFile(id)
    fs.mkdirSync(engine.layout.profilesDir, { recursive: true })
    fs.copyFileSync(big.file, file)
    flush([file])
    const out = path.join(tmp.root, 'out')
    fs.mkdirSync(out)
    let n = 0

    const rawRun = async () => {
      const target = path.join(out, `raw-${n++}.sqlite`)
      const t0 = now()
      const db = new Database(file, { fileMustExist: true })
      await db.backup(target)
      db.close()
      const ms = since(t0)
      fs.rmSync(target)
      return ms
    }
    const engineRun = async () => {
      const target = path.join(out, `engine-${n++}.sqlite`)
      const t0 = now()
      const r = await engine.backups.backupTo(id, target)
      const ms = since(t0)
      if (!r.verified) throw new Error('backup not verified')
      fs.rmSync(target)
      return ms
    }
    ctx.log(`backup: ${runs} runs each of backing up a profile of ${todos} to-dos (${(big.bytes / 1e6).toFixed(1)} MB)`)
    const result = await alternate({ warmup: 1, runs, raw: rawRun, engine: engineRun })
    // Where the engine's extra time goes: the integrity check of the copy, timed on its own.
    const kept = path.join(out, 'kept.sqlite')
    await engine.backups.backupTo(id, kept)
    const checkMs = [0, 1, 2].map(() => {
      const t0 = now()
      const db = new Database(kept, { fileMustExist: true, readonly: true })
      db.pragma('integrity_check')
      db.close()
      return since(t0)
    })
    return {
      name: 'backup',
      rows: [ratioRow('backup', `verified backup (${todos / 1000}k to-dos)`, result, TARGET)],
      detail: {
        setup: { todos, bytes: big.bytes, runs },
        raw: 'new Database(profile) + await db.backup(target) (better-sqlite3 default step size) + close',
        engine:
          'engine.backups.backupTo(id, target): resolve, online backup to a temporary name inside one read transaction (256 pages per step) with the source row counts, then journal_mode DELETE, PRAGMA integrity_check, application_id, user_version, row counts compared, fsync, rename, fsync folder',
        totalMs: runsIn(result, 'ms'),
        integrityCheckOfCopyMs: round(median(checkMs), 1),
        integrityCheckOverRawBackup: round(median(checkMs) / median(result.raw), 2),
      },
    }
  } finally {
    tmp.done()
  }
}
