import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Engine } from './engine'
import { nameKey, normalizeName, visibleLength } from './names'
import { addTodo, listTodos } from './queries/todos'
import {
  dumpDatabase,
  runCliProcess,
  sideFiles,
  snapshotTree,
  UUID_FILE_RE,
  UUID_RE,
  withDb,
} from '../../test/support/helpers'
import { engineTestBed } from '../../test/support/test-bed'

const { temps, engines } = engineTestBed()

function newEngine(dataDir = temps.make()): Engine {
  const e = new Engine({ dataDir })
  engines.push(e)
  return e
}

const code = (code: string) => expect.objectContaining({ code })
const FAMILY = '👨‍👩‍👧‍👦'

describe('normalizeName', () => {
  it.each(['', ' ', '   ', '\t', ' \n\t '])('rejects empty or whitespace-only %j', (raw) => {
    expect(() => normalizeName(raw)).toThrow(code('INVALID_NAME'))
  })

  it.each([undefined, null, 42, {}])('rejects a name that is not text (%j)', (raw) => {
    expect(() => normalizeName(raw)).toThrow(code('INVALID_NAME'))
  })

  it('allows 80 characters and rejects 81', () => {
    expect(normalizeName('a'.repeat(80))).toBe('a'.repeat(80))
    expect(() => normalizeName('a'.repeat(81))).toThrow(code('INVALID_NAME'))
    // Counted after trimming.
    expect(normalizeName(`  ${'b'.repeat(80)}  `)).toBe('b'.repeat(80))
  })

  it.each(['a\u0000b', '\u0000', 'Work\nHome', 'a\tb', 'a\u007fb', 'a\rb', 'a\u0085b', 'a\u2028b', 'a\u001bb'])(
    'rejects control characters in %j',
    (raw) => {
      expect(() => normalizeName(raw)).toThrow(code('INVALID_NAME'))
    },
  )

  it('trims surrounding spaces', () => {
    expect(normalizeName('  spaced  ')).toBe('spaced')
  })

  it('counts an emoji family as one character', () => {
    expect(visibleLength(FAMILY)).toBe(1)
    expect(FAMILY.length).toBeGreaterThan(1)
    expect(normalizeName(FAMILY.repeat(80))).toBe(FAMILY.repeat(80))
    expect(() => normalizeName(FAMILY.repeat(81))).toThrow(code('INVALID_NAME'))
  })

  it('stores names in NFC, so composed and decomposed accents are the same name', () => {
    expect(normalizeName('Cafe\u0301')).toBe('Caf\u00e9')
    expect(nameKey('Café')).toBe(nameKey('CAFE\u0301'))
  })

  it('keys names ignoring case', () => {
    expect(nameKey('Work')).toBe(nameKey('WORK'))
    expect(nameKey('Work')).not.toBe(nameKey('Works'))
  })
})

