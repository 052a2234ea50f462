import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Engine } from '../engine/engine'
import { createList } from '../engine/queries/lists'
import { packageVersion } from '../engine/resources'
import { REPO_ROOT, snapshotTree, TempDirs, UUID_RE } from '../../test/support/helpers'
import { runCli } from './main'

const temps = new TempDirs()
let dataDir: string
beforeEach(() => {
  dataDir = temps.make()
})
afterEach(() => temps.cleanup())

interface Run {
  exitCode: number
  stdout: string
  stderr: string
  body: any
}

/** Runs the CLI in-process with --json and checks that stdout is exactly one JSON document. */
async function cli(...args: string[]): Promise<Run> {
  const r = await runCli(['--data-dir', dataDir, '--json', ...args], {})
  expect(r.stdout.endsWith('\n'), r.stdout).toBe(true)
  expect(r.stdout.slice(0, -1)).not.toContain('\n')
  const body = JSON.parse(r.stdout) as unknown
  expect(`${JSON.stringify(body)}\n`).toBe(r.stdout)
  expect(r.stderr).toBe('')
  return { ...r, body }
}

async function ok(...args: string[]): Promise<any> {
  const r = await cli(...args)
  expect(r.exitCode, r.stdout).toBe(0)
  return r.body
}

/** A failure: exit 1 and exactly {"error":{"code","message"}}. */
async function fails(expectedCode: string, ...args: string[]): Promise<void> {
  const r = await cli(...args)
  expect(r.exitCode, r.stdout).toBe(1)
  expect(r.body).toEqual({ error: { code: expectedCode, message: expect.any(String) } })
  expect(r.body.error.message.length).toBeGreaterThan(0)
}

/** A usage error: exit 2 and the same error shape. */
async function usage(...args: string[]): Promise<void> {
  const r = await cli(...args)
  expect(r.exitCode, r.stdout).toBe(2)
  expect(r.body).toEqual({ error: { code: 'INVALID_ARGUMENT', message: expect.any(String) } })
}

const keys = (o: object) => Object.keys(o).sort()
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

