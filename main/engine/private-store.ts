import path from 'node:path'
import { openDatabase, type Db } from './connection'
import { ensurePrivateDbFile, makePrivateDir } from './fsutil'

/**
 * Opens one of the data folder's own small databases (not a profile), private from the moment
 * it is created. `setUp` prepares the connection (pragmas, tables); when it fails, the
 * connection is closed and the error thrown.
 */
export function openPrivateStore(file: string, timeout: number, setUp: (db: Db) => void): Db {
  makePrivateDir(path.dirname(file))
  ensurePrivateDbFile(file)
  const db = openDatabase(file, { timeout })
  try {
    setUp(db)
  } catch (e) {
    db.close()
    throw e
  }
  return db
}
