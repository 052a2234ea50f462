import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The repository root: this file sits two folders deep both as source (main/engine/)
 * and once bundled (out/main/, out/cli/), so the same relative path works from tsx,
 * Vitest and the built app.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** In the packaged app, migrations and the template sit in Electron's resources folder. */
const PACKAGED = (process as { resourcesPath?: string }).resourcesPath
const packaged = PACKAGED !== undefined && fs.existsSync(path.join(PACKAGED, 'migrations', 'checksums.json'))

export const DEFAULT_MIGRATIONS_DIR = packaged ? path.join(PACKAGED, 'migrations') : path.join(ROOT, 'migrations')
export const DEFAULT_TEMPLATE_FILE = packaged
  ? path.join(PACKAGED, 'template.sqlite')
  : path.join(ROOT, 'resources', 'template.sqlite')

let cachedVersion: string | undefined

/** The version stamped into every profile this app writes (package.json's). */
export function packageVersion(): string {
  cachedVersion ??= (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
    .version
  return cachedVersion
}