describe('profiles commands', () => {
  it('create → {id, name, schemaVersion}', async () => {
    const body = await ok('profiles', 'create', '  Work  ')
    expect(keys(body)).toEqual(['id', 'name', 'schemaVersion'])
    expect(body).toEqual({
      id: expect.stringMatching(UUID_RE),
      name: 'Work',
      schemaVersion: new Engine({ dataDir }).schemaVersion,
    })
  })

  it('list → {profiles:[{id,name,schemaVersion,sizeBytes,createdAt,lastOpenedAt}], ignored:[{file,reason}]}', async () => {
    expect(await ok('profiles', 'list')).toEqual({ profiles: [], ignored: [] })
    const work = await ok('profiles', 'create', 'Work')
    await ok('profiles', 'create', 'Home')
    fs.writeFileSync(
      path.join(dataDir, 'profiles', 'junk.sqlite'),
      'not a database at all, just some text that is long enough',
    )

    const body = await ok('profiles', 'list')
    expect(keys(body)).toEqual(['ignored', 'profiles'])
    expect(body.profiles.map((p: { name: string }) => p.name)).toEqual(['Home', 'Work'])
    for (const p of body.profiles) {
      expect(keys(p)).toEqual(['createdAt', 'id', 'lastOpenedAt', 'name', 'schemaVersion', 'sizeBytes'])
      expect(p).toEqual({
        id: expect.stringMatching(UUID_RE),
        name: expect.any(String),
        schemaVersion: work.schemaVersion,
        sizeBytes: expect.any(Number),
        createdAt: expect.stringMatching(ISO),
        lastOpenedAt: null,
      })
      expect(p.sizeBytes).toBeGreaterThan(0)
    }
    expect(body.ignored).toEqual([{ file: 'junk.sqlite', reason: expect.any(String) }])
    expect(keys(body.ignored[0])).toEqual(['file', 'reason'])

    // After a write, lastOpenedAt is a time.
    await ok('todos', 'add', 'Work', 'Something')
    const after = await ok('profiles', 'list')
    expect(after.profiles.find((p: { id: string }) => p.id === work.id).lastOpenedAt).toMatch(ISO)
  })

  it('rename → {id, name}; delete → {id, trashedTo}', async () => {
    const work = await ok('profiles', 'create', 'Work')
    const renamed = await ok('profiles', 'rename', 'Work', 'Job')
    expect(keys(renamed)).toEqual(['id', 'name'])
    expect(renamed).toEqual({ id: work.id, name: 'Job' })
    // By id as well.
    expect(await ok('profiles', 'rename', work.id, 'JOB')).toEqual({ id: work.id, name: 'JOB' })

    const deleted = await ok('profiles', 'delete', 'JOB')
    expect(keys(deleted)).toEqual(['id', 'trashedTo'])
    expect(deleted.id).toBe(work.id)
    expect(path.dirname(deleted.trashedTo)).toBe(path.join(dataDir, 'trash'))
    expect(fs.existsSync(deleted.trashedTo)).toBe(true)
    expect((await ok('profiles', 'list')).profiles).toEqual([])
  })

  it('name errors: INVALID_NAME and NAME_TAKEN, exit 1, nothing changed', async () => {
    await ok('profiles', 'create', 'Work')
    const before = snapshotTree(dataDir)
    await fails('INVALID_NAME', 'profiles', 'create', '   ')
    await fails('INVALID_NAME', 'profiles', 'create', 'x'.repeat(81))
    await fails('INVALID_NAME', 'profiles', 'create', 'a\nb')
    await fails('NAME_TAKEN', 'profiles', 'create', 'WORK')
    await fails('INVALID_NAME', 'profiles', 'rename', 'Work', '')
    expect(snapshotTree(dataDir)).toEqual(before)
  })

  it('PROFILE_NOT_FOUND and AMBIGUOUS_PROFILE', async () => {
    const work = await ok('profiles', 'create', 'Work')
    for (const args of [
      ['todos', 'list', 'Nope'],
      ['todos', 'add', 'Nope', 'x'],
      ['todos', 'done', 'Nope', '1'],
      ['profiles', 'rename', 'Nope', 'New'],
      ['profiles', 'delete', 'Nope'],
      ['migrate', 'Nope'],
      // Names are exact: a different case is not the profile.
      ['todos', 'list', 'work'],
    ]) {
      await fails('PROFILE_NOT_FOUND', ...args)
    }

    // A copied file: two profiles carry the name "Work".
    const copyId = crypto.randomUUID()
    fs.copyFileSync(
      path.join(dataDir, 'profiles', `${work.id}.sqlite`),
      path.join(dataDir, 'profiles', `${copyId}.sqlite`),
    )
    expect((await ok('profiles', 'list')).profiles.map((p: { id: string; name: string }) => p.name)).toEqual([
      'Work',
      'Work',
    ])
    for (const args of [
      ['todos', 'list', 'Work'],
      ['todos', 'add', 'Work', 'x'],
      ['profiles', 'delete', 'Work'],
      ['migrate', 'Work'],
    ]) {
      await fails('AMBIGUOUS_PROFILE', ...args)
    }
    // Ids still work.
    expect((await ok('todos', 'add', copyId, 'In the copy')).title).toBe('In the copy')
    expect((await ok('todos', 'list', work.id)).todos).toEqual([])
  })
})

