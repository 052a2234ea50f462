import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { backupStamps, listBackupFiles } from './backup-files'

const temps: string[] = []
afterEach(() => {
  for (const t of temps.splice(0)) fs.rmSync(t, { recursive: true, force: true })
})

describe('a backups folder', () => {
  it('lists the files named as backups, newest first, and passes over a name whose stamp is no time', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-backup-files-'))
    temps.push(dir)
    for (const name of [
      'auto-2026-11-30T10-00-00Z.sqlite',
      'pre-migration-v3-2026-11-29T09-30-00.123Z.sqlite',
      'auto-2026-13-45T10-00-00Z.sqlite', // shaped like a stamp, but month 13
      'notes.txt',
    ])
      fs.writeFileSync(path.join(dir, name), 'x')
    expect(listBackupFiles(dir).map((b) => [path.basename(b.file), b.kind, b.createdAt])).toEqual([
      ['auto-2026-11-30T10-00-00Z.sqlite', 'auto', '2026-11-30T10:00:00.000Z'],
      ['pre-migration-v3-2026-11-29T09-30-00.123Z.sqlite', 'pre-migration', '2026-11-29T09:30:00.123Z'],
    ])
    expect(backupStamps(dir).map((b) => b.createdAt.getTime())).toEqual([
      Date.parse('2026-11-30T10:00:00Z'),
      Date.parse('2026-11-29T09:30:00.123Z'),
    ])
  })
})