describe('creating profiles through the Engine', () => {
  it('stores a trimmed name, in meta, under a random <uuid>.sqlite file', () => {
    const engine = newEngine()
    const p = engine.createProfile('  spaced  ')
    expect(p.name).toBe('spaced')
    expect(p.id).toMatch(UUID_RE)
    expect(path.basename(p.file)).toBe(`${p.id}.sqlite`)
    expect(path.dirname(p.file)).toBe(engine.layout.profilesDir)
    expect(engine.listProfiles().profiles.map((x) => x.name)).toEqual(['spaced'])
    const meta = withDb(p.file, (db) =>
      Object.fromEntries(
        (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [
          r.key,
          r.value,
        ]),
      ),
    )
    expect(meta).toMatchObject({ id: p.id, name: 'spaced' })
  })

  it('treats path-like, reserved and emoji names as ordinary names that never reach a path', () => {
    // A data folder nested a few levels down, so "../../etc" would land inside `base` if it were ever used in a path.
    const base = temps.make()
    const dataDir = path.join(base, 'one', 'two', 'data')
    const engine = newEngine(dataDir)
    const names = [
      '../../etc',
      'a/b',
      'a\\b',
      'CON',
      'NUL.txt',
      '..',
      '.',
      'x.sqlite',
      `Family ${FAMILY}`,
      '😀',
      'a:b*?"<>|',
    ]
    const created = names.map((n) => engine.createProfile(n))

    created.forEach((p, i) => {
      expect(p.name).toBe(names[i])
      expect(path.basename(p.file)).toMatch(UUID_FILE_RE)
    })
    const listing = engine.listProfiles()
    expect(listing.ignored).toEqual([])
    expect(listing.profiles.map((p) => p.name).sort()).toEqual([...names].sort())
    // Nothing outside the data folder; nothing but <uuid>.sqlite files in profiles/; no name in any path.
    const tree = Object.keys(snapshotTree(base))
    for (const f of tree.filter((f) => !f.startsWith('one/two/data/'))) expect(['one/', 'one/two/']).toContain(f)
    const profileFiles = tree.filter((f) => f.startsWith('one/two/data/profiles/') && !f.endsWith('/'))
    expect(profileFiles).toHaveLength(names.length)
    for (const f of profileFiles) expect(path.posix.basename(f)).toMatch(UUID_FILE_RE)
    for (const fragment of ['etc', 'CON', 'NUL', 'Family', '😀', '..', ':', '*', '\\']) {
      expect(
        tree.filter((f) => f.includes(fragment)),
        fragment,
      ).toEqual([])
    }
  })

  it('accepts an 80-character name and rejects an 81-character one with nothing on disk changed', () => {
    const engine = newEngine()
    const eighty = 'n'.repeat(80)
    expect(engine.createProfile(eighty).name).toBe(eighty)
    const before = snapshotTree(engine.layout.root)
    expect(() => engine.createProfile('m'.repeat(81))).toThrow(code('INVALID_NAME'))
    expect(snapshotTree(engine.layout.root)).toEqual(before)
  })

  it.each([
    ['empty', ''],
    ['whitespace only', '   '],
    ['81 characters', 'x'.repeat(81)],
    ['NUL', 'a\u0000b'],
    ['newline', 'a\nb'],
    ['tab', 'a\tb'],
    ['DEL', 'a\u007fb'],
  ])('rejects a %s name with INVALID_NAME and changes nothing on disk', async (_label, raw) => {
    const engine = newEngine()
    const existing = engine.createProfile('Existing')
    const s = engine.createProfile('Opened')
    ;(await engine.openProfile(s.id)).close()
    const before = snapshotTree(engine.layout.root)
    expect(() => engine.createProfile(raw)).toThrow(code('INVALID_NAME'))
    expect(snapshotTree(engine.layout.root)).toEqual(before)
    expect(
      engine
        .listProfiles()
        .profiles.map((p) => p.id)
        .sort(),
    ).toEqual([existing.id, s.id].sort())
  })

  it('creates nothing at all in an empty data folder when the name is invalid', () => {
    const engine = newEngine()
    expect(() => engine.createProfile('\u0000')).toThrow(code('INVALID_NAME'))
    expect(snapshotTree(engine.layout.root)).toEqual({})
  })

  it('keeps names unique ignoring case (and NFC), with nothing on disk changed on each refusal', async () => {
    const engine = newEngine()
    const work = engine.createProfile('Work')
    engine.createProfile('Café')
    // An opened profile is in WAL mode: listing it during the refusal must not leave anything behind.
    ;(await engine.openProfile(work.id)).close()
    const before = snapshotTree(engine.layout.root)
    for (const taken of ['WORK', 'work', '  wOrK  ', 'CAFE\u0301', 'café']) {
      expect(() => engine.createProfile(taken)).toThrow(code('NAME_TAKEN'))
      expect(snapshotTree(engine.layout.root)).toEqual(before)
    }
    expect(
      engine
        .listProfiles()
        .profiles.map((p) => p.name)
        .sort(),
    ).toEqual(['Café', 'Work'])
    // A different name is fine.
    expect(engine.createProfile('Workshop').name).toBe('Workshop')
  })
})

