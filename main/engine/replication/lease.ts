import { OwnlistError } from '../errors'
import { readSideFile, removeSideFile, writeSideFile, type Credentials } from './transport'
import type { ReplicaTarget } from './url'

/** The lease beside a replica: which profile on which machine (data folder) writes into it. */
export const LEASE_FILE = 'ownlist-lease.json'

export interface Lease {
  profileId: string
  machineId: string
  takenAt: string
  /** Set when this lease was taken from another holder: the new holder waits a moment before writing. */
  takenOver?: boolean
}

export interface Holder {
  profileId: string
  machineId: string
}

export const isHeldBy = (lease: Lease | null, me: Holder): boolean =>
  lease !== null && lease.profileId === me.profileId && lease.machineId === me.machineId

export async function readLease(t: ReplicaTarget, creds: Credentials): Promise<Lease | null> {
  const text = await readSideFile(t, creds, LEASE_FILE)
  if (text === null) return null
  try {
    const v = JSON.parse(text) as Partial<Lease>
    if (typeof v.profileId === 'string' && typeof v.machineId === 'string')
      return {
        profileId: v.profileId,
        machineId: v.machineId,
        takenAt: String(v.takenAt ?? ''),
        takenOver: v.takenOver === true,
      }
  } catch {
    // Unreadable: someone else's file under our name; treat as held by nobody we know.
  }
  return { profileId: '?', machineId: '?', takenAt: '' }
}

/**
 * Takes the lease: refused with REPLICA_IN_USE when another profile or machine holds it, unless
 * `takeOver`. A lease has no expiry (DECISIONS.md).
 */
export async function takeLease(
  t: ReplicaTarget,
  creds: Credentials,
  me: Holder,
  opts: { takeOver: boolean; now: Date },
): Promise<Lease> {
  const current = await readLease(t, creds)
  if (current && !isHeldBy(current, me) && !opts.takeOver) {
    throw new OwnlistError(
      'REPLICA_IN_USE',
      'Another profile or another Ownlist data folder replicates into that place. Use --take-over to make this profile the one that writes there (the other one then stops).',
    )
  }
  if (isHeldBy(current, me)) return current!
  const lease: Lease = { ...me, takenAt: opts.now.toISOString(), ...(current ? { takenOver: true } : {}) }
  await writeSideFile(t, creds, LEASE_FILE, `${JSON.stringify(lease)}\n`)
  return lease
}

/** Releases the lease when this profile on this machine holds it; anyone else's is left alone. */
export async function releaseLease(t: ReplicaTarget, creds: Credentials, me: Holder): Promise<boolean> {
  const current = await readLease(t, creds)
  if (!isHeldBy(current, me)) return false
  await removeSideFile(t, creds, LEASE_FILE)
  return true
}
