import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { OwnlistError } from '../errors'
import type { ReplicaTarget } from './url'

/** How a small file beside a replica (the lease) is read and written: local files, or rclone for SFTP and S3. */
export interface Credentials {
  password?: string
  sshKeyFile?: string
}

const unreachable = (detail?: string): OwnlistError =>
  new OwnlistError(
    'REPLICA_UNREACHABLE',
    `The replica cannot be reached${detail ? ` (${detail})` : ''}. Check the address, the network and the credentials.`,
  )

export type ProbeResult = 'present' | 'absent'

/** Reads `name` beside the replica; null when there is no such file. */
export async function readSideFile(t: ReplicaTarget, creds: Credentials, name: string): Promise<string | null> {
  if (t.type === 'file') {
    try {
      return fs.readFileSync(path.join(t.path, name), 'utf8')
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'ENOENT') {
        if (!fs.existsSync(t.path)) throw unreachable('the folder is not there')
        return null
      }
      throw unreachable(code)
    }
  }
  const r = await rclone(t, creds, ['cat', remotePath(t, name)])
  if (r.code === 0) return r.stdout
  // rclone: 3 directory not found, 4 file not found.
  if (r.code === 3 || r.code === 4 || /not found|doesn't exist|no such file/i.test(r.stderr)) return null
  throw unreachable()
}

/** Writes `name` beside the replica (creating the replica's folder when missing). */
export async function writeSideFile(t: ReplicaTarget, creds: Credentials, name: string, text: string): Promise<void> {
  if (t.type === 'file') {
    const file = path.join(t.path, name)
    const tmp = path.join(t.path, `.${name}.${process.pid}.tmp`)
    try {
      fs.writeFileSync(tmp, text, { mode: 0o600 })
      fs.renameSync(tmp, file)
    } catch (e) {
      fs.rmSync(tmp, { force: true })
      throw unreachable((e as NodeJS.ErrnoException).code)
    }
    return
  }
  const r = await rclone(t, creds, ['rcat', remotePath(t, name)], text)
  if (r.code !== 0) throw unreachable()
}

export async function removeSideFile(t: ReplicaTarget, creds: Credentials, name: string): Promise<void> {
  if (t.type === 'file') {
    fs.rmSync(path.join(t.path, name), { force: true })
    return
  }
  const r = await rclone(t, creds, ['deletefile', remotePath(t, name)])
  if (r.code !== 0 && r.code !== 3 && r.code !== 4) throw unreachable()
}

/** Whether anything is at the replica's address (folder or prefix); throws REPLICA_UNREACHABLE when it cannot be asked. */
export async function probe(t: ReplicaTarget, creds: Credentials): Promise<ProbeResult> {
  if (t.type === 'file') {
    try {
      return fs.statSync(t.path).isDirectory() ? 'present' : 'absent'
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'absent'
      throw unreachable((e as NodeJS.ErrnoException).code)
    }
  }
  const r = await rclone(t, creds, ['lsjson', '--max-depth', '1', remotePath(t, '')])
  if (r.code === 0) return r.stdout.trim() === '[]' ? 'absent' : 'present'
  if (r.code === 3) return 'absent'
  throw unreachable()
}

function remotePath(t: ReplicaTarget, name: string): string {
  const base = t.type === 's3' ? `${t.bucket}/${t.path}` : t.path
  return `:${t.type}:${name ? path.posix.join(base, name) : base}`
}

interface RunResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * rclone with an on-the-fly remote (`:sftp:` / `:s3:`) whose settings come from the environment,
 * so no password appears in a process list and no rclone config file is read or written.
 */
async function rclone(t: ReplicaTarget, creds: Credentials, args: string[], stdin?: string): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, RCLONE_CONFIG: '/nonexistent/ownlist-rclone.conf' }
  if (t.type === 'sftp') {
    env.RCLONE_SFTP_HOST = t.host
    env.RCLONE_SFTP_PORT = String(t.port ?? 22)
    env.RCLONE_SFTP_USER = t.user
    const password = creds.password ?? t.password
    if (password !== undefined) env.RCLONE_SFTP_PASS = await obscure(password)
    if (creds.sshKeyFile) env.RCLONE_SFTP_KEY_FILE = creds.sshKeyFile
    // Litestream does not check host keys either; an empty known_hosts setting keeps rclone from reading ~/.ssh.
    env.RCLONE_SFTP_SHELL_TYPE = 'none'
    env.RCLONE_SFTP_DISABLE_HASHCHECK = 'true'
  } else if (t.type === 's3') {
    env.RCLONE_S3_PROVIDER = 'Other'
    env.RCLONE_S3_ENV_AUTH = 'true'
    if (t.endpoint) env.RCLONE_S3_ENDPOINT = t.endpoint
    if (t.region) env.RCLONE_S3_REGION = t.region
    env.AWS_ACCESS_KEY_ID ??= process.env.LITESTREAM_ACCESS_KEY_ID
    env.AWS_SECRET_ACCESS_KEY ??= process.env.LITESTREAM_SECRET_ACCESS_KEY
  }
  return run(
    'rclone',
    [...args, '--contimeout', '5s', '--timeout', '10s', '--retries', '1', '--low-level-retries', '1', '-q'],
    env,
    stdin,
  )
}

async function obscure(password: string): Promise<string> {
  const r = await run(
    'rclone',
    ['obscure', '-'],
    { ...process.env, RCLONE_CONFIG: '/nonexistent/ownlist-rclone.conf' },
    password,
  )
  if (r.code !== 0) throw unreachable('rclone is missing')
  return r.stdout.trim()
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    let child
    try {
      child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] })
    } catch {
      resolve({ code: 127, stdout: '', stderr: 'cannot start' })
      return
    }
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', () => resolve({ code: 127, stdout, stderr: `${cmd} is not installed` }))
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }))
    child.stdin.on('error', () => {})
    child.stdin.end(stdin ?? '')
  })
}
