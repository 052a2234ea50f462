import fs from 'node:fs'
import { isProcessAlive, writeFileAtomic } from '../fsutil'

export type ReplicaStatus = 'ok' | 'syncing' | 'unreachable' | 'taken-over' | 'unavailable' | 'idle'

export interface ReplicaState {
  url: string
  status: ReplicaStatus
  lastSyncedAt: string | null
  error: string | null
}

/** What a running replicator last said about a profile's replicas (read by `replicas list` in another process). */
export interface StatusFile {
  pid: number
  updatedAt: string
  replicas: ReplicaState[]
}

export function writeStatus(file: string, value: StatusFile): void {
  // Not fsynced: a status lost in a crash is simply "idle" afterwards.
  writeFileAtomic(file, `${JSON.stringify(value)}\n`, { durable: false })
}

/** The states a live replicator reported, or its last states turned idle when it is gone. */
export function readStatus(file: string): { live: boolean; replicas: ReplicaState[] } {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as StatusFile
    const live = typeof v.pid === 'number' && isProcessAlive(v.pid)
    return { live, replicas: Array.isArray(v.replicas) ? v.replicas : [] }
  } catch {
    return { live: false, replicas: [] }
  }
}
