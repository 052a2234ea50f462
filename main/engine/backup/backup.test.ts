import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Engine } from '../engine'
import { APPLICATION_ID } from '../header'
import { addTodo } from '../queries/todos'
import { bundleScript } from '../../../test/support/faults'
import {
  cliJson,
  profileWithTodos,
  REPO_ROOT,
  sha256File,
  sideFiles,
  snapshotTree,
  SUPPORT_DIR,
  SupportChild,
  TempDirs,
  userData,
  withDb,
} from '../../../test/support/helpers'
import { engineTestBed } from '../../../test/support/test-bed'
import { setUpOutside } from '../../../test/support/bad-files'

const { temps, children, newEngine } = engineTestBed()

const code = (code: string) => expect.objectContaining({ code })

/** A closed profile with two lists and `n` to-dos, some done, some with notes and due dates. */
/** A closed profile (no -wal/-shm beside it) with `n` to-dos; see test/support's profileWithTodos. */
async function closedProfile(engine: Engine, name: string, n = 5, notes?: (i: number) => string) {
  const p = await profileWithTodos(engine, name, { n, notes })
  expect(sideFiles(p.file)).toEqual([])
  return p
}

/** What a complete backup must be: an intact, self-contained Ownlist file. */
function inspectBackup(file: string) {
  return withDb(
    file,
    (db) => ({
      integrity: db.pragma('integrity_check', { simple: true }),
      applicationId: db.pragma('application_id', { simple: true }),
      schemaVersion: db.pragma('user_version', { simple: true }),
      journalMode: db.pragma('journal_mode', { simple: true }),
      todos: db.prepare('SELECT count(*) FROM todos').pluck().get() as number,
    }),
    { readonly: true },
  )
}

const setUp = () => setUpOutside(temps)

