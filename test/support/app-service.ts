import path from 'node:path'
import { afterEach } from 'vitest'
import type { EventName } from '../../common/contract'
import { createDispatch } from '../../main/api/dispatch'
import { NO_DIALOGS, type Dialogs } from '../../main/api/ports'
import { AppService } from '../../main/api/service'
import { SettingsStore } from '../../main/api/settings'
import { Engine } from '../../main/engine/engine'
import { TempDirs } from './helpers'

/**
 * For a test file of the app's calls: temp folders, and `makeService`, an AppService over a data
 * folder as main/index.ts wires it but without Electron, with `call` (the value, or throws with
 * the error code) and `fails` (the error code, or null). After each test every service made is
 * shut down (its leaving backup included), or with `teardown: 'close'` only closed, and the
 * folders are removed.
 */
export function appServices(opts: { teardown?: 'shutdown' | 'close' } = {}) {
  const dirs = new TempDirs()
  const services: AppService[] = []
  afterEach(async () => {
    for (const s of services.splice(0)) {
      if (opts.teardown === 'close') s.close()
      else await s.shutdown()
    }
    dirs.cleanup()
  })

  function makeService(dataDir: string, dialogs: Dialogs = NO_DIALOGS, now?: () => Date) {
    const engine = new Engine({ dataDir })
    const events: [EventName, unknown][] = []
    const service = new AppService({
      engine,
      settings: new SettingsStore(path.join(dataDir, 'settings.json')),
      emit: (e, p) => events.push([e, p]),
      dialogs,
      now,
    })
    services.push(service)
    const dispatch = createDispatch(service.handlers)
    const call = async <T>(name: string, input?: unknown): Promise<T> => {
      const r = await dispatch(name, input)
      if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), r.error)
      return r.value as T
    }
    const fails = async (name: string, input?: unknown): Promise<string | null> => {
      const r = await dispatch(name, input)
      return r.ok ? null : r.error.code
    }
    return { service, engine, call, fails, events }
  }

  return { dirs, makeService }
}
