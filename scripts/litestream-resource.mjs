// Litestream for the packaged app. The binary of the npm package @flydotio/litestream-<platform>-<arch>
// (Litestream 0.3.13) is staged into .native/package/litestream/<platform>-<arch>/litestream, which
// electron-builder ships outside the asar (extraResources, electron-builder.yml) as
// resources/litestream/<platform>-<arch>/litestream, where main/engine/replication/binary.ts looks.
// Only linux-x64's package installs here (the others are not on the registry this project uses):
// for those the folder is left empty, the package builds, and the app says REPLICATION_UNAVAILABLE.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

/** The platforms Litestream 0.3.13 has a build for (none for Windows). */
export const LITESTREAM_PLATFORMS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64']

/** The folder electron-builder copies from (see electron-builder.yml). */
export const stagingDir = (root) => path.join(root, '.native', 'package', 'litestream')

/** The npm package's binary for a platform, or why there is none. */
export function litestreamSource(root, platform, arch) {
  const key = `${platform}-${arch}`
  if (!LITESTREAM_PLATFORMS.includes(key)) return { key, file: null, reason: `Litestream has no build for ${key}` }
  try {
    const require = createRequire(path.join(root, 'package.json'))
    const file = path.join(path.dirname(require.resolve(`@flydotio/litestream-${key}/package.json`)), 'litestream')
    fs.accessSync(file, fs.constants.X_OK)
    return { key, file, reason: null }
  } catch {
    return { key, file: null, reason: `@flydotio/litestream-${key} is not installed` }
  }
}

/**
 * Stages the binary for one platform (emptying what an earlier run staged, so a package never
 * carries another platform's). Returns the staged file, or null and the reason.
 */
export function stageLitestream(root, platform, arch, log = () => {}) {
  const dir = stagingDir(root)
  fs.rmSync(dir, { recursive: true, force: true })
  const src = litestreamSource(root, platform, arch)
  // Always there, even empty: the package's extraResources entry then copies nothing.
  const target = path.join(dir, src.key)
  fs.mkdirSync(target, { recursive: true })
  if (!src.file) {
    log(`Litestream not packaged (${src.reason}): replication will say REPLICATION_UNAVAILABLE in this build.`)
    return { key: src.key, staged: null, reason: src.reason }
  }
  const staged = path.join(target, 'litestream')
  fs.copyFileSync(src.file, staged)
  fs.chmodSync(staged, 0o755)
  return { key: src.key, staged, reason: null }
}

/** The platform an electron-builder command line builds for (one per run, like the native module). */
export function targetPlatform(args, fallback = process.platform) {
  if (args.some((a) => a === '--mac' || a === '-m' || a === '--macos')) return 'darwin'
  if (args.some((a) => a === '--win' || a === '-w' || a === '--windows')) return 'win32'
  if (args.some((a) => a === '--linux' || a === '-l')) return 'linux'
  return fallback
}
