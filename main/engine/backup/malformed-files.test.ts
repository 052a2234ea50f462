// Fuzzing the file readers: every class of malformed file goes through import, restore and the
// listing of the profiles folder (and the report). Each must give a coded error (the listing: an
// ignored entry with a reason, or, where listing it is by design, a coded error on opening), never
// hang (FIFOs, devices, a 2 GB file) and never change a byte of the file.
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../cli/main'
import { Engine } from '../engine'
import { ERROR_CODES } from '../errors'
import { createList } from '../queries/lists'
import { addTodo } from '../queries/todos'
import {
  copyAndChange,
  seededBytes,
  sha256File,
  snapshotTree,
  TempDirs,
  withDb,
  writeIn,
} from '../../../test/support/helpers'

const temps = new TempDirs()
afterEach(() => temps.cleanup())

const fixtureDir = path.join(os.tmpdir(), `ownlist-malformed-${crypto.randomUUID()}`)
/** A closed profile of several pages with to-dos; the other files are made from it. */
const REAL = path.join(fixtureDir, 'real.sqlite')
/** A -wal of another Ownlist profile, and one of another app's database. */
const PROFILE_WAL = path.join(fixtureDir, 'profile-wal-copy')
const APP_WAL = path.join(fixtureDir, 'app-wal-copy')
let realRows: unknown[] = []

beforeAll(async () => {
  fs.mkdirSync(fixtureDir)
  const engine = new Engine({ dataDir: path.join(fixtureDir, 'data') })
  const p = engine.createProfile('Real')
  await engine.writeProfile(p.id, (db) => {
    const errands = createList(db, { name: 'Errands', now: new Date() })
    for (let i = 1; i <= 300; i++)
      addTodo(db, { listId: i % 2 ? 1 : errands.id, title: `To-do ${i}`, notes: 'n'.repeat(150), now: new Date() })
  })
  fs.copyFileSync(p.file, REAL)
  realRows = withDb(REAL, (db) => db.prepare('SELECT id, title FROM todos ORDER BY id').all())
  // A -wal with committed work of another profile, taken while its session is open.
  const other = engine.createProfile('Other')
  const s = await engine.openProfile(other.id)
  s.db.pragma('wal_autocheckpoint = 0')
  for (let i = 1; i <= 50; i++) addTodo(s.db, { listId: 1, title: `Other ${i}`, now: new Date() })
  fs.copyFileSync(`${other.file}-wal`, PROFILE_WAL)
  s.close()
  engine.close()
  const app = new Database(path.join(fixtureDir, 'other-app.sqlite'))
  app.pragma('journal_mode = WAL')
  app.pragma('wal_autocheckpoint = 0')
  app.exec('CREATE TABLE photos(id INTEGER PRIMARY KEY, path TEXT)')
  for (let i = 0; i < 200; i++)
    app.prepare('INSERT INTO photos(path) VALUES (?)').run(`photo-${i}.jpg`.padEnd(100, '.'))
  fs.copyFileSync(path.join(fixtureDir, 'other-app.sqlite-wal'), APP_WAL)
  app.close()
})
afterAll(() => fs.rmSync(fixtureDir, { recursive: true, force: true }))

const real = () => fs.readFileSync(REAL)
const pageSize = () => real().readUInt16BE(16)
const GB2 = 2 * 1024 * 1024 * 1024

/** What the listing must do with the file in the profiles folder. */
type ListingExpectation = { ignored: RegExp } | { listedThenOpen: string }

interface MalformedClass {
  name: string
  /** The import's and the restore's error code, or "ok" where the file is usable after all. */
  code: string
  listing: ListingExpectation
  /** Makes the file (and whatever sits beside it) as `dir/name`; returns its path. */
  make: (dir: string, name: string) => string
}

const write = writeIn
/** Cases made by copying the real profile and running `sql` on the copy: [name, code, listing, sql]. */
const changedCopies = (rows: [string, string, ListingExpectation, string][]): MalformedClass[] =>
  rows.map(([name, code, listing, sql]) => ({
    name,
    code,
    listing,
    make: (dir, file) => copyAndChange(REAL, dir, file, (db) => db.exec(sql)),
  }))