describe('todos commands', () => {
  let profileId: string
  beforeEach(async () => {
    profileId = (await ok('profiles', 'create', 'P')).id
    const engine = new Engine({ dataDir })
    await engine.writeProfile(profileId, (db) => createList(db, { name: 'Errands', now: new Date() }))
    engine.close()
  })

  it('add → {id, title, listId, done, dueOn, repeat, remindAt}, with --list, --due and --notes', async () => {
    const a = await ok('todos', 'add', 'P', '  Buy milk  ')
    expect(keys(a)).toEqual(['done', 'dueOn', 'id', 'listId', 'remindAt', 'repeat', 'title'])
    expect(a).toEqual({ id: 1, title: 'Buy milk', listId: 1, done: false, dueOn: null, repeat: null, remindAt: null })

    const b = await ok(
      'todos',
      'add',
      'P',
      'Post parcel',
      '--list',
      'Errands',
      '--due',
      '2026-04-01',
      '--notes',
      'at the corner shop',
    )
    expect(b).toEqual({
      id: 2,
      title: 'Post parcel',
      listId: 2,
      done: false,
      dueOn: '2026-04-01',
      repeat: null,
      remindAt: null,
    })
    const listed = await ok('todos', 'list', 'P', '--list', 'Errands')
    expect(listed.todos).toEqual([
      {
        id: 2,
        title: 'Post parcel',
        notes: 'at the corner shop',
        done: false,
        dueOn: '2026-04-01',
        listId: 2,
        repeat: null,
        remindAt: null,
      },
    ])
  })

  it('add rejects bad input with INVALID_ARGUMENT (exit 1) and adds nothing', async () => {
    await fails('INVALID_ARGUMENT', 'todos', 'add', 'P', 'Bad date', '--due', '2026-02-30')
    await fails('INVALID_ARGUMENT', 'todos', 'add', 'P', 'Bad date', '--due', '2026-1-1')
    await fails('INVALID_ARGUMENT', 'todos', 'add', 'P', '   ')
    await fails('INVALID_ARGUMENT', 'todos', 'add', 'P', 'two\nlines')
    await fails('INVALID_ARGUMENT', 'todos', 'add', 'P', 't'.repeat(501))
    await fails('NOT_FOUND', 'todos', 'add', 'P', 'Nowhere', '--list', 'No such list')
    expect((await ok('todos', 'list', 'P')).todos).toEqual([])
  })

  it('list → {todos:[{id,title,notes,done,dueOn,listId,repeat,remindAt}]} with --open, --done, --search and --list', async () => {
    await ok('todos', 'add', 'P', 'Buy groceries', '--notes', 'oat milk')
    await ok('todos', 'add', 'P', 'Call the plumber')
    await ok('todos', 'add', 'P', 'Groceries for the party', '--list', 'Errands')
    expect(await ok('todos', 'done', 'P', '2')).toEqual({ id: 2, done: true, next: null })

    const all = await ok('todos', 'list', 'P')
    expect(keys(all)).toEqual(['todos'])
    expect(all.todos).toHaveLength(3)
    for (const t of all.todos)
      expect(keys(t)).toEqual(['done', 'dueOn', 'id', 'listId', 'notes', 'remindAt', 'repeat', 'title'])
    expect(all.todos[0]).toEqual({
      id: 1,
      title: 'Buy groceries',
      notes: 'oat milk',
      done: false,
      dueOn: null,
      listId: 1,
      repeat: null,
      remindAt: null,
    })

    const ids = async (...flags: string[]) =>
      (await ok('todos', 'list', 'P', ...flags)).todos.map((t: { id: number }) => t.id)
    expect(await ids('--open')).toEqual([1, 3])
    expect(await ids('--done')).toEqual([2])
    expect((await ids('--search', 'groc')).sort()).toEqual([1, 3])
    expect(await ids('--search', 'milk')).toEqual([1])
    expect(await ids('--search', '!!!')).toEqual([])
    expect(await ids('--search', 'groceries', '--list', 'Errands')).toEqual([3])
    expect(await ids('--search', 'plumber', '--open')).toEqual([])
    expect(await ids('--list', 'Inbox', '--done')).toEqual([2])
    await fails('NOT_FOUND', 'todos', 'list', 'P', '--list', 'Nope')
    await usage('todos', 'list', 'P', '--open', '--done')
  })

  it('done → {id, done:true, next:null}; INVALID_ARGUMENT for a non-id, NOT_FOUND for a missing to-do', async () => {
    await ok('todos', 'add', 'P', 'Finish')
    const done = await ok('todos', 'done', 'P', '1')
    expect(keys(done)).toEqual(['done', 'id', 'next'])
    expect(done).toEqual({ id: 1, done: true, next: null })
    expect((await ok('todos', 'list', 'P', '--done')).todos.map((t: { id: number }) => t.id)).toEqual([1])
    for (const bad of ['abc', '0', '1.5', '1e3', '01', ' 1', ''])
      await fails('INVALID_ARGUMENT', 'todos', 'done', 'P', bad)
    await fails('NOT_FOUND', 'todos', 'done', 'P', '99')
  })
})

describe('migrate', () => {
  it('migrate <profile> and migrate --all → {results:[{id,name,from,to,status,error}]}', async () => {
    const p = await ok('profiles', 'create', 'P')
    fs.writeFileSync(path.join(dataDir, 'profiles', 'empty.sqlite'), '')
    const latest = p.schemaVersion

    const one = await ok('migrate', 'P')
    expect(keys(one)).toEqual(['results'])
    expect(one.results).toEqual([{ id: p.id, name: 'P', from: latest, to: latest, status: 'current', error: null }])
    for (const r of one.results) expect(keys(r)).toEqual(['error', 'from', 'id', 'name', 'status', 'to'])

    const all = await ok('migrate', '--all')
    expect(all.results).toEqual([
      { id: p.id, name: 'P', from: latest, to: latest, status: 'current', error: null },
      {
        id: 'empty',
        name: null,
        from: null,
        to: null,
        status: 'not-a-profile',
        error: { code: 'NOT_A_PROFILE', message: expect.any(String) },
      },
    ])
    for (const r of all.results) expect(keys(r)).toEqual(['error', 'from', 'id', 'name', 'status', 'to'])
    await usage('migrate')
    await usage('migrate', 'P', '--all')
  })
})

