import type { Engine } from '../engine/engine'
import { OwnlistError } from '../engine/errors'
import { Replication, type OnceResult } from '../engine/replication/replication'
import { args, type Command, type Invocation } from './invocation'

/** A command result with an exit code other than 0 (`replicate --once` with a failure still prints its JSON). */
export class ExitWith {
  constructor(
    readonly value: unknown,
    readonly exitCode: number,
  ) {}
}

/** `--at`: an ISO-8601 moment with a date and time (a zone or Z; without one it is local time). */
export function parseAt(raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined
  const d = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/.test(raw)
    ? new Date(raw)
    : new Date(Number.NaN)
  if (Number.isNaN(d.getTime()))
    throw new OwnlistError('INVALID_ARGUMENT', `"${raw}" is not an ISO-8601 time (like 2026-11-30T14:05:00Z).`)
  return d
}

const progress = (line: string): void => {
  process.stderr.write(`ownlist: ${line}\n`)
}

/** Runs until SIGINT or SIGTERM reaches this process, then stops after a final sync. */
async function replicateForeground(rep: Replication, refs: string[] | 'all'): Promise<unknown> {
  const sup = rep.supervisor(refs, { onProgress: progress })
  let stopping: (() => void) | null = null
  const stopped = new Promise<void>((resolve) => (stopping = resolve))
  const onSignal = (sig: NodeJS.Signals): void => {
    progress(`${sig}: final sync, then exit`)
    stopping?.()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    sup.start()
    progress('replicating; stop with Ctrl+C')
    await stopped
    const before = sup.states()
    const code = await sup.stop()
    const results: OnceResult[] = []
    for (const [id, states] of before) {
      for (const s of states) {
        const status = s.status === 'taken-over' ? 'taken-over' : s.lastSyncedAt && code === 0 ? 'synced' : 'failed'
        results.push({
          id,
          url: s.url,
          status,
          syncedAt: s.lastSyncedAt,
          error:
            status === 'synced'
              ? null
              : {
                  code: status === 'taken-over' ? 'REPLICA_IN_USE' : 'REPLICA_UNREACHABLE',
                  message: s.error ?? 'Not synced.',
                },
        })
      }
    }
    return { results }
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

export const REPLICATION_COMMANDS: Record<string, Command> = {
  'replicas add': async (engine, inv) => {
    const [ref, url] = args(inv, ['profile', 'url'])
    return new Replication(engine).add(ref!, url!, {
      keyFile: inv.flags['key-file'],
      encrypt: !inv.flags['no-encrypt'],
      takeOver: inv.flags['take-over'],
    })
  },
  'replicas list': async (engine, inv) => {
    const [ref] = args(inv, ['profile'])
    return new Replication(engine).list(ref!)
  },
  'replicas remove': async (engine, inv) => {
    const [ref, url] = args(inv, ['profile', 'url'])
    return new Replication(engine).remove(ref!, url!)
  },
  'replicas restore': async (engine, inv) => {
    const [url] = args(inv, ['url'])
    return new Replication(engine).restoreAsNew(url!, {
      at: parseAt(inv.flags.at),
      name: inv.flags.name,
      keyFile: inv.flags['key-file'],
    })
  },
  replicate: async (engine, inv) => {
    let refs: string[] | 'all'
    if (inv.flags.all) {
      args(inv, [])
      refs = 'all'
    } else refs = args(inv, ['profile'])
    const rep = new Replication(engine)
    if (!inv.flags.once) return replicateForeground(rep, refs)
    const results = await rep.runOnce(refs, { onProgress: progress })
    const value = { results }
    return results.length > 0 && results.every((r) => r.status === 'synced') ? value : new ExitWith(value, 1)
  },
}

/** `restore <profile> --replica <url> [--at T]`: the replica form of restore. */
export async function restoreFromReplicaCommand(engine: Engine, inv: Invocation): Promise<unknown> {
  const [ref] = args(inv, ['profile'])
  return new Replication(engine).restoreInto(ref!, inv.flags.replica!, {
    at: parseAt(inv.flags.at),
    keyFile: inv.flags['key-file'],
  })
}

/** `profiles delete` stops a replicator's Litestream for the profile first; a profile with no replicas costs one file read. */
export async function stopReplicationBeforeDelete(engine: Engine, ref: string): Promise<void> {
  const rep = new Replication(engine)
  const id = engine.resolve(ref).id
  if (rep.store.read(id).replicas.length > 0) await rep.beforeDelete(id)
}