function withPageSize(size: number) {
  return (dir: string, name: string) => {
    const b = Buffer.from(real())
    b.writeUInt16BE(size, 16)
    return write(dir, name, b)
  }
}

const IGNORED = { ignored: /./ }

/** A maker that puts something at `dir/name` with `put` and returns its path. */
const at = (put: (f: string, dir: string, name: string) => void) => (dir: string, name: string) => {
  const f = path.join(dir, name)
  put(f, dir, name)
  return f
}
/** The real profile with a `-wal` copied beside it. */
const realBesideWal = (wal: string) =>
  at((f) => {
    fs.copyFileSync(REAL, f)
    fs.copyFileSync(wal, `${f}-wal`)
  })
/** A file that `start` writes, then padded (sparse) to 2 GB. */
const paddedTo2GB = (start: (f: string) => void) =>
  at((f) => {
    start(f)
    fs.truncateSync(f, GB2)
  })
/** Another app's SQLite database (photos), which `change` may alter before it is closed. */
const photosDb = (change: (db: Database.Database) => void = () => {}) =>
  at((f) => {
    const db = new Database(f)
    db.exec("CREATE TABLE photos(id INTEGER PRIMARY KEY, path TEXT); INSERT INTO photos(path) VALUES ('a.jpg')")
    change(db)
    db.close()
  })
const linkTo = (target: string) => at((f) => fs.symlinkSync(target, f))

