// `npm start`: builds the app and launches it in Electron, with better-sqlite3 built for
// Electron (scripts/native.mjs). Where the Electron binary is missing and cannot be
// downloaded, it says so in one sentence and points to `npm run dev:web`.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureElectronBinding } from './native.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const electronDir = path.join(ROOT, 'node_modules', 'electron')

function electronBinaryPresent() {
  const pathFile = path.join(electronDir, 'path.txt')
  return (
    fs.existsSync(pathFile) && fs.existsSync(path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim()))
  )
}

function fail(sentence) {
  console.error(`ownlist: ${sentence}`)
  process.exit(1)
}

if (!electronBinaryPresent()) {
  // npm installs Electron without running its download script; fetch the binary now.
  const res = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'ignore' })
  if (res.status !== 0 || !electronBinaryPresent()) {
    fail(
      'The Electron binary is not installed and could not be downloaded (it comes from GitHub), so the desktop app cannot start here; run `npm run dev:web` to use Ownlist in a browser instead.',
    )
  }
}

try {
  ensureElectronBinding()
} catch (e) {
  fail(
    `better-sqlite3 could not be built for Electron (${e.message}); run \`npm run dev:web\` to use Ownlist in a browser instead.`,
  )
}

const bin = path.join(
  ROOT,
  'node_modules',
  '.bin',
  process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite',
)
const extra = process.argv.slice(2)
const res = spawnSync(bin, ['preview', ...(extra.length ? ['--', ...extra] : [])], {
  stdio: 'inherit',
  cwd: ROOT,
  shell: process.platform === 'win32',
})
process.exit(res.status ?? 1)
