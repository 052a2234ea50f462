import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { OwnlistError } from '../errors'

/**
 * Platforms the @flydotio/litestream-<platform> family has a Litestream 0.3.13 build for (none for
 * Windows). Only linux-x64 is a dependency: the others are not on the registry we install from.
 */
const SUPPORTED = new Set(['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64'])

export interface BinaryOptions {
  platform?: NodeJS.Platform
  arch?: string
  /** An explicit binary (tests). */
  binary?: string
  /**
   * The packaged app's resources folder (Electron's process.resourcesPath, passed in by the
   * Electron wiring: the engine never imports Electron). The binary ships there, outside the
   * asar, as litestream/<platform>-<arch>/litestream (scripts/litestream-resource.mjs).
   */
  resourcesPath?: string
}

/** Where a packaged app carries the binary, inside its resources folder. */
export function packagedLitestream(resourcesPath: string, platform: string, arch: string): string {
  return path.join(resourcesPath, 'litestream', `${platform}-${arch}`, 'litestream')
}

/**
 * The Litestream binary for this platform, spawned directly: the npm wrapper's script swallows
 * its exit code. REPLICATION_UNAVAILABLE where no build exists (Windows) or it is not installed.
 */
export function findLitestream(opts: BinaryOptions = {}): string {
  const platform = opts.platform ?? process.platform
  const arch = opts.arch ?? process.arch
  const key = `${platform}-${arch}`
  if (!SUPPORTED.has(key)) {
    throw new OwnlistError(
      'REPLICATION_UNAVAILABLE',
      `Replication is not available on this system (${platform} ${arch}): Litestream has no build for it. Automatic backups to a folder still work.`,
    )
  }
  const candidate =
    opts.binary ??
    process.env.OWNLIST_LITESTREAM ??
    (opts.resourcesPath ? packagedLitestream(opts.resourcesPath, platform, arch) : resolveInstalled(key))
  if (candidate && isExecutable(candidate)) return candidate
  throw new OwnlistError(
    'REPLICATION_UNAVAILABLE',
    'Replication is not available: the Litestream program is not installed with this copy of Ownlist.',
  )
}

/** The npm package's binary (running from a clone, the CLI, tests). */
function resolveInstalled(key: string): string | null {
  try {
    const require = createRequire(import.meta.url)
    return path.join(path.dirname(require.resolve(`@flydotio/litestream-${key}/package.json`)), 'litestream')
  } catch {
    return null
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}
