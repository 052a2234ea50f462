import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The saved results, tracked in git: written only by a full run with `--save`. */
export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url))
/** Where every other run writes (gitignored), so running the bench leaves tracked files alone. */
export const SCRATCH_RESULTS_DIR = fileURLToPath(new URL('../.scratch/results/', import.meta.url))

/** Writes <dir>/<name>.json atomically; returns the path written. */
export function writeResult(name: string, value: unknown, dir = SCRATCH_RESULTS_DIR): string {
  return writeResultFile(`${name}.json`, `${JSON.stringify(value, null, 2)}\n`, dir)
}

/** Writes <dir>/<fileName> atomically (a chart beside a scenario's JSON); returns the path written. */
export function writeResultFile(fileName: string, content: string, dir = SCRATCH_RESULTS_DIR): string {
  fs.mkdirSync(dir, { recursive: true })
  const out = path.join(dir, fileName)
  fs.writeFileSync(`${out}.tmp`, content)
  fs.renameSync(`${out}.tmp`, out)
  return out
}

/** The files beside the JSON that a scenario writes, and that a saved run keeps. */
export const EXTRA_RESULT_FILES: Record<string, readonly string[]> = { scaling: ['scaling.svg'] }

/**
 * Replaces the saved results with one run's files: every old result is removed first, so
 * bench/results/ never mixes runs (a scenario left over from an earlier run, say).
 */
export function saveRun(fromDir: string, names: readonly string[], toDir = RESULTS_DIR): void {
  fs.mkdirSync(toDir, { recursive: true })
  for (const f of fs.readdirSync(toDir)) if (f.endsWith('.json') || f.endsWith('.svg')) fs.rmSync(path.join(toDir, f))
  for (const f of names.flatMap((name) => [`${name}.json`, ...(EXTRA_RESULT_FILES[name] ?? [])]))
    fs.copyFileSync(path.join(fromDir, f), path.join(toDir, f))
}