const CLASSES: MalformedClass[] = [
  {
    name: 'text',
    code: 'NOT_A_PROFILE',
    listing: { ignored: /not a SQLite/ },
    make: (d, n) => write(d, n, 'Buy milk\nCall the plumber\n'.repeat(100)),
  },
  { name: 'zero bytes', code: 'NOT_A_PROFILE', listing: { ignored: /empty/ }, make: (d, n) => write(d, n, '') },
  {
    name: 'one byte',
    code: 'NOT_A_PROFILE',
    listing: { ignored: /not a SQLite/ },
    make: (d, n) => write(d, n, real().subarray(0, 1)),
  },
  {
    name: '99 bytes of a real header',
    code: 'NOT_A_PROFILE',
    listing: { ignored: /not a SQLite/ },
    make: (d, n) => write(d, n, real().subarray(0, 99)),
  },
  {
    name: 'the 100-byte header only',
    code: 'NOT_A_PROFILE',
    listing: { ignored: /truncated/ },
    make: (d, n) => write(d, n, real().subarray(0, 100)),
  },
  {
    name: 'truncated to its first page',
    code: 'NOT_A_PROFILE',
    listing: { ignored: /truncated/ },
    make: (d, n) => write(d, n, real().subarray(0, pageSize())),
  },
  {
    name: 'truncated mid-page (1.5 pages)',
    code: 'NOT_A_PROFILE',
    listing: { ignored: /truncated/ },
    make: (d, n) => write(d, n, real().subarray(0, pageSize() * 1.5)),
  },
  {
    name: 'truncated in half',
    code: 'NOT_A_PROFILE',
    listing: { ignored: /truncated/ },
    make: (d, n) => write(d, n, real().subarray(0, Math.floor(real().length / 2))),
  },
  {
    name: 'truncated by one byte',
    code: 'NOT_A_PROFILE',
    listing: { ignored: /truncated/ },
    make: (d, n) => write(d, n, real().subarray(0, real().length - 1)),
  },
  {
    name: 'random bytes behind a generic SQLite header',
    code: 'NOT_A_PROFILE',
    listing: { ignored: /another app/ },
    make: (d, n) => {
      const head = Buffer.from(real().subarray(0, 100))
      head.writeUInt32BE(0, 68)
      return write(d, n, Buffer.concat([head, seededBytes(21, real().length - 100)]))
    },
  },
  {
    name: 'random bytes behind an Ownlist header',
    code: 'CORRUPT',
    listing: IGNORED,
    make: (d, n) => write(d, n, Buffer.concat([real().subarray(0, 100), seededBytes(23, real().length - 100)])),
  },
  {
    name: 'a valid header with damaged pages',
    code: 'CORRUPT',
    listing: IGNORED,
    make: (d, n) => {
      const page = withDb(
        REAL,
        (db) => db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'meta'").pluck().get() as number,
        { readonly: true },
      )
      const b = Buffer.from(real())
      seededBytes(29, pageSize()).copy(b, (page - 1) * pageSize())
      return write(d, n, b)
    },
  },
  { name: 'a wrong page size (1024 declared)', code: 'CORRUPT', listing: IGNORED, make: withPageSize(1024) },
  {
    name: 'a wrong page size (8192 declared)',
    code: 'NOT_A_PROFILE',
    listing: { ignored: /truncated/ },
    make: withPageSize(8192),
  },
  {
    name: 'an impossible page size (1000)',
    code: 'NOT_A_PROFILE',
    listing: { ignored: /damaged SQLite header/ },
    make: withPageSize(1000),
  },
  {
    name: 'a -wal of another Ownlist profile beside it',
    code: 'CORRUPT',
    listing: IGNORED,
    make: realBesideWal(PROFILE_WAL),
  },
  {
    name: 'a -wal of another app’s database beside it',
    code: 'NOT_A_PROFILE',
    listing: IGNORED,
    make: realBesideWal(APP_WAL),
  },
  {
    name: 'a 2 GB sparse file',
    code: 'NOT_A_PROFILE',
    listing: { ignored: /not a SQLite/ },
    make: paddedTo2GB((f) => fs.writeFileSync(f, '')),
  },
  {
    // SQLite never reads past the database its header describes: only the database is copied.
    name: 'a real profile padded to 2 GB (sparse)',
    code: 'ok',
    listing: { listedThenOpen: 'skip' },
    make: paddedTo2GB((f) => fs.copyFileSync(REAL, f)),
  },
  {
    name: 'another app’s SQLite',
    code: 'NOT_A_PROFILE',
    listing: { ignored: /another app/ },
    make: photosDb(),
  },
  {
    name: 'Ownlist’s application_id on another app’s schema',
    code: 'NOT_A_PROFILE',
    listing: IGNORED,
    make: photosDb((db) => {
      db.pragma('application_id = 0x4f574e4c')
      db.pragma('user_version = 2')
    }),
  },
  // Copies of the real profile with one change to its schema or header fields.
  ...changedCopies([
    ['its meta table missing', 'NOT_A_PROFILE', IGNORED, 'DROP TABLE meta'],
    [
      'meta without a name',
      'NOT_A_PROFILE',
      { ignored: /without a profile name/ },
      "DELETE FROM meta WHERE key = 'name'",
    ],
    [
      'a meta table with the wrong columns',
      'NOT_A_PROFILE',
      IGNORED,
      "DROP TABLE meta; CREATE TABLE meta(k, v); INSERT INTO meta VALUES ('name', 'Real')",
    ],
    ['its todos table missing', 'CORRUPT', { listedThenOpen: 'CORRUPT' }, 'DROP TABLE todos'],
    ['its full-text table dropped', 'CORRUPT', { listedThenOpen: 'CORRUPT' }, 'DROP TABLE todos_fts'],
    ['user_version 99', 'SCHEMA_TOO_NEW', { listedThenOpen: 'SCHEMA_TOO_NEW' }, 'PRAGMA user_version = 99'],
    ['a negative user_version', 'NOT_A_PROFILE', { ignored: /invalid schema version/ }, 'PRAGMA user_version = -7'],
    ['user_version 0', 'NOT_A_PROFILE', { ignored: /invalid schema version/ }, 'PRAGMA user_version = 0'],
  ]),
  {
    name: 'a directory',
    code: 'NOT_A_PROFILE',
    listing: { ignored: /folder/ },
    make: at((f) => {
      fs.mkdirSync(f)
      fs.copyFileSync(REAL, path.join(f, 'inside.sqlite'))
    }),
  },
  {
    name: 'a symlink loop',
    code: 'IO_ERROR',
    listing: { ignored: /cannot be read \(ELOOP\)/ },
    make: at((f, _d, n) => {
      fs.symlinkSync(`${n}.loop`, f)
      fs.symlinkSync(n, `${f}.loop`)
    }),
  },
  {
    name: 'a dangling symlink',
    code: 'IO_ERROR',
    listing: { ignored: /cannot be read \(ENOENT\)/ },
    make: at((f, d) => fs.symlinkSync(path.join(d, 'nothing-here.sqlite'), f)),
  },
  {
    name: 'a FIFO',
    code: 'NOT_A_PROFILE',
    listing: { ignored: /not a regular file/ },
    make: at((f) => execFileSync('mkfifo', [f])),
  },
  {
    name: 'a link to /dev/zero',
    code: 'NOT_A_PROFILE',
    listing: { ignored: /not a regular file/ },
    make: linkTo('/dev/zero'),
  },
  {
    name: 'a link to /dev/urandom',
    code: 'NOT_A_PROFILE',
    listing: { ignored: /not a regular file/ },
    make: linkTo('/dev/urandom'),
  },
]

