// One open of a profile as the open benchmarks time it: opened, its name read (which loads the
// schema, as any first use does), closed. Raw better-sqlite3 with the engine's pragmas, or the engine.
import Database from 'better-sqlite3'
import type { Engine } from '../../main/engine/engine'

export const READ_NAME = "SELECT value FROM meta WHERE key = 'name'"

export function rawOpenReadClose(file: string): void {
  const db = new Database(file, { fileMustExist: true, timeout: 5000 })
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.prepare(READ_NAME).get()
  db.close()
}

export async function engineOpenReadClose(engine: Engine, id: string): Promise<void> {
  const s = await engine.openProfile(id)
  s.read((db) => db.prepare(READ_NAME).get())
  s.close()
}
