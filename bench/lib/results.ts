import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url))

/** Writes bench/results/<name>.json atomically; returns the path written. */
export function writeResult(name: string, value: unknown): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true })
  const out = path.join(RESULTS_DIR, `${name}.json`)
  fs.writeFileSync(`${out}.tmp`, `${JSON.stringify(value, null, 2)}\n`)
  fs.renameSync(`${out}.tmp`, out)
  return out
}
