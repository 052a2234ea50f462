// What an engine test file sets up and tears down around every test, written once.
import { afterEach } from 'vitest'
import { Engine } from '../../main/engine/engine'
import { TempDirs, type SupportChild } from './helpers'

/**
 * A test file's temp folders, engines and child processes: whatever a test adds to them is
 * cleaned up after it (children killed first, then engines closed, then folders removed).
 * `newEngine` makes an engine over `dataDir` that is closed so. Call once at the top of a file.
 */
export function engineTestBed(): {
  temps: TempDirs
  engines: Engine[]
  children: SupportChild[]
  newEngine: (dataDir: string) => Engine
} {
  const temps = new TempDirs()
  const engines: Engine[] = []
  const children: SupportChild[] = []
  afterEach(async () => {
    for (const c of children.splice(0)) await c.kill9()
    for (const e of engines.splice(0)) e.close()
    temps.cleanup()
  })
  const newEngine = (dataDir: string): Engine => {
    const e = new Engine({ dataDir })
    engines.push(e)
    return e
  }
  return { temps, engines, children, newEngine }
}
