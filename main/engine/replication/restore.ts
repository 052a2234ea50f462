import path from 'node:path'
import { OwnlistError } from '../errors'
import { parseListing, ReplicaReader, type RunResult } from './litestream'
import { restorePlans } from './pitr'
import { probe, type Credentials } from './transport'
import type { ReplicaTarget } from './url'

export interface RestoredFile {
  /** The restored database, in a private scratch folder (never in profiles/). */
  file: string
  /** The time of the last change included (Litestream's times are whole seconds). */
  asOf: Date
  dispose(): void
}

const notFound = (at: Date | null): OwnlistError =>
  new OwnlistError(
    'REPLICA_NOT_FOUND',
    at ? `The replica holds nothing from ${at.toISOString()} or earlier.` : 'There is no replica at that address.',
  )
const unreachable = (): OwnlistError =>
  new OwnlistError(
    'REPLICA_UNREACHABLE',
    'The replica cannot be reached or read. Check the address, the network and the credentials.',
  )

/**
 * Restores the state as of `at` (null: the latest) from whichever generation holds it, into a
 * scratch file. An encrypted replica is read with the identities given (tried only when the
 * plain read fails: Litestream decrypts every file once it has an identity).
 */
export async function restoreFromReplica(args: {
  binary: string
  target: ReplicaTarget
  creds: Credentials
  identities: string[]
  at: Date | null
}): Promise<RestoredFile> {
  const { binary, target, creds, identities, at } = args
  if ((await probe(target, creds)) === 'absent') throw notFound(null)
  const base = { name: 'replica', target, sshKeyFile: creds.sshKeyFile, password: creds.password }
  const plain = new ReplicaReader(binary, base)
  const keyed = identities.length ? new ReplicaReader(binary, { ...base, identities }) : null
  const dispose = (): void => {
    plain.dispose()
    keyed?.dispose()
  }
  try {
    const snaps = await plain.run(['snapshots'], 60_000)
    const wal = await plain.run(['wal'], 60_000)
    if (snaps.code !== 0 || wal.code !== 0) throw unreachable()
    const plans = restorePlans([...parseListing(snaps.stdout, 'snapshot'), ...parseListing(wal.stdout, 'wal')], at)
    if (plans.length === 0) throw notFound(at)
    let encryptedWithoutKey = false
    for (const [i, plan] of plans.entries()) {
      const out = path.join(plain.dir, `restored-${i}.sqlite`)
      const attempt = async (timestamp: Date | null): Promise<RunResult | 'no-key'> => {
        const restoreArgs = [
          'restore',
          '-o',
          out,
          '-generation',
          plan.generation,
          ...(timestamp ? ['-timestamp', timestamp.toISOString()] : []),
        ]
        const r = await plain.run(restoreArgs)
        if (r.code === 0 || noMatch(r)) return r
        return keyed ? keyed.run(restoreArgs) : 'no-key'
      }
      let r = await attempt(plan.timestamp)
      // T after the generation's last change (Litestream knows the exact time): all of it is before T.
      if (r !== 'no-key' && r.code !== 0 && noMatch(r) && plan.timestamp && plan.endsBefore) r = await attempt(null)
      if (r === 'no-key') {
        encryptedWithoutKey = true
        continue
      }
      if (r.code === 0) return { file: out, asOf: plan.asOf, dispose }
      if (noMatch(r)) continue
      if (/age|decrypt|identity|header|lz4/i.test(`${r.stdout}\n${r.stderr}`)) encryptedWithoutKey = true
      else throw unreachable()
    }
    if (encryptedWithoutKey) {
      throw new OwnlistError(
        'REPLICA_UNREACHABLE',
        'The replica is encrypted and no key here opens it. Pass its key file with --key-file: without the key nobody can read it.',
      )
    }
    throw notFound(at)
  } catch (e) {
    dispose()
    throw e
  }
}

/** Litestream found nothing in that generation at or before the time. */
function noMatch(r: RunResult): boolean {
  return /no matching backup|no snapshots available|snapshot not found|no backups found/i.test(
    `${r.stdout}\n${r.stderr}`,
  )
}
