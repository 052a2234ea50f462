// Shared helpers for the engine and CLI tests (imported by *.test.ts, never by the app).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { runCli } from '../../main/cli/main'
import type { WritableDb } from '../../main/engine/connection'
import type { Engine } from '../../main/engine/engine'
import { createList } from '../../main/engine/queries/lists'
import { addTodo, setDone } from '../../main/engine/queries/todos'

/** The repository root (this file is test/support/helpers.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const SUPPORT_DIR = fileURLToPath(new URL('./', import.meta.url))

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
export const UUID_FILE_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.sqlite$/

/** Temporary folders in os.tmpdir(), removed by `cleanup()` (call it in afterEach). */
export class TempDirs {
  private dirs: string[] = []
  make(prefix = 'ownlist-test-'): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
    this.dirs.push(dir)
    return dir
  }
  cleanup(): void {
    for (const d of this.dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
  }
}

export function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')
}

/**
 * Every entry under `root`, relative path -> sha256 of its bytes (or "<dir>" for folders),
 * so "nothing on disk changed" is one deep equality.
 */
export function snapshotTree(root: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (dir: string) => {
    let names: string[]
    try {
      names = fs.readdirSync(dir).sort()
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return
      throw e
    }
    for (const name of names) {
      const full = path.join(dir, name)
      const rel = path.relative(root, full).split(path.sep).join('/')
      // The registry index is a disposable cache that any read may fill in (see RegistryIndex).
      if (/^cache\/registry\.sqlite(-wal|-shm|-journal)?$/.test(rel)) continue
      if (fs.statSync(full).isDirectory()) {
        // The folder the registry index lives in may be made by any read too.
        if (rel !== 'cache') out[`${rel}/`] = '<dir>'
        walk(full)
      } else {
        out[rel] = sha256File(full)
      }
    }
  }
  walk(root)
  return out
}

/** -wal/-shm/-journal files that exist beside `file`. */
export function sideFiles(file: string): string[] {
  return ['-wal', '-shm', '-journal'].map((s) => `${file}${s}`).filter((f) => fs.existsSync(f))
}

export type TableDump = Record<string, string[]>

export interface DbDump {
  userVersion: number
  applicationId: number
  schema: unknown[]
  tables: TableDump
}

/**
 * Everything in a database that a person or a migration could change: user_version,
 * application_id, every sqlite_schema row and every row of every table.
 * Opened with a plain query-only connection, closed at once (so no -wal/-shm stays).
 */
