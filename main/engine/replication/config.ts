import type { ReplicaTarget } from './url'

/** How often Litestream ships new WAL frames: at most 1 s (DECISIONS.md). */
export const SYNC_INTERVAL_MS = 1000
/** How long replicas keep history to restore from. */
export const RETENTION = '168h'

/** A replica ready to be written into Litestream's config. */
export interface ConfiguredReplica {
  /** Litestream's name for it, which its log lines carry (`replica=r0`). */
  name: string
  target: ReplicaTarget
  sshKeyFile?: string
  password?: string
  /** age identities (restore needs one) and recipients (replication needs one). */
  identities?: string[]
  recipients?: string[]
}

export interface ConfiguredDb {
  path: string
  /** Litestream's working folder for the database, kept out of profiles/. */
  metaPath?: string
  replicas: ConfiguredReplica[]
}

/** JSON strings are YAML double-quoted scalars: every value is quoted this way, nothing is interpolated. */
const q = (s: string): string => JSON.stringify(s)

/** Litestream 0.3.13's YAML config for these databases (run it with -no-expand-env). */
export function litestreamConfig(dbs: ConfiguredDb[], opts: { syncIntervalMs?: number } = {}): string {
  const interval = `${Math.min(opts.syncIntervalMs ?? SYNC_INTERVAL_MS, SYNC_INTERVAL_MS)}ms`
  const lines = ['dbs:']
  for (const db of dbs) {
    lines.push(`  - path: ${q(db.path)}`)
    if (db.metaPath) lines.push(`    meta-path: ${q(db.metaPath)}`)
    lines.push('    replicas:')
    for (const r of db.replicas) {
      const t = r.target
      lines.push(`      - name: ${q(r.name)}`, `        type: ${t.type}`)
      if (t.type === 'sftp') {
        lines.push(
          `        host: ${q(`${t.host!.includes(':') ? `[${t.host}]` : t.host}:${t.port ?? 22}`)}`,
          `        user: ${q(t.user!)}`,
        )
        const password = r.password ?? t.password
        if (password !== undefined) lines.push(`        password: ${q(password)}`)
        if (r.sshKeyFile) lines.push(`        key-path: ${q(r.sshKeyFile)}`)
      }
      if (t.type === 's3') {
        lines.push(`        bucket: ${q(t.bucket!)}`)
        if (t.endpoint) lines.push(`        endpoint: ${q(t.endpoint)}`)
        if (t.region) lines.push(`        region: ${q(t.region)}`)
        if (t.forcePathStyle) lines.push('        force-path-style: true')
        // Credentials: Litestream reads LITESTREAM_ACCESS_KEY_ID / AWS_ACCESS_KEY_ID and their secrets itself.
      }
      lines.push(`        path: ${q(t.path)}`, `        sync-interval: ${interval}`, `        retention: ${RETENTION}`)
      if (r.identities?.length || r.recipients?.length) {
        lines.push('        age:')
        if (r.identities?.length) lines.push(`          identities: [${r.identities.map(q).join(', ')}]`)
        if (r.recipients?.length) lines.push(`          recipients: [${r.recipients.map(q).join(', ')}]`)
      }
    }
  }
  return `${lines.join('\n')}\n`
}