describe('renaming profiles', () => {
  it('renames, keeping the id and the file', async () => {
    const engine = newEngine()
    const p = engine.createProfile('Work')
    await expect(engine.renameProfile('Work', '  Job  ')).resolves.toEqual({ id: p.id, name: 'Job' })
    const listed = engine.listProfiles().profiles
    expect(listed.map((x) => [x.id, x.name])).toEqual([[p.id, 'Job']])
    expect(fs.existsSync(p.file)).toBe(true)
    expect(sideFiles(p.file)).toEqual([])
    // Another process, later, sees the new name: it is stored in the file.
    const later = await runCliProcess(['--data-dir', engine.layout.root, '--json', 'profiles', 'list'])
    expect(JSON.parse(later.stdout).profiles.map((x: { name: string }) => x.name)).toEqual(['Job'])
  })

  it('allows renaming a profile to its own name in another case', async () => {
    const engine = newEngine()
    const p = engine.createProfile('work')
    await expect(engine.renameProfile(p.id, 'WORK')).resolves.toEqual({ id: p.id, name: 'WORK' })
    expect(engine.listProfiles().profiles.map((x) => x.name)).toEqual(['WORK'])
  })

  it('refuses a name another profile has (ignoring case) and changes nothing on disk', async () => {
    const engine = newEngine()
    const work = engine.createProfile('Work')
    engine.createProfile('Home')
    ;(await engine.openProfile(work.id)).close()
    const before = snapshotTree(engine.layout.root)
    await expect(engine.renameProfile('Work', 'HOME')).rejects.toThrow(code('NAME_TAKEN'))
    await expect(engine.renameProfile(work.id, ' home ')).rejects.toThrow(code('NAME_TAKEN'))
    expect(snapshotTree(engine.layout.root)).toEqual(before)
    expect(
      engine
        .listProfiles()
        .profiles.map((x) => x.name)
        .sort(),
    ).toEqual(['Home', 'Work'])
  })

  it.each([
    ['empty', '  '],
    ['too long', 'y'.repeat(81)],
    ['control character', 'a\nb'],
  ])('refuses an invalid (%s) new name with INVALID_NAME and changes nothing on disk', async (_label, raw) => {
    const engine = newEngine()
    engine.createProfile('Work')
    const before = snapshotTree(engine.layout.root)
    await expect(engine.renameProfile('Work', raw)).rejects.toThrow(code('INVALID_NAME'))
    expect(snapshotTree(engine.layout.root)).toEqual(before)
  })

  it('reports PROFILE_NOT_FOUND for a profile that does not exist', async () => {
    const engine = newEngine()
    engine.createProfile('Work')
    await expect(engine.renameProfile('Nope', 'Fine')).rejects.toThrow(code('PROFILE_NOT_FOUND'))
  })
})

describe('deleting profiles', () => {
  async function profileWithTodos(engine: Engine, name: string) {
    const p = engine.createProfile(name)
    const s = await engine.openProfile(p.id)
    const at = new Date('2026-03-01T10:00:00.000Z')
    addTodo(s.db, { listId: 1, title: 'First', notes: 'with notes', now: at })
    addTodo(s.db, { listId: 1, title: 'Second', dueOn: '2026-03-05', now: at })
    const todos = listTodos(s.db, { today: '2026-03-01' })
    return { p, s, todos }
  }

  it('moves the file into trash/ with no -wal/-shm beside either copy', async () => {
    const engine = newEngine()
    const keep = engine.createProfile('Keep')
    const { p, s, todos } = await profileWithTodos(engine, 'Doomed')
    s.close()
    const expected = dumpDatabase(p.file)
    const { id, trashedTo } = engine.deleteProfile('Doomed')

    expect(id).toBe(p.id)
    expect(path.dirname(trashedTo)).toBe(engine.layout.trashDir)
    expect(path.basename(trashedTo)).toMatch(new RegExp(`^${p.id}-.+\\.sqlite$`))
    expect(fs.existsSync(p.file)).toBe(false)
    expect(sideFiles(p.file)).toEqual([])
    expect(sideFiles(trashedTo)).toEqual([])
    expect(fs.readdirSync(engine.layout.profilesDir)).toEqual([`${keep.id}.sqlite`])
    expect(engine.listProfiles().profiles.map((x) => x.id)).toEqual([keep.id])
    expect(() => engine.resolve('Doomed')).toThrow(code('PROFILE_NOT_FOUND'))

    // The trashed file is a complete, valid profile with the same to-dos.
    expect(dumpDatabase(trashedTo)).toEqual(expected)
    withDb(trashedTo, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(listTodos(db, { today: '2026-03-01' })).toEqual(todos)
    })
    expect(sideFiles(trashedTo)).toEqual([])
  })

  it("closes this process's own session first and trashes every committed to-do", async () => {
    const engine = newEngine()
    const { p, s, todos } = await profileWithTodos(engine, 'Open')
    expect(sideFiles(p.file).length).toBeGreaterThan(0) // the session has a WAL
    const { trashedTo } = engine.deleteProfile(p.id)
    expect(s.isOpen).toBe(false)
    expect(sideFiles(p.file)).toEqual([])
    expect(sideFiles(trashedTo)).toEqual([])
    withDb(trashedTo, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(listTodos(db, { today: '2026-03-01' })).toEqual(todos)
    })
    expect(engine.listProfiles().profiles).toEqual([])
    // A new profile may take the deleted one's name.
    expect(engine.createProfile('Open').id).not.toBe(p.id)
  })

  it('reports PROFILE_NOT_FOUND and changes nothing for an unknown profile', () => {
    const engine = newEngine()
    engine.createProfile('Work')
    const before = snapshotTree(engine.layout.root)
    expect(() => engine.deleteProfile('Nope')).toThrow(code('PROFILE_NOT_FOUND'))
    expect(snapshotTree(engine.layout.root)).toEqual(before)
  })
})