/**
 * Every entry under `root` without ever opening anything but a regular file (a FIFO would
 * block): type, target of a link, size, and the bytes' hash (head and tail for huge sparse files).
 */
function fingerprint(root: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name)
      const rel = path.relative(root, full)
      const st = fs.lstatSync(full)
      if (st.isSymbolicLink()) out[rel] = `link -> ${fs.readlinkSync(full)}`
      else if (st.isDirectory()) {
        out[`${rel}/`] = 'dir'
        walk(full)
      } else if (!st.isFile()) out[rel] = st.isFIFO() ? 'fifo' : 'special'
      else if (st.size < 64 * 1024 * 1024) out[rel] = `${st.size} ${sha256File(full)}`
      else {
        const fd = fs.openSync(full, 'r')
        const head = Buffer.alloc(1 << 20)
        const tail = Buffer.alloc(1 << 20)
        fs.readSync(fd, head, 0, head.length, 0)
        fs.readSync(fd, tail, 0, tail.length, st.size - tail.length)
        fs.closeSync(fd)
        out[rel] = `${st.size} ${st.mtimeMs} ${crypto.createHash('sha256').update(head).update(tail).digest('hex')}`
      }
    }
  }
  walk(root)
  return out
}

async function cli(dataDir: string, ...args: string[]) {
  const r = await runCli(['--data-dir', dataDir, '--json', ...args], {})
  return { exitCode: r.exitCode, body: JSON.parse(r.stdout) as any }
}

