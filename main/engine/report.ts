import fs from 'node:fs'
import path from 'node:path'
import { openDatabase, type Db } from './connection'
import { BUSY_TIMEOUT_MS } from './busy-timeouts'
import { APPLICATION_ID, readSqliteHeader } from './header'
import { localDate } from './local-date'
import type { ProfileFigures, Report } from '../../common/model'
import { PROFILE_EXT } from './paths'
import { ReportCache, type CachedProfile, type FileKey } from './report-cache'

/** better-sqlite3's SQLite is compiled with SQLITE_MAX_ATTACHED=10. */
export const ATTACH_BATCH = 10
/** The first schema version whose tables the report's query reads. */
export const REPORT_MIN_SCHEMA = 1

export type { ProfileFigures, Report }

export interface ReportOptions {
  profilesDir: string
  /** Where per-profile results are kept between runs (a JSON file); none: memory only. */
  cacheFile?: string
  latestSchema: number
  /** The bundled template, the main database of the read-only reporting connection. */
  templateFile: string
}

interface Candidate {
  id: string
  file: string
  key: FileKey
}

/**
 * Figures across every profile, read through one reporting connection that only reads
 * (`query_only`) and ATTACHes profiles in batches of ten, one query per batch. A profile
 * whose files have not changed since the last report is not opened at all: its figures
 * come from the cache, keyed by size and modification time of the database and its WAL.
 * A profile that cannot be read is skipped with its reason; the rest still report.
 */
export class Reporter {
  private readonly cache: ReportCache

  constructor(private readonly opts: ReportOptions) {
    this.cache = new ReportCache(opts.cacheFile)
  }

  run(now: Date = new Date()): Report {
    const day = localDate(now)
    const skipped: Report['skipped'] = []
    const fresh: CachedProfile[] = []
    const stale: Candidate[] = []
    for (const c of this.candidates(skipped)) {
      const hit = this.cache.get(c.id, c.key, day)
      if (hit) fresh.push(hit)
      else stale.push(c)
    }
    // A profile with WAL content (open elsewhere, or left by a crashed writer) is read through
    // a read-only connection: being the last to close it must never fold its WAL into the file.
    // The others are attached to a plain connection, whose close leaves no -wal/-shm behind.
    const groups: [Candidate[], () => Db][] = [
      [stale.filter((c) => c.key.walSize === 0), () => openReportingConnection()],
      [stale.filter((c) => c.key.walSize > 0), () => openReadOnlyReportingConnection(this.opts.templateFile)],
    ]
    for (const [group, open] of groups) {
      if (group.length === 0) continue
      const db = open()
      try {
        for (let i = 0; i < group.length; i += ATTACH_BATCH) {
          for (const r of readBatch(db, group.slice(i, i + ATTACH_BATCH), now, day, skipped)) {
            const file = `${r.figures.id}${PROFILE_EXT}`
            if (r.version > this.opts.latestSchema) {
              skipped.push({ id: r.figures.id, file, reason: `schema too new (version ${r.version})` })
              continue
            }
            if (r.version < REPORT_MIN_SCHEMA) {
              skipped.push({ id: r.figures.id, file, reason: `schema too old (version ${r.version})` })
              continue
            }
            this.cache.set(r)
            fresh.push(r)
          }
        }
      } finally {
        db.close()
      }
    }
    this.cache.retain(new Set([...fresh.map((f) => f.figures.id)]))
    this.cache.save()
    return assemble(fresh, skipped, day)
  }

  /** Profile files worth attaching; the rest go straight to `skipped`, read without SQLite. */
  private candidates(skipped: Report['skipped']): Candidate[] {
    let names: string[]
    try {
      names = fs.readdirSync(this.opts.profilesDir).sort()
    } catch {
      return []
    }
    const out: Candidate[] = []
    for (const name of names) {
      if (!name.endsWith(PROFILE_EXT) || name.startsWith('.')) continue
      const file = path.join(this.opts.profilesDir, name)
      const id = path.basename(name, PROFILE_EXT)
      const skip = (reason: string) => skipped.push({ id, file: name, reason })
      let key: FileKey
      try {
        key = fileKey(file)
      } catch {
        skip('cannot be read')
        continue
      }
      const cached = this.cache.peek(id, key)
      if (cached) {
        out.push({ id, file, key })
        continue
      }
      const head = readSqliteHeader(file)
      if (head.kind === 'not-sqlite') skip(`not an Ownlist profile (${head.reason})`)
      else if (head.header.applicationId !== APPLICATION_ID) skip('not an Ownlist profile (another app’s database)')
      else if (key.walSize === 0 && head.header.userVersion > this.opts.latestSchema)
        skip(`schema too new (version ${head.header.userVersion})`)
      else if (key.walSize === 0 && head.header.userVersion < REPORT_MIN_SCHEMA)
        skip(`schema too old (version ${head.header.userVersion})`)
      else out.push({ id, file, key })
    }
    return out
  }
}

export function fileKey(file: string): FileKey {
  const st = fs.statSync(file)
  if (!st.isFile()) throw new Error('not a file')
  // No WAL: the database file is everything. That is the common case, so it is answered
  // without an exception (building one cost more than both stats together, on every
  // profile of every report, cached or not). A WAL that cannot be stat'ed counts as none.
  let wal: fs.Stats | undefined
  try {
    wal = fs.statSync(`${file}-wal`, { throwIfNoEntry: false })
  } catch {
    wal = undefined
  }
  return { ino: st.ino, size: st.size, mtime: st.mtimeMs, walSize: wal?.size ?? 0, walMtime: wal?.mtimeMs ?? 0 }
}

/**
 * A connection opened read-only passes that to every database it attaches. Its main
 * database is the bundled template (a rollback-journal file: opening it creates nothing).
 */
