// `npm run dist`: builds the app and its installers with electron-builder (network needed on
// a normal machine: Electron and the installer tools are downloaded). better-sqlite3 for
// Electron comes from scripts/native.mjs and is shipped as resources/native/better_sqlite3.node;
// npm's own (Node) build is left out of the package. OWNLIST_NATIVE_BINDING names a ready
// binding instead (the offline layout check in e2e/packaging.test.ts uses a stand-in).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { stageLitestream, targetPlatform } from './litestream-resource.mjs'
import { ensureElectronBinding } from './native.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const run = (cmd, args) => {
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' })
  if (res.status !== 0) process.exit(res.status ?? 1)
}

// One architecture per run: the native module is built for it (`--arm64` / `--x64`, else this machine's).
const args = process.argv.slice(2)
const arch = args.includes('--arm64') ? 'arm64' : args.includes('--x64') ? 'x64' : process.arch
const binding = process.env.OWNLIST_NATIVE_BINDING || ensureElectronBinding(ROOT, console.log, arch)
const staged = path.join(ROOT, '.native', 'package', 'better_sqlite3.node')
fs.mkdirSync(path.dirname(staged), { recursive: true })
fs.copyFileSync(binding, staged)

// Litestream for the platform being packaged, shipped outside the asar (see litestream-resource.mjs).
stageLitestream(ROOT, targetPlatform(args), arch, console.log)

const bin = (name) => path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name)
if (!process.argv.includes('--skip-build')) run('npm', ['run', '-s', 'build'])
run(bin('electron-builder'), ['--publish', 'never', ...args.filter((a) => a !== '--skip-build')])