/** A coded error whose message is words: no stack, no SQLite code, no path. */
function expectCoded(body: any, code: string) {
  expect(body).toEqual({ error: { code, message: expect.any(String) } })
  expect(ERROR_CODES).toContain(body.error.code)
  expect(body.error.message).not.toMatch(/\n\s+at |SQLITE_|\/tmp\//)
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms (a hang?)`)), ms),
    ),
  ])

describe('malformed files through import, restore and listing', () => {
  it(`has at least 20 classes (${CLASSES.length})`, () => {
    expect(CLASSES.length).toBeGreaterThanOrEqual(20)
  })

  it.each(CLASSES)('$name → $code on import and restore; the listing copes; no byte changes', async (c) => {
    const root = temps.make()
    const outside = path.join(root, 'outside')
    fs.mkdirSync(outside)
    const dataDir = path.join(root, 'data')
    const engine = new Engine({ dataDir })
    const target = engine.createProfile('Precious')
    await engine.writeProfile(target.id, (db) => addTodo(db, { listId: 1, title: 'Keep me', now: new Date() }))
    engine.close()
    const file = c.make(outside, 'candidate.sqlite')
    const outsideBefore = fingerprint(outside)
    const dataBefore = snapshotTree(dataDir)

    // Import.
    const started = Date.now()
    const imported = await withTimeout(cli(dataDir, 'import', file), 20_000, 'import')
    if (c.code === 'ok') {
      expect(imported.body, JSON.stringify(imported.body)).toMatchObject({ name: 'Real' })
      const added = path.join(dataDir, 'profiles', `${imported.body.id}.sqlite`)
      expect(withDb(added, (db) => db.prepare('SELECT id, title FROM todos ORDER BY id').all())).toEqual(realRows)
      // Only the database was copied, not the padding.
      expect(fs.statSync(added).size).toBe(fs.statSync(REAL).size)
      expect((await cli(dataDir, 'profiles', 'delete', imported.body.id)).exitCode).toBe(0)
    } else {
      expectCoded(imported.body, c.code)
      expect(imported.exitCode).toBe(1)
      expect(snapshotTree(dataDir)).toEqual(dataBefore)
    }
    expect(fingerprint(outside)).toEqual(outsideBefore)

    // Restore over "Precious".
    const dataBeforeRestore = snapshotTree(dataDir)
    const restored = await withTimeout(cli(dataDir, 'restore', target.id, file), 20_000, 'restore')
    if (c.code === 'ok') {
      expect(restored.exitCode, JSON.stringify(restored.body)).toBe(0)
      expect(withDb(target.file, (db) => db.prepare('SELECT id, title FROM todos ORDER BY id').all())).toEqual(realRows)
    } else {
      expectCoded(restored.body, c.code)
      expect(snapshotTree(dataDir)).toEqual(dataBeforeRestore)
      expect(withDb(target.file, (db) => db.prepare('SELECT title FROM todos').pluck().all())).toEqual(['Keep me'])
    }
    expect(fingerprint(outside)).toEqual(outsideBefore)
    expect(Date.now() - started).toBeLessThan(15_000)

    // The same file in the profiles folder, under a profile's name.
    const profilesDir = path.join(dataDir, 'profiles')
    const id = crypto.randomUUID()
    c.make(profilesDir, `${id}.sqlite`)
    const before = fingerprint(profilesDir)
    const listed = await withTimeout(cli(dataDir, 'profiles', 'list'), 20_000, 'listing')
    expect(listed.exitCode).toBe(0)
    const ignored = (listed.body.ignored as { file: string; reason: string }[]).find((i) => i.file === `${id}.sqlite`)
    const profile = (listed.body.profiles as { id: string }[]).find((p) => p.id === id)
    if ('ignored' in c.listing) {
      expect(profile).toBeUndefined()
      expect(ignored?.reason, JSON.stringify(listed.body)).toMatch(c.listing.ignored)
      // Nothing can open it as a profile.
      expectCoded((await cli(dataDir, 'todos', 'list', id)).body, 'PROFILE_NOT_FOUND')
    } else {
      expect(profile, JSON.stringify(listed.body)).toBeDefined()
      if (c.listing.listedThenOpen !== 'skip') {
        expectCoded((await cli(dataDir, 'todos', 'add', id, 'Must not land')).body, c.listing.listedThenOpen)
        const migrated = (await cli(dataDir, 'migrate', id)).body.results[0]
        expect(migrated.error.code).toBe(c.listing.listedThenOpen)
      }
    }
    // The report and a fleet migration pass over it too, without hanging or touching it.
    const report = await withTimeout(cli(dataDir, 'report'), 20_000, 'report')
    expect(report.exitCode).toBe(0)
    // (Not over a usable profile: migrate --all opens those, and opening stamps last_opened_at.)
    if (!('listedThenOpen' in c.listing && c.listing.listedThenOpen === 'skip')) {
      expect((await withTimeout(cli(dataDir, 'migrate', '--all'), 20_000, 'migrate --all')).exitCode).toBe(0)
    }
    // SQLite may add a -shm beside a file whose -wal it had to read; the file and its -wal stay as they were.
    const after = fingerprint(profilesDir)
    for (const [name, value] of Object.entries(before)) if (name.startsWith(id)) expect(after[name], name).toBe(value)
    for (const name of Object.keys(after))
      if (name.startsWith(id)) expect(Object.keys(before).includes(name) || name.endsWith('-shm'), name).toBe(true)
  })
})