describe('usage errors exit 2', () => {
  it.each([
    ['no command', []],
    ['an unknown command', ['frobnicate']],
    ['an unknown subcommand', ['profiles', 'frob']],
    ['a missing argument', ['profiles', 'create']],
    ['a missing argument (todos add)', ['todos', 'add', 'P']],
    ['an extra argument', ['profiles', 'list', 'extra']],
    ['an unknown flag', ['profiles', 'list', '--bogus']],
    ['a flag without its value', ['todos', 'add', 'P', 'x', '--due']],
  ])('%s', async (_label, args) => {
    await usage(...args)
  })

  // Commands are looked up as own properties: names every object inherits are not commands.
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'])(
    'an inherited property name as a command or a subcommand: %s',
    async (name) => {
      for (const args of [[name], [name, 'x'], ['profiles', name], ['todos', name, 'P'], [name, 'list']]) {
        const r = await cli(...args)
        expect(r.exitCode, `${args.join(' ')}: ${r.stdout}`).toBe(2)
        expect(r.body.error.code).toBe('INVALID_ARGUMENT')
        expect(r.body.error.message).toMatch(/^Unknown command "/)
      }
      // Nothing was created by any of them: not even the data folder.
      expect(fs.readdirSync(dataDir)).toEqual([])
    },
  )

  it('prints the usage text on stderr without --json', async () => {
    const r = await runCli(['--data-dir', dataDir, 'frobnicate'], {})
    expect(r.exitCode).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('Usage: ownlist')
    expect(r.stderr).toContain('INVALID_ARGUMENT')
  })
})

describe('output and environment', () => {
  it('without --json: readable text on stdout, failures on stderr with their code', async () => {
    const r = await runCli(['--data-dir', dataDir, 'profiles', 'create', 'Readable'], {})
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toContain('Readable')
    expect(r.stderr).toBe('')
    const bad = await runCli(['--data-dir', dataDir, 'todos', 'list', 'Nope'], {})
    expect(bad.exitCode).toBe(1)
    expect(bad.stdout).toBe('')
    expect(bad.stderr).toContain('PROFILE_NOT_FOUND')
  })

  it('uses OWNLIST_DATA_DIR when --data-dir is absent, and --data-dir over it', async () => {
    const viaEnv = await runCli(['--json', 'profiles', 'create', 'FromEnv'], { OWNLIST_DATA_DIR: dataDir })
    expect(viaEnv.exitCode).toBe(0)
    const other = temps.make()
    const viaFlag = await runCli(['--json', '--data-dir', other, 'profiles', 'list'], { OWNLIST_DATA_DIR: dataDir })
    expect(JSON.parse(viaFlag.stdout)).toEqual({ profiles: [], ignored: [] })
    expect((await ok('profiles', 'list')).profiles.map((p: { name: string }) => p.name)).toEqual(['FromEnv'])
  })

  it('--help and --version exit 0', async () => {
    const help = await runCli(['--help'], {})
    expect(help.exitCode).toBe(0)
    expect(help.stdout).toContain('profiles create <name>')
    const version = await runCli(['--version'], {})
    expect(version).toEqual({ exitCode: 0, stdout: `${packageVersion()}\n`, stderr: '' })
  })
})

describe('the real entry point, as a child process', () => {
  const env = { ...process.env, OWNLIST_DATA_DIR: '' }

  it('`npm run -s cli -- …` prints one JSON document and exits 0; failures and usage errors exit 1 and 2', () => {
    const created = spawnSync(
      'npm',
      ['run', '-s', 'cli', '--', '--data-dir', dataDir, '--json', 'profiles', 'create', 'From npm'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env,
      },
    )
    expect(created.status, created.stderr).toBe(0)
    const body = JSON.parse(created.stdout) as { id: string; name: string }
    expect(body).toMatchObject({ id: expect.stringMatching(UUID_RE), name: 'From npm' })
    expect(created.stdout).toBe(`${JSON.stringify(body)}\n`)

    const direct = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/main.ts', '--data-dir', dataDir, '--json', ...args], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env,
      })
    const notFound = direct('todos', 'list', 'Nope')
    expect(notFound.status).toBe(1)
    expect(JSON.parse(notFound.stdout)).toEqual({ error: { code: 'PROFILE_NOT_FOUND', message: expect.any(String) } })
    const bad = direct('frobnicate')
    expect(bad.status).toBe(2)
    expect(JSON.parse(bad.stdout).error.code).toBe('INVALID_ARGUMENT')
    const listed = direct('profiles', 'list')
    expect(listed.status).toBe(0)
    expect(JSON.parse(listed.stdout).profiles.map((p: { id: string }) => p.id)).toEqual([body.id])
  })
})
