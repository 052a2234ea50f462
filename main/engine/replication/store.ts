import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { writeFileAtomic } from '../fsutil'
import type { ReplicaType } from './url'

/** One replica of a profile, as this data folder configured it. */
export interface ReplicaSetting {
  url: string
  type: ReplicaType
  encrypted: boolean
  /** The key store's id of the age identity (encrypted replicas only). */
  keyId?: string
  /** sftp: a private key file for authentication. */
  sshKeyFile?: string
  /** sftp: a password (from OWNLIST_SFTP_PASSWORD when the replica was added). */
  password?: string
}

export interface ProfileReplicas {
  profileId: string
  replicas: ReplicaSetting[]
}

/**
 * Replica settings live in the data folder, never in the profile file: a profile copied,
 * restored or imported elsewhere never starts writing into someone else's replica.
 * `replication/<profile-id>.json` (0600) per profile; `machine-id` once per data folder.
 */
export class ReplicaStore {
  constructor(readonly dataDir: string) {}

  get dir(): string {
    return path.join(this.dataDir, 'replication')
  }

  /** This data folder's id, made on first use: two data folders are two machines. */
  machineId(): string {
    const file = path.join(this.dataDir, 'machine-id')
    try {
      const id = fs.readFileSync(file, 'utf8').trim()
      if (/^[0-9a-f-]{36}$/.test(id)) return id
    } catch {
      // Not made yet.
    }
    const id = crypto.randomUUID()
    fs.mkdirSync(this.dataDir, { recursive: true })
    try {
      fs.writeFileSync(file, `${id}\n`, { flag: 'wx', mode: 0o600 })
      return id
    } catch (e) {
      // Another process made it at the same moment: its id counts.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      return fs.readFileSync(file, 'utf8').trim()
    }
  }

  read(profileId: string): ProfileReplicas {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file(profileId), 'utf8')) as ProfileReplicas
      if (parsed && Array.isArray(parsed.replicas)) return { profileId, replicas: parsed.replicas }
    } catch {
      // None configured.
    }
    return { profileId, replicas: [] }
  }

  write(value: ProfileReplicas): void {
    writeFileAtomic(this.file(value.profileId), `${JSON.stringify(value, null, 2)}\n`)
  }

  /** Every profile id with at least one replica configured. */
  profileIds(): string[] {
    let names: string[]
    try {
      names = fs.readdirSync(this.dir)
    } catch {
      return []
    }
    return names
      .map((n) => /^([0-9a-f-]{36})\.json$/.exec(n)?.[1])
      .filter((id): id is string => id !== undefined && this.read(id).replicas.length > 0)
  }

  statusFile(key: string): string {
    return path.join(this.dir, 'status', `${key}.json`)
  }

  private file(profileId: string): string {
    return path.join(this.dir, `${profileId}.json`)
  }
}
