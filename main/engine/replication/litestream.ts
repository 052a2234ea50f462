import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { litestreamConfig, type ConfiguredReplica } from './config'

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs one Litestream command to its end (never through the npm wrapper: it hides exit codes). */
export function runLitestream(binary: string, args: string[], opts: { timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000)
    child.on('error', () => {
      clearTimeout(timer)
      resolve({ code: 127, stdout, stderr: 'litestream could not be started' })
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? 1, stdout, stderr })
    })
  })
}

/**
 * A private scratch folder with a config naming one replica of a stand-in database: Litestream's
 * read commands (generations, snapshots, wal, restore) take replica settings only from a config.
 */
export class ReplicaReader {
  readonly dir: string
  readonly config: string
  readonly dbPath: string
  constructor(
    private readonly binary: string,
    replica: ConfiguredReplica,
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-replica-'))
    this.dbPath = path.join(this.dir, 'db.sqlite')
    this.config = path.join(this.dir, 'litestream.yml')
    fs.writeFileSync(this.config, litestreamConfig([{ path: this.dbPath, replicas: [replica] }]), { mode: 0o600 })
  }

  run(args: string[], timeoutMs?: number): Promise<RunResult> {
    return runLitestream(this.binary, [...args, '-config', this.config, '-no-expand-env', this.dbPath], { timeoutMs })
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true })
  }
}

export interface ReplicaItem {
  generation: string
  kind: 'snapshot' | 'wal'
  index: number
  /** Litestream prints whole seconds. */
  created: Date
}

/** Parses the tables `litestream snapshots` and `litestream wal` print. */
export function parseListing(text: string, kind: ReplicaItem['kind']): ReplicaItem[] {
  const rows = text.split('\n').map((l) => l.trim().split(/\s+/))
  const header = rows[0] ?? []
  const gi = header.indexOf('generation')
  const ii = header.indexOf('index')
  const ci = header.indexOf('created')
  if (gi < 0 || ii < 0 || ci < 0) return []
  const out: ReplicaItem[] = []
  for (const r of rows.slice(1)) {
    const created = new Date(r[ci] ?? '')
    if (!r[gi] || Number.isNaN(created.getTime())) continue
    out.push({ generation: r[gi]!, kind, index: Number.parseInt(r[ii] ?? '0', 10), created })
  }
  return out
}

/** Litestream's log lines (`time=… level=INFO msg="…" key=value …`) as records. */
export function parseLogLine(line: string): Record<string, string> | null {
  const out: Record<string, string> = {}
  const re = /(\w[\w-]*)=("(?:[^"\\]|\\.)*"|\S*)/g
  let m: RegExpExecArray | null
  while ((m = re.exec(line))) {
    const raw = m[2]!
    out[m[1]!] = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw
  }
  return out.msg === undefined ? null : out
}