describe('backup', () => {
  it('writes a verified, self-contained copy: CLI shape, same rows, and the data folder untouched', async () => {
    const { outside, dataDir } = setUp()
    const engine = newEngine(dataDir)
    const p = await closedProfile(engine, 'Home', 25)
    const target = path.join(outside, 'home backup.sqlite')
    const data = snapshotTree(dataDir)

    const r = await cliJson(dataDir, 'backup', 'Home', target)
    expect(r.exitCode).toBe(0)
    expect(Object.keys(r.body)).toEqual(['file', 'bytes', 'verified'])
    expect(r.body).toEqual({ file: target, bytes: fs.statSync(target).size, verified: true })
    expect(fs.readdirSync(outside)).toEqual(['home backup.sqlite'])
    expect(sideFiles(target)).toEqual([])
    expect(snapshotTree(dataDir)).toEqual(data)

    expect(inspectBackup(target)).toEqual({
      integrity: 'ok',
      applicationId: APPLICATION_ID,
      schemaVersion: engine.schemaVersion,
      journalMode: 'delete',
      todos: 25,
    })
    expect(userData(target)).toEqual(userData(p.file))
    expect(sideFiles(target)).toEqual([])
    // A relative target is taken from the current folder and reported absolute.
    const rel = path.relative(process.cwd(), path.join(outside, 'relative.sqlite'))
    expect((await cliJson(dataDir, 'backup', p.id, rel)).body).toMatchObject({
      file: path.join(outside, 'relative.sqlite'),
      verified: true,
    })

    // An ordinary profile file: it imports…
    const imported = await cliJson(dataDir, 'import', target)
    expect(imported.body).toMatchObject({ name: 'Home (2)', migratedFrom: null })
    expect(userData(engine.resolve(imported.body.id).file)).toEqual(userData(target))
    // …and restores.
    const backupRows = userData(target)
    await engine.writeProfile(p.id, (db) => db.prepare('DELETE FROM todos').run())
    expect((await cliJson(dataDir, 'restore', 'Home', target)).exitCode).toBe(0)
    expect(userData(p.file)).toEqual(backupRows)
  })

  it('refuses an existing target with FILE_EXISTS, leaving it byte-identical, and replaces it with --force', async () => {
    const { outside, dataDir } = setUp()
    const engine = newEngine(dataDir)
    await closedProfile(engine, 'Work', 4)
    const target = path.join(outside, 'taken.sqlite')
    fs.writeFileSync(target, 'Someone’s precious notes, not a backup.\n')
    const sum = sha256File(target)

    const r = await cliJson(dataDir, 'backup', 'Work', target)
    expect(r).toEqual({ exitCode: 1, body: { error: { code: 'FILE_EXISTS', message: expect.any(String) } } })
    expect(sha256File(target)).toBe(sum)
    expect(fs.readdirSync(outside)).toEqual(['taken.sqlite'])

    const forced = await cliJson(dataDir, 'backup', 'Work', target, '--force')
    expect(forced.body).toEqual({ file: target, bytes: fs.statSync(target).size, verified: true })
    expect(inspectBackup(target)).toMatchObject({ integrity: 'ok', todos: 4 })
    expect(fs.readdirSync(outside)).toEqual(['taken.sqlite'])

    // A backup is refused the same way over an earlier backup.
    const earlier = sha256File(target)
    await expect(engine.backups.backupTo('Work', target)).rejects.toThrow(code('FILE_EXISTS'))
    expect(sha256File(target)).toBe(earlier)
  })

  it('fails with IO_ERROR when the target folder does not exist, and creates nothing', async () => {
    const { outside, dataDir } = setUp()
    const engine = newEngine(dataDir)
    await closedProfile(engine, 'Work', 2)
    const data = snapshotTree(dataDir)
    const target = path.join(outside, 'no such folder', 'b.sqlite')
    const r = await cliJson(dataDir, 'backup', 'Work', target)
    expect(r).toEqual({ exitCode: 1, body: { error: { code: 'IO_ERROR', message: expect.any(String) } } })
    expect(fs.readdirSync(outside)).toEqual([])
    expect(snapshotTree(dataDir)).toEqual(data)
    // And an unknown profile is PROFILE_NOT_FOUND, not a file.
    expect((await cliJson(dataDir, 'backup', 'Nobody', path.join(outside, 'x.sqlite'))).body.error.code).toBe(
      'PROFILE_NOT_FOUND',
    )
    expect(fs.readdirSync(outside)).toEqual([])
  })

  it('backs up a profile open for writing in this process: committed work in, an open transaction out', async () => {
    const { outside, dataDir } = setUp()
    const engine = newEngine(dataDir)
    const p = await closedProfile(engine, 'Open', 3)
    const session = await engine.openProfile(p.id)
    for (let i = 0; i < 5; i++) addTodo(session.db, { listId: 1, title: `Committed ${i}`, now: new Date() })
    expect(fs.statSync(`${p.file}-wal`).size).toBeGreaterThan(0)
    session.db.exec('BEGIN IMMEDIATE')
    addTodo(session.db, { listId: 1, title: 'Not committed yet', now: new Date() })

    const target = path.join(outside, 'open.sqlite')
    const r = await engine.backups.backupTo(p.id, target)
    expect(r).toEqual({ file: target, bytes: fs.statSync(target).size, verified: true })
    const titles = withDb(target, (db) => db.prepare('SELECT title FROM todos ORDER BY id').pluck().all() as string[])
    expect(titles).toEqual([
      'To-do 1',
      'To-do 2',
      'To-do 3',
      'Committed 0',
      'Committed 1',
      'Committed 2',
      'Committed 3',
      'Committed 4',
    ])
    expect(sideFiles(target)).toEqual([])

    // The session carries on undisturbed.
    session.db.exec('COMMIT')
    addTodo(session.db, { listId: 1, title: 'After the backup', now: new Date() })
    expect(session.db.prepare('SELECT count(*) FROM todos').pluck().get()).toBe(10)
    session.close()
  })

  it('backs up a profile another process holds open, with its committed work', async () => {
    const { outside, dataDir } = setUp()
    const engine = newEngine(dataDir)
    const p = await closedProfile(engine, 'Held', 3)
    const child = new SupportChild('hold-profile.ts', [dataDir, p.id, 'Written by the holder'])
    children.push(child)
    expect(JSON.parse(await child.nextLine())).toEqual({ ready: true, todoId: 4 })
    expect(fs.statSync(`${p.file}-wal`).size).toBeGreaterThan(0)

    const target = path.join(outside, 'held.sqlite')
    const r = await cliJson(dataDir, 'backup', 'Held', target)
    expect(r.body).toEqual({ file: target, bytes: fs.statSync(target).size, verified: true })
    expect(inspectBackup(target)).toMatchObject({
      integrity: 'ok',
      applicationId: APPLICATION_ID,
      journalMode: 'delete',
      todos: 4,
    })
    expect(withDb(target, (db) => db.prepare('SELECT title FROM todos WHERE id = 4').pluck().get())).toBe(
      'Written by the holder',
    )
    expect(sideFiles(target)).toEqual([])
  })

  it('takes consistent, verified backups while another process inserts rows as fast as it can', async () => {
    const { outside, dataDir } = setUp()
    const engine = newEngine(dataDir)
    const p = await closedProfile(engine, 'Busy', 3)
    const writer = new SupportChild('insert-loop.ts', [dataDir, p.id])
    children.push(writer)
    expect(await writer.nextLine()).toBe('ready')
    const count = () =>
      withDb(p.file, (db) => db.prepare('SELECT count(*) FROM todos').pluck().get() as number, { readonly: true })

    const before = count()
    const targets: string[] = []
    for (let i = 0; i < 8; i++) {
      const target = path.join(outside, `busy-${i}.sqlite`)
      // Through the engine and through the CLI, alternately.
      const r =
        i % 2 ? await engine.backups.backupTo(p.id, target) : (await cliJson(dataDir, 'backup', p.id, target)).body
      expect(r, JSON.stringify(r)).toMatchObject({ file: target, verified: true })
      expect(r.bytes).toBe(fs.statSync(target).size)
      targets.push(target)
      await new Promise((res) => setTimeout(res, 15))
    }
    const after = count()
    expect(writer.proc.exitCode).toBe(null) // still writing the whole time
    await writer.kill9()

    const counts: number[] = []
    for (const target of targets) {
      expect(sideFiles(target)).toEqual([])
      const snap = withDb(target, (db) => ({
        integrity: db.pragma('integrity_check', { simple: true }),
        applicationId: db.pragma('application_id', { simple: true }),
        n: db.prepare('SELECT count(*) FROM todos').pluck().get() as number,
        minId: db.prepare('SELECT min(id) FROM todos').pluck().get() as number,
        maxId: db.prepare('SELECT max(id) FROM todos').pluck().get() as number,
        commits: Number(db.prepare("SELECT value FROM meta WHERE key = 'test_commits'").pluck().get()),
        ftsRows: db.prepare("SELECT count(*) FROM todos_fts WHERE todos_fts MATCH 'load'").pluck().get() as number,
      }))
      expect(snap).toMatchObject({ integrity: 'ok', applicationId: APPLICATION_ID, minId: 1 })
      // Between the counts before and after, with every id from 1 to the highest present…
      expect(snap.n).toBeGreaterThanOrEqual(before)
      expect(snap.n).toBeLessThanOrEqual(after)
      expect(snap.maxId).toBe(snap.n)
      // …and exactly the transactions that had committed: 3 to start with, 2 per transaction.
      expect(snap.n).toBe(3 + 2 * snap.commits)
      expect(snap.ftsRows).toBe(2 * snap.commits)
      // The full-text index in the copy agrees with its table.
      withDb(target, (db) => db.prepare("INSERT INTO todos_fts(todos_fts, rank) VALUES ('integrity-check', 1)").run())
      counts.push(snap.n)
    }
    // The writer really was writing during the backups.
    expect(after).toBeGreaterThan(before)
    expect(new Set(counts).size).toBeGreaterThan(1)
    expect([...counts].sort((a, b) => a - b)).toEqual(counts)
  })
})