function openReadOnlyReportingConnection(templateFile: string): Db {
  const db = openDatabase(templateFile, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS.report })
  db.pragma('query_only = ON')
  return db
}

function openReportingConnection(): Db {
  const db = openDatabase(':memory:', { timeout: BUSY_TIMEOUT_MS.report })
  db.pragma('query_only = ON')
  return db
}

const FIGURES = (s: string) => `SELECT @i_${s} AS i, 's' AS kind, NULL AS day,
  (SELECT value FROM p${s}.meta WHERE key = 'name') AS name,
  (SELECT count(*) FROM p${s}.todos) AS total,
  (SELECT count(*) FROM p${s}.todos WHERE done = 0) AS open,
  (SELECT count(*) FROM p${s}.todos WHERE done = 0 AND due_on < @today) AS overdue,
  (SELECT count(*) FROM p${s}.todos WHERE done = 1 AND completed_at >= @since7) AS doneLast7Days,
  (SELECT max(updated_at) FROM p${s}.todos) AS lastActivityAt
UNION ALL
SELECT @i_${s}, 'd', date(completed_at, 'localtime'), NULL, count(*), NULL, NULL, NULL, NULL
  FROM p${s}.todos WHERE done = 1 AND completed_at >= @since30 GROUP BY 3`

/**
 * Attaches a batch and reads it with one query. When the batch fails (a damaged or
 * exclusively locked file), each profile is read alone so only the bad one is skipped.
 */
function readBatch(db: Db, batch: Candidate[], now: Date, day: string, skipped: Report['skipped']): CachedProfile[] {
  const attached: number[] = []
  try {
    batch.forEach((c, i) => {
      db.prepare(`ATTACH DATABASE ? AS p${i}`).run(c.file)
      attached.push(i)
    })
    return queryBatch(db, batch, now, day)
  } catch (e) {
    if (batch.length === 1) {
      skipped.push({ id: batch[0]!.id, file: path.basename(batch[0]!.file), reason: describeFailure(e) })
      return []
    }
  } finally {
    for (const i of attached) db.exec(`DETACH DATABASE p${i}`)
  }
  return batch.flatMap((c) => readBatch(db, [c], now, day, skipped))
}

function queryBatch(db: Db, batch: Candidate[], now: Date, day: string): CachedProfile[] {
  const sql = batch.map((_, i) => FIGURES(String(i))).join('\nUNION ALL\n')
  // The windows are whole local days (today and the days before it), not rolling hours:
  // the figures then depend on the date alone, as the cache (keyed by day) assumes, and
  // "done in the last 7 days" is the sum of the chart's last seven days.
  const dayStart = (back: number) => new Date(now.getFullYear(), now.getMonth(), now.getDate() - back).toISOString()
  const params: Record<string, unknown> = {
    today: day,
    since7: dayStart(6),
    since30: dayStart(29),
  }
  batch.forEach((_, i) => (params[`i_${i}`] = i))
  type Row = {
    i: number
    kind: 's' | 'd'
    day: string | null
    name: string | null
    total: number
    open: number | null
    overdue: number | null
    doneLast7Days: number | null
    lastActivityAt: string | null
  }
  // Figures and schema versions from one snapshot. The version comes from PRAGMA: the
  // pragma_user_version table function ignores a schema prefix and would read the main
  // (in-memory) database's 0. With WAL content the file header may be behind, so the
  // header check in `candidates` is not enough on its own.
  const { rows, versions } = db.transaction(() => ({
    rows: db.prepare(sql).all(params) as Row[],
    versions: batch.map((_, i) => db.pragma(`p${i}.user_version`, { simple: true }) as number),
  }))()
  const out = batch.map<CachedProfile>((c, i) => ({
    key: c.key,
    day,
    version: versions[i]!,
    figures: { id: c.id, name: '', total: 0, open: 0, done: 0, overdue: 0, doneLast7Days: 0, lastActivityAt: null },
    daily: {},
  }))
  for (const r of rows) {
    const p = out[r.i]!
    if (r.kind === 's') {
      p.figures = {
        id: p.figures.id,
        name: r.name ?? '',
        total: r.total,
        open: r.open ?? 0,
        done: r.total - (r.open ?? 0),
        overdue: r.overdue ?? 0,
        doneLast7Days: r.doneLast7Days ?? 0,
        lastActivityAt: r.lastActivityAt,
      }
    } else if (r.day) {
      p.daily[r.day] = r.total
    }
  }
  return out
}

function describeFailure(e: unknown): string {
  const code = (e as { code?: string }).code ?? ''
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'in use by another process'
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return 'damaged database'
  if (code === 'SQLITE_ERROR') return 'schema not supported by this report'
  return `cannot be read (${code || 'error'})`
}

function assemble(results: CachedProfile[], skipped: Report['skipped'], day: string): Report {
  const profiles = results
    .map((r) => r.figures)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
  const totals = { total: 0, open: 0, done: 0, overdue: 0, doneLast7Days: 0 }
  for (const p of profiles) {
    totals.total += p.total
    totals.open += p.open
    totals.done += p.done
    totals.overdue += p.overdue
    totals.doneLast7Days += p.doneLast7Days
  }
  const daily = lastDays(day, 30).map((date) => ({ date, done: results.reduce((n, r) => n + (r.daily[date] ?? 0), 0) }))
  return { profiles, totals, daily, skipped: skipped.sort((a, b) => a.file.localeCompare(b.file)) }
}

/** The `n` calendar days ending with `day` (YYYY-MM-DD), oldest first. */
export function lastDays(day: string, n: number): string[] {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return Array.from({ length: n }, (_, i) => new Date(Date.UTC(y, m - 1, d - (n - 1 - i))).toISOString().slice(0, 10))
}
