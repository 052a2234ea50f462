import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Db } from './connection'
import { OwnlistError } from './errors'
import { fsyncDir, fsyncFile } from './fsutil'
import { APPLICATION_ID } from './header'
import { nativeBinding } from './native'

/**
 * Copies a live database with SQLite's online backup API to a temporary name, checks
 * the copy (quick_check, application_id, schema version), fsyncs it and only then gives
 * it its final name: a file under the final name is always a complete, checked copy.
 */
export async function snapshotTo(source: Db, target: string): Promise<void> {
  fs.mkdirSync(path.dirname(target), { recursive: true })
  const tmp = `${target}.partial`
  try {
    await source.backup(tmp)
    const expectedVersion = source.pragma('user_version', { simple: true }) as number
    verifySnapshot(tmp, expectedVersion)
    fsyncFile(tmp)
    fs.renameSync(tmp, target)
    fsyncDir(path.dirname(target))
  } catch (e) {
    fs.rmSync(tmp, { force: true })
    throw e
  }
}

function verifySnapshot(file: string, expectedVersion: number): void {
  const db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: nativeBinding() })
  try {
    const check = db.pragma('quick_check', { simple: true })
    const appId = db.pragma('application_id', { simple: true })
    const version = db.pragma('user_version', { simple: true })
    if (check !== 'ok' || appId !== APPLICATION_ID || version !== expectedVersion) {
      throw new OwnlistError('IO_ERROR', 'The safety copy could not be verified, so nothing was changed.')
    }
  } finally {
    db.close()
  }
}
