import type { ReplicaView } from './types'

/** The mark beside the profile name: none (no replicas), fine, shipping, or failing. */
export type ReplicationMark = 'none' | 'ok' | 'syncing' | 'failing'

const FAILING = new Set<ReplicaView['status']>(['unreachable', 'taken-over', 'unavailable'])

/** Failing if any replica fails (the clear mark), syncing while any ships, else ok. Pure. */
export function markOf(replicas: Pick<ReplicaView, 'status'>[]): ReplicationMark {
  if (replicas.length === 0) return 'none'
  if (replicas.some((r) => FAILING.has(r.status))) return 'failing'
  if (replicas.some((r) => r.status === 'syncing')) return 'syncing'
  return 'ok'
}
