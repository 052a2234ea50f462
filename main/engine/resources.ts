import fs from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * The repository root: this file sits two folders deep both as source (main/engine/)
 * and once bundled (out/main/), so the same relative path works from tsx, Vitest and
 * the built app. The packaged app passes its own resource paths instead.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export const DEFAULT_MIGRATIONS_DIR = `${ROOT}migrations`
export const DEFAULT_TEMPLATE_FILE = `${ROOT}resources/template.sqlite`

let cachedVersion: string | undefined

/** The version stamped into every profile this app writes (package.json's). */
export function packageVersion(): string {
  cachedVersion ??= (JSON.parse(fs.readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string }).version
  return cachedVersion
}
