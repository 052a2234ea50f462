// better-sqlite3 is a native module: Node (tests, CLI) and Electron (the app) need builds
// for different ABIs. Node's build stays where npm put it (node_modules/better-sqlite3/build);
// Electron's is built once per Electron version into .native/electron-<version>/ and loaded
// by the app through better-sqlite3's `nativeBinding` option. Neither ever overwrites the other,
// so `npm test` and `npm start` can follow each other in any order without a rebuild.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** The ABI a compiled addon was built for, read from its `node_register_module_v<ABI>` symbol. */
export function addonAbi(file) {
  const m = /node_register_module_v(\d+)/.exec(fs.readFileSync(file).toString('latin1'))
  return m ? Number(m[1]) : null
}

export function electronInfo(root = ROOT) {
  const dir = path.join(root, 'node_modules', 'electron')
  const version = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version
  const abi = Number(fs.readFileSync(path.join(dir, 'abi_version'), 'utf8').trim())
  return { version, abi }
}

export function electronBindingPath(version, root = ROOT, arch = process.arch) {
  const folder = arch === process.arch ? `electron-${version}` : `electron-${version}-${arch}`
  return path.join(root, '.native', folder, 'better_sqlite3.node')
}

/**
 * An environment for node-gyp with npm's own settings removed: npm exports its config
 * (e.g. `nodedir=/usr` from ~/.npmrc) as npm_config_* variables, and node-gyp would then
 * silently compile against Node's headers while we asked for Electron's.
 */
export function cleanBuildEnv(env = process.env) {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_config_/i.test(k)))
}

/** A build is only reused when its own symbol says it was made for `abi`. */
export function isUsableBinding(file, abi) {
  return fs.existsSync(file) && addonAbi(file) === abi
}

/** Builds better-sqlite3 for this project's Electron unless a build with the right ABI exists. */
export function ensureElectronBinding(root = ROOT, log = console.log, arch = process.arch) {
  const { version, abi } = electronInfo(root)
  const target = electronBindingPath(version, root, arch)
  if (isUsableBinding(target, abi)) return target
  log(`Building better-sqlite3 for Electron ${version} (ABI ${abi}, ${arch}); this happens once per Electron version…`)
  const pkgDir = path.join(root, 'node_modules', 'better-sqlite3')
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-native-'))
  try {
    for (const entry of ['binding.gyp', 'src', 'deps', 'package.json']) {
      fs.cpSync(path.join(pkgDir, entry), path.join(work, entry), { recursive: true })
    }
    // better-sqlite3 publishes prebuilt binaries for Electron: try that download first (no
    // compiler needed), then compile against Electron's headers.
    const prebuild = path.join(root, 'node_modules', 'prebuild-install', 'bin.js')
    const pre = spawnSync(
      process.execPath,
      [prebuild, '--runtime=electron', `--target=${version}`, `--arch=${arch}`, `--platform=${process.platform}`],
      {
        cwd: work,
        stdio: 'inherit',
        env: cleanBuildEnv(),
      },
    )
    if (pre.status !== 0) {
      const gyp = path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
      const args = [
        gyp,
        'rebuild',
        '--release',
        `--target=${version}`,
        '--runtime=electron',
        `--arch=${arch}`,
        '--dist-url=https://electronjs.org/headers',
        `--devdir=${path.join(os.homedir(), '.electron-gyp')}`,
      ]
      const res = spawnSync(process.execPath, args, { cwd: work, stdio: 'inherit', env: cleanBuildEnv() })
      if (res.status !== 0)
        throw new Error(
          `no prebuilt binary could be downloaded and node-gyp failed (exit ${res.status}); Electron's headers come from electronjs.org.`,
        )
    }
    const built = path.join(work, 'build', 'Release', 'better_sqlite3.node')
    const got = addonAbi(built)
    if (got !== abi)
      throw new Error(`The build targets ABI ${got}, not Electron's ${abi}: check nodedir/target in your npm config.`)
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.copyFileSync(built, `${target}.tmp`)
    fs.renameSync(`${target}.tmp`, target)
    return target
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    console.log(ensureElectronBinding())
  } catch (e) {
    console.error(`ownlist: ${e.message}`)
    process.exit(1)
  }
}
