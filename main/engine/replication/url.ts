import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { OwnlistError } from '../errors'

export type ReplicaType = 'file' | 'sftp' | 's3'

export interface ReplicaTarget {
  /** Exactly as the user gave it. */
  url: string
  type: ReplicaType
  /** file: the folder. sftp/s3: the path inside the server or bucket (no leading slash for s3). */
  path: string
  host?: string
  port?: number
  user?: string
  /** sftp: a password written into the URL (discouraged; OWNLIST_SFTP_PASSWORD is read too). */
  password?: string
  bucket?: string
  /** s3: `?endpoint=…&region=…&force-path-style=true`, as Litestream's config takes them. */
  endpoint?: string
  region?: string
  forcePathStyle?: boolean
}

const bad = (why: string): OwnlistError =>
  new OwnlistError(
    'INVALID_ARGUMENT',
    `That is not a replica address Ownlist can use: ${why}. Use file:///folder, sftp://user@host[:port]/path or s3://bucket/path.`,
  )

/** Parses a replica URL; anything else is INVALID_ARGUMENT. */
export function parseReplicaUrl(raw: string): ReplicaTarget {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048 || /[\u0000-\u001f\u007f]/.test(raw))
    throw bad('empty, too long or with control characters')
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    throw bad('not a URL')
  }
  if (u.protocol === 'file:') {
    if (u.host !== '' || u.search || u.hash) throw bad('a file URL names a local folder only (file:///path)')
    let folder: string
    try {
      folder = fileURLToPath(u)
    } catch {
      throw bad('not a local folder')
    }
    if (!path.isAbsolute(folder) || folder === path.parse(folder).root)
      throw bad('the folder must be absolute and not the root')
    return { url: raw, type: 'file', path: path.normalize(folder).replace(/[\\/]+$/, '') }
  }
  if (u.protocol === 'sftp:') {
    if (!u.hostname) throw bad('no host')
    if (!u.username) throw bad('no user (sftp://user@host/path)')
    if (u.search || u.hash) throw bad('an sftp URL takes no query')
    const p = decodeURIComponent(u.pathname)
    if (p === '' || p === '/') throw bad('no path on the server')
    return {
      url: raw,
      type: 'sftp',
      host: u.hostname,
      port: u.port ? Number(u.port) : 22,
      user: decodeURIComponent(u.username),
      password: u.password ? decodeURIComponent(u.password) : undefined,
      path: p,
    }
  }
  if (u.protocol === 's3:') {
    if (!u.hostname) throw bad('no bucket')
    if (u.hash) throw bad('an s3 URL takes no fragment')
    const known = new Set(['endpoint', 'region', 'force-path-style'])
    for (const k of u.searchParams.keys()) if (!known.has(k)) throw bad(`unknown option "${k}"`)
    const p = decodeURIComponent(u.pathname).replace(/^\/+/, '')
    if (!p) throw bad('no path in the bucket')
    return {
      url: raw,
      type: 's3',
      bucket: u.hostname,
      path: p,
      endpoint: u.searchParams.get('endpoint') ?? undefined,
      region: u.searchParams.get('region') ?? undefined,
      forcePathStyle: u.searchParams.get('force-path-style') === 'true' ? true : undefined,
    }
  }
  throw bad(`the scheme "${u.protocol.replace(/:$/, '')}" is not supported`)
}

/** A replica on another machine: encrypted by default. */
export function isRemote(t: ReplicaTarget): boolean {
  return t.type !== 'file'
}
