// The real side of the model-based test: an AppService over a fresh data folder, driven through
// createDispatch (the path every renderer call takes), with a clock that only moves forward
// and file dialogs that answer what the current step asks them to.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { listBackupFiles } from '../../main/engine/backup/backups'
import { Engine } from '../../main/engine/engine'
import { ERROR_CODES } from '../../main/engine/errors'
import { createDispatch, type Dispatch } from '../../main/api/dispatch'
import { AppService, type Dialogs } from '../../main/api/service'
import { SettingsStore } from '../../main/api/settings'
import type { CallName, Result } from '../../common/contract'

export const TODAY = '2026-11-26'
const START = Date.parse('2026-11-26T10:00:00.000Z')

export class System {
  readonly engine: Engine
  readonly service: AppService
  readonly dispatch: Dispatch
  /** What the next file dialog answers (null: the person cancelled). */
  dialogAnswer: string | null = null
  readonly logged: string[] = []
  /** Files that are not profiles (or damaged ones), each with the code a restore or import of it must give. */
  badFiles: { file: string; code: string }[] = []
  private t = START
  private exports = 0

  constructor(
    readonly dataDir: string,
    readonly outside: string,
  ) {
    fs.mkdirSync(outside, { recursive: true })
    const now = () => new Date((this.t += 1000))
    const log = (e: unknown) => this.logged.push(e instanceof Error ? (e.stack ?? e.message) : String(e))
    this.engine = new Engine({ dataDir, now })
    const dialogs: Dialogs = {
      saveFile: async () => this.dialogAnswer,
      openFile: async () => this.dialogAnswer,
      openFolder: async () => this.dialogAnswer,
      showInFolder: () => {},
    }
    this.service = new AppService({
      engine: this.engine,
      settings: new SettingsStore(path.join(dataDir, 'settings.json')),
      emit: () => {},
      dialogs,
      now,
      log,
    })
    this.dispatch = createDispatch(this.service.handlers, log)
  }

  newExportPath(): string {
    return path.join(this.outside, `export ${++this.exports}.sqlite`)
  }

  /** One call; the result must be a Result with a known code, never INTERNAL, never leaking a path or a stack. */
  async call(name: CallName, input: unknown): Promise<Result<unknown>> {
    const r = await this.dispatch(name, input)
    if (typeof r !== 'object' || r === null || typeof r.ok !== 'boolean')
      throw new Error(`${name}: not a Result: ${JSON.stringify(r)}`)
    if (!r.ok) {
      const { code, message } = r.error
      if (!(ERROR_CODES as readonly string[]).includes(code) || code === 'INTERNAL')
        throw new Error(`${name}: ${code}: ${message} (logged: ${this.logged.join(' | ').slice(0, 2000)})`)
      if (!message || /\n\s+at \S/.test(message) || message.includes(this.dataDir) || message.includes(this.outside))
        throw new Error(`${name}: leaky message: ${message}`)
    }
    if (this.logged.length) throw new Error(`${name}: logged as unexpected: ${this.logged.join(' | ').slice(0, 2000)}`)
    return r
  }

  profileFile(id: string): string {
    return path.join(this.engine.layout.profilesDir, `${id}.sqlite`)
  }

  backupNames(id: string): string[] {
    return listBackupFiles(this.engine.layout.backupsDir(id)).map((b) => path.basename(b.file))
  }

  private checked = new Map<string, string>()

  /**
   * PRAGMA integrity_check of a profile's file, through a read-only connection of its own; a file
   * whose bytes cannot have changed since it last passed (same inode, sizes and times of the file
   * and its -wal) is not read again.
   */
  integrity(id: string): string {
    const file = this.profileFile(id)
    const st = fs.statSync(file)
    const wal = fs.statSync(`${file}-wal`, { throwIfNoEntry: false })
    const key = `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}:${wal?.size}:${wal?.mtimeMs}`
    if (this.checked.get(id) === key) return 'ok'
    const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 })
    try {
      const result = String(db.pragma('integrity_check', { simple: true }))
      if (result === 'ok') this.checked.set(id, key)
      return result
    } finally {
      db.close()
    }
  }

  close(): void {
    this.service.close()
  }
}