describe('kill -9 during a backup', () => {
  const TRIALS = 50
  const CLI_TRIALS = 12
  const bundles = new TempDirs()
  let outDir = ''
  afterAll(() => bundles.cleanup())
  let loopScript = ''
  let cliScript = ''

  const bundle = (source: string, name: string) => bundleScript(source, outDir, name)

  beforeAll(async () => {
    outDir = bundles.make('ownlist-bundles-')
    loopScript = await bundle(`import ${JSON.stringify(path.join(SUPPORT_DIR, 'backup-loop.ts'))}`, 'backup-loop.mjs')
    // The `ownlist` command as bin/ownlist.js runs it: runCli, then its output and exit code.
    cliScript = await bundle(
      `import { runCli } from ${JSON.stringify(path.join(REPO_ROOT, 'main/cli/main.ts'))}
const result = await runCli(process.argv.slice(2))
process.stdout.write(result.stdout)
process.stderr.write(result.stderr)
process.exitCode = result.exitCode`,
      'ownlist.mjs',
    )
  })

  const running: ReturnType<typeof spawn>[] = []
  afterEach(() => {
    // A failed trial must not leave a child backing up in a loop.
    for (const proc of running.splice(0)) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL')
  })

  function startChild(script: string, args: string[]) {
    const proc = spawn(process.execPath, [script, ...args], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
    running.push(proc)
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      proc.once('exit', (c, s) => resolve({ code: c, signal: s })),
    )
    const lines: string[] = []
    let stderr = ''
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const firstLine = new Promise<string>((resolve, reject) => {
      const rl = readline.createInterface({ input: proc.stdout })
      rl.on('line', (l) => {
        lines.push(l)
        if (lines.length === 1) resolve(l)
      })
      rl.on('close', () => reject(new Error(`child ended without output: ${stderr}`)))
    })
    firstLine.catch(() => {})
    return { proc, exited, lines, firstLine, stderr: () => stderr }
  }

  /** After a trial: the target is absent or a complete backup; only temporary names are beside it. */
  function checkAfterKill(outside: string, target: string, source: string, todos: number): 'absent' | 'complete' {
    const names = fs.readdirSync(outside)
    const base = path.basename(target)
    const stray = names.filter((n) => n !== base)
    for (const n of stray)
      expect(n).toMatch(
        new RegExp(`^\\.${base.replace(/\./g, '\\.')}\\.\\d+\\.[0-9a-f]{16}\\.partial(-journal|-wal|-shm)?$`),
      )
    for (const n of stray) fs.rmSync(path.join(outside, n))
    // The source is intact whatever happened.
    expect(
      withDb(
        source,
        (db) => [
          db.pragma('integrity_check', { simple: true }),
          db.prepare('SELECT count(*) FROM todos').pluck().get(),
        ],
        { readonly: true },
      ),
    ).toEqual(['ok', todos])
    if (!names.includes(base)) return 'absent'
    expect(sideFiles(target)).toEqual([])
    expect(inspectBackup(target)).toEqual({
      integrity: 'ok',
      applicationId: APPLICATION_ID,
      schemaVersion: expect.any(Number),
      journalMode: 'delete',
      todos,
    })
    expect(sideFiles(target)).toEqual([])
    return 'complete'
  }

  it(`never leaves anything but a complete, verified backup at the target name (${TRIALS} + ${CLI_TRIALS} trials at random moments)`, async () => {
    const { outside, dataDir } = setUp()
    const engine = newEngine(dataDir)
    const TODOS = 4000
    const p = await closedProfile(engine, 'Big', TODOS, (i) => `Notes for to-do ${i}: ${'lorem ipsum '.repeat(20)}`)
    const source = p.file
    const target = path.join(outside, 'big.sqlite')

    // How long a child takes for its first backups, so the kills land across whole backups.
    const calibration = startChild(loopScript, [dataDir, p.id, target])
    expect(await calibration.firstLine, calibration.stderr()).toBe('ready')
    const t0 = performance.now()
    calibration.proc.stdin.write('go\n')
    while (calibration.lines.length < 3) await new Promise((res) => setTimeout(res, 1))
    const cycleMs = (performance.now() - t0) / 2
    calibration.proc.kill('SIGKILL')
    await calibration.exited
    expect(checkAfterKill(outside, target, source, TODOS)).toBe('complete')

    const outcomes = { absent: 0, complete: 0, partialsLeft: 0, backupsFinished: 0 }
    // Trials alternate between no target yet and a complete backup already there (--force replaces it).
    for (let trial = 0; trial < TRIALS; trial++) {
      if (trial % 2 === 0) fs.rmSync(target, { force: true })
      else if (!fs.existsSync(target)) await engine.backups.backupTo(p.id, target)
      const child = startChild(loopScript, [dataDir, p.id, target])
      expect(await child.firstLine, child.stderr()).toBe('ready')
      child.proc.stdin.write('go\n')
      await new Promise((res) => setTimeout(res, Math.random() * 2.5 * cycleMs))
      child.proc.kill('SIGKILL')
      expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' })
      outcomes.backupsFinished += child.lines.length - 1
      if (fs.readdirSync(outside).some((n) => n.endsWith('.partial'))) outcomes.partialsLeft++
      const outcome = checkAfterKill(outside, target, source, TODOS)
      if (trial % 2 === 0) outcomes[outcome]++
      else expect(outcome).toBe('complete')
    }

    // The real CLI (`ownlist backup <profile> <target> --force`), killed at a random moment of its run.
    const fullRun = startChild(cliScript, ['--data-dir', dataDir, '--json', 'backup', p.id, target, '--force'])
    const t1 = performance.now()
    expect(JSON.parse(await fullRun.firstLine)).toEqual({
      file: target,
      bytes: fs.statSync(target).size,
      verified: true,
    })
    await fullRun.exited
    const runMs = performance.now() - t1
    for (let trial = 0; trial < CLI_TRIALS; trial++) {
      if (trial % 2 === 0) fs.rmSync(target, { force: true })
      const child = startChild(cliScript, ['--data-dir', dataDir, '--json', 'backup', p.id, target, '--force'])
      await new Promise((res) => setTimeout(res, Math.random() * runMs))
      child.proc.kill('SIGKILL')
      await child.exited
      checkAfterKill(outside, target, source, TODOS)
    }

    console.log(
      'kill -9 trials',
      JSON.stringify({ cycleMs: Math.round(cycleMs), runMs: Math.round(runMs), ...outcomes }),
    )
    // The kills really landed at different points: before the first rename, after it, and mid-copy.
    expect(outcomes.absent, JSON.stringify(outcomes)).toBeGreaterThan(0)
    expect(outcomes.complete, JSON.stringify(outcomes)).toBeGreaterThan(0)
    expect(outcomes.partialsLeft, JSON.stringify(outcomes)).toBeGreaterThanOrEqual(TRIALS / 5)
    expect(outcomes.backupsFinished, JSON.stringify(outcomes)).toBeGreaterThan(0)
  }, 150_000)
})