export function dumpDatabase(file: string): DbDump {
  const db = new Database(file, { fileMustExist: true })
  try {
    db.pragma('query_only = ON')
    const schema = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').all()
    const tableNames = db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
      )
      .pluck()
      .all() as string[]
    const tables: TableDump = {}
    for (const t of tableNames) {
      tables[t] = (db.prepare(`SELECT * FROM "${t}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort()
    }
    return {
      userVersion: db.pragma('user_version', { simple: true }) as number,
      applicationId: db.pragma('application_id', { simple: true }) as number,
      schema,
      tables,
    }
  } finally {
    db.close()
  }
}

/** The user's data: every column of every row of lists and to-dos. */
export function userData(file: string): { lists: string[] | undefined; todos: string[] | undefined } {
  const { tables } = dumpDatabase(file)
  return { lists: tables.lists, todos: tables.todos }
}

/** Runs `fn` on a plain connection to `file` and closes it (a test's own: it may hand it to any query function). */
export function withDb<T>(file: string, fn: (db: WritableDb) => T, opts: Database.Options = {}): T {
  const db = new Database(file, { fileMustExist: true, ...opts }) as WritableDb
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

/** A child running one of the test-support scripts under tsx, with a line reader on stdout. */
export class SupportChild {
  readonly proc: ChildProcessWithoutNullStreams
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  private readonly lines: string[] = []
  private waiters: ((line: string | null) => void)[] = []
  private ended = false
  stderr = ''

  constructor(script: string, args: string[]) {
    this.proc = spawn(process.execPath, ['--import', 'tsx', path.join(SUPPORT_DIR, script), ...args], {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    this.proc.stderr.setEncoding('utf8')
    this.proc.stderr.on('data', (d: string) => (this.stderr += d))
    const rl = readline.createInterface({ input: this.proc.stdout })
    rl.on('line', (line) => {
      const w = this.waiters.shift()
      if (w) w(line)
      else this.lines.push(line)
    })
    rl.on('close', () => {
      this.ended = true
      for (const w of this.waiters.splice(0)) w(null)
    })
    this.exited = new Promise((resolve) => this.proc.once('exit', (code, signal) => resolve({ code, signal })))
  }

  /** The next stdout line; rejects on timeout or when the child ends first. */
  nextLine(timeoutMs = 20_000): Promise<string> {
    const buffered = this.lines.shift()
    if (buffered !== undefined) return Promise.resolve(buffered)
    if (this.ended) return Promise.reject(new Error(`child ended without output; stderr: ${this.stderr}`))
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter)
        reject(new Error(`no line from child within ${timeoutMs} ms; stderr: ${this.stderr}`))
      }, timeoutMs)
      const waiter = (line: string | null) => {
        clearTimeout(timer)
        if (line === null) reject(new Error(`child ended without output; stderr: ${this.stderr}`))
        else resolve(line)
      }
      this.waiters.push(waiter)
    })
  }

  /** Lines already received and not yet read. */
  drain(): string[] {
    return this.lines.splice(0)
  }

  /** kill -9, then waits until the child is gone (and reaped). */
  async kill9(): Promise<void> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL')
    await this.exited
  }
}

/**
 * Like `snapshotTree`, but a symlink is recorded as where it points (never followed, so a
 * dangling one is fine) and every entry with its permission bits: "the source is unchanged"
 * for files outside the data folder, including unreadable and linked ones.
 */
export function snapshotEntries(root: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name)
      const rel = path.relative(root, full).split(path.sep).join('/')
      const st = fs.lstatSync(full)
      const mode = (st.mode & 0o7777).toString(8)
      if (st.isSymbolicLink()) out[rel] = `link -> ${fs.readlinkSync(full)}`
      else if (st.isDirectory()) {
        out[`${rel}/`] = `<dir> ${mode}`
        walk(full)
      } else {
        let sum: string
        try {
          sum = sha256File(full)
        } catch {
          sum = '<unreadable>'
        }
        out[rel] = `${mode} ${sum}`
      }
    }
  }
  walk(root)
  return out
}

/** Deterministic pseudo-random bytes (xorshift32), so a "random" file is the same every run. */
export function seededBytes(seed: number, length: number): Buffer {
  const buf = Buffer.alloc(length)
  let x = seed >>> 0 || 1
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    buf[i] = x & 0xff
  }
  return buf
}

/** A test-only migrations folder (made with `temps`): the shipped .sql files plus `extra`. */
export function migrationsDirWith(temps: TempDirs, extra: Record<string, string>): string {
  const shipped = path.join(REPO_ROOT, 'migrations')
  const dir = temps.make('ownlist-migrations-')
  for (const f of fs.readdirSync(shipped).filter((f) => f.endsWith('.sql')))
    fs.copyFileSync(path.join(shipped, f), path.join(dir, f))
  for (const [name, sql] of Object.entries(extra)) fs.writeFileSync(path.join(dir, name), sql)
  return dir
}

/** A test-only next schema version (`latest` + 1): the shipped migrations plus one adding a priority. */
export function migrationsDirWithNext(temps: TempDirs, latest: number): string {
  return migrationsDirWith(temps, {
    [`${String(latest + 1).padStart(4, '0')}-add-priority.sql`]:
      'ALTER TABLE todos ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;\n',
  })
}

/** The CLI in a child process (`node --import tsx main/cli/main.ts …`), e.g. as another user. */
export function runCliProcess(
  args: string[],
  opts: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'main/cli/main.ts'), ...args], {
      cwd: REPO_ROOT,
      uid: opts.uid,
      gid: opts.gid,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.once('error', reject)
    child.once('close', (exitCode) => resolve({ exitCode, stdout, stderr }))
  })
}

/** Changes the owner of `root` and everything under it (symlinks themselves, not their targets). */
export function chownTree(root: string, uid: number, gid: number): void {
  fs.lchownSync(root, uid, gid)
  if (!fs.lstatSync(root).isDirectory()) return
  for (const name of fs.readdirSync(root)) chownTree(path.join(root, name), uid, gid)
}

/** The uid/gid of `nobody` on Linux: a user without rights to other people's files. */
export const NOBODY = { uid: 65534, gid: 65534 }

export interface BadFileCase {
  name: string
  /** The error code an import or restore of it must fail with. */
  code: string
  /** Makes the file (or folder, or link) inside `dir` and returns its path. */
  make: (dir: string) => string
  /** Reading it must fail; root reads anything, so run the operation as another user. */
  unreadable?: boolean
}

/** Writes `bytes` as `dir/name`; returns its path. */
export function writeIn(dir: string, name: string, bytes: Buffer | string): string {
  const f = path.join(dir, name)
  fs.writeFileSync(f, bytes)
  return f
}

/** Copies `source` to `dir/name` and lets `change` alter the copy (schema writes allowed); returns its path. */
export function copyAndChange(
  source: string,
  dir: string,
  name: string,
  change: (db: Database.Database) => void,
): string {
  const f = path.join(dir, name)
  fs.copyFileSync(source, f)
  const db = new Database(f, { fileMustExist: true })
  try {
    db.unsafeMode(true)
    change(db)
  } finally {
    db.close()
  }
  return f
}

/**
 * Every kind of bad file an import or a restore can be handed, each with the error it must
 * give, made from `realProfile` (a closed, checkpointed profile of several pages with to-dos;
 * it is only read when a case is made, so it may be created after this list).
 * Each case also comes as a symlink to it, which must give the same error.
 */
export function badProfileFiles(realProfile: string): BadFileCase[] {
  const real = () => fs.readFileSync(realProfile)
  const write = writeIn
  const copyAnd = (dir: string, name: string, change: (db: Database.Database) => void) =>
    copyAndChange(realProfile, dir, name, change)
  const pageSize = () => real().readUInt16BE(16)
  const cases: BadFileCase[] = [
    {
      name: 'not SQLite (text)',
      code: 'NOT_A_PROFILE',
      make: (d) => write(d, 'notes.sqlite', 'Buy milk\nCall the plumber\n'.repeat(200)),
    },
    { name: 'zero bytes', code: 'NOT_A_PROFILE', make: (d) => write(d, 'empty.sqlite', '') },
    {
      name: 'truncated (cut in half)',
      code: 'NOT_A_PROFILE',
      make: (d) => write(d, 'half.sqlite', real().subarray(0, Math.floor(real().length / 2))),
    },
    {
      name: 'truncated by one byte',
      code: 'NOT_A_PROFILE',
      make: (d) => write(d, 'short.sqlite', real().subarray(0, real().length - 1)),
    },
    {
      name: 'truncated to its first page',
      code: 'NOT_A_PROFILE',
      make: (d) => write(d, 'page1.sqlite', real().subarray(0, pageSize())),
    },
    {
      // The 100-byte header of a real profile (magic, page size, page count, Ownlist's
      // application_id) and random pages after it: it claims to be a profile and is damaged.
      name: 'random pages behind a real profile header',
      code: 'CORRUPT',
      make: (d) =>
        write(d, 'random.sqlite', Buffer.concat([real().subarray(0, 100), seededBytes(7, real().length - 100)])),
    },
    {
      name: 'random pages behind a real profile’s whole first page',
      code: 'CORRUPT',
      make: (d) =>
        write(
          d,
          'random-after-page1.sqlite',
          Buffer.concat([real().subarray(0, pageSize()), seededBytes(11, real().length - pageSize())]),
        ),
    },
    {
      // The same with a plain SQLite header (no Ownlist application_id): not ours at all.
      name: 'random pages behind a generic SQLite header',
      code: 'NOT_A_PROFILE',
      make: (d) => {
        const head = Buffer.from(real().subarray(0, 100))
        head.writeUInt32BE(0, 68)
        return write(d, 'random-generic.sqlite', Buffer.concat([head, seededBytes(13, real().length - 100)]))
      },
    },
    {
      name: 'another app’s SQLite',
      code: 'NOT_A_PROFILE',
      make: (d) => {
        const f = path.join(d, 'photos.sqlite')
        const db = new Database(f)
        db.exec(
          "CREATE TABLE photos(id INTEGER PRIMARY KEY, path TEXT); INSERT INTO photos(path) VALUES ('a.jpg'), ('b.jpg')",
        )
        db.close()
        return f
      },
    },
    {
      name: 'an Ownlist header on another app’s tables',
      code: 'NOT_A_PROFILE',
      make: (d) => {
        const f = path.join(d, 'foreign-ownl.sqlite')
        const db = new Database(f)
        db.exec("CREATE TABLE photos(id INTEGER PRIMARY KEY, path TEXT); INSERT INTO photos(path) VALUES ('a.jpg')")
        db.pragma('application_id = 0x4f574e4c')
        db.close()
        return f
      },
    },
    {
      // Garbage over one page of the to-dos b-tree (its root page).
      name: 'damaged pages',
      code: 'CORRUPT',
      make: (d) => {
        const root = new Database(realProfile, { readonly: true, fileMustExist: true })
        const page = root.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'todos'").pluck().get() as number
        root.close()
        const bytes = Buffer.from(real())
        seededBytes(17, pageSize()).copy(bytes, (page - 1) * pageSize())
        return write(d, 'damaged.sqlite', bytes)
      },
    },
    {
      // Every page readable, but an index no longer matches its table: only integrity_check sees it.
      name: 'an index out of step with its table',
      code: 'CORRUPT',
      make: (d) =>
        copyAnd(d, 'bad-index.sqlite', (db) => {
          db.pragma('writable_schema = ON')
          db.prepare(
            "UPDATE sqlite_schema SET sql = 'CREATE INDEX todos_by_list ON todos(title, position)' WHERE name = 'todos_by_list'",
          ).run()
        }),
    },
    {
      name: 'newer schema (user_version 99)',
      code: 'SCHEMA_TOO_NEW',
      make: (d) => copyAnd(d, 'future.sqlite', (db) => db.pragma('user_version = 99')),
    },
    { name: 'missing', code: 'IO_ERROR', make: (d) => path.join(d, 'missing.sqlite') },
    {
      name: 'unreadable (mode 000)',
      code: 'IO_ERROR',
      unreadable: true,
      make: (d) => {
        const f = path.join(d, 'locked.sqlite')
        fs.copyFileSync(realProfile, f)
        fs.chmodSync(f, 0o000)
        return f
      },
    },
    {
      name: 'a folder',
      code: 'NOT_A_PROFILE',
      make: (d) => {
        const f = path.join(d, 'folder.sqlite')
        fs.mkdirSync(f)
        fs.copyFileSync(realProfile, path.join(f, 'inside.sqlite'))
        return f
      },
    },
    {
      name: 'a profile without its meta table',
      code: 'NOT_A_PROFILE',
      make: (d) => copyAnd(d, 'no-meta.sqlite', (db) => db.exec('DROP TABLE meta')),
    },
    {
      name: 'a profile without a name',
      code: 'NOT_A_PROFILE',
      make: (d) => copyAnd(d, 'no-name.sqlite', (db) => db.exec("DELETE FROM meta WHERE key = 'name'")),
    },
  ]
  const links: BadFileCase[] = cases.map((c) => ({
    ...c,
    name: `a symlink to: ${c.name}`,
    make: (d) => {
      const target = c.make(d)
      const link = path.join(d, `link-to-${path.basename(target)}`)
      fs.symlinkSync(target, link)
      return link
    },
  }))
  return [...cases, ...links]
}

/** The CLI in-process with `--json`: its exit code and the one JSON document it printed. */
export async function cliJson(dataDir: string, ...args: string[]) {
  const r = await runCli(['--data-dir', dataDir, '--json', ...args], {})
  return { exitCode: r.exitCode, body: JSON.parse(r.stdout) as Record<string, any> }
}

export interface TodoFixture {
  /** How many to-dos (default 5). */
  n?: number
  title?: (i: number) => string
  notes?: (i: number) => string
  at?: Date
}

/**
 * A closed profile with the lists Inbox and Errands and `n` to-dos (every third in Errands,
 * every fourth with a due date, the first one done), written in one transaction.
 */
export async function profileWithTodos(engine: Engine, name: string, fixture: TodoFixture = {}) {
  const {
    n = 5,
    title = (i) => `To-do ${i}`,
    notes = (i) => (i % 2 ? `line 1\nline ${i}` : ''),
    at = new Date('2026-03-01T09:00:00.000Z'),
  } = fixture
  const p = engine.createProfile(name)
  await engine.writeProfile(p.id, (db) => {
    const errands = createList(db, { name: 'Errands', now: at })
    db.transaction(() => {
      for (let i = 1; i <= n; i++) {
        addTodo(db, {
          listId: i % 3 === 0 ? errands.id : 1,
          title: title(i),
          notes: notes(i),
          dueOn: i % 4 ? null : '2026-03-20',
          now: at,
        })
      }
    })()
    setDone(db, { id: 1, done: true, now: at })
  })
  return p
}
