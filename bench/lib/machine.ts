import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import Database from 'better-sqlite3'

export interface MachineInfo {
  cpu: string
  cores: number
  memoryGB: number
  platform: string
  node: string
  sqlite: string
  betterSqlite3: string
  loadAverage: number[]
}

/** What the figures were measured on. */
export function machineInfo(): MachineInfo {
  const probe = new Database(':memory:')
  const sqlite = probe.prepare('SELECT sqlite_version()').pluck().get() as string
  probe.close()
  let betterSqlite3 = 'unknown'
  try {
    const require = createRequire(import.meta.url)
    const pkg = path.join(path.dirname(require.resolve('better-sqlite3')), '..', 'package.json')
    betterSqlite3 = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version
  } catch {
    // only informative
  }
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 1e9),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    sqlite,
    betterSqlite3,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  }
}
