// The renderer's end-to-end tests drive a real Chromium (Debian's, not a downloaded build).
// Prints its path; installs Debian's package when it is missing and we may (root + apt-get).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const CANDIDATES = [
  process.env.OWNLIST_CHROMIUM,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
]

export function findChromium() {
  return CANDIDATES.find((p) => p && fs.existsSync(p)) ?? null
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  let found = findChromium()
  const canApt = process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')
  if (!found && canApt) {
    console.log('Installing Debian’s chromium for the end-to-end tests…')
    const run = (args) =>
      spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    if (run(['update']).status === 0) run(['install', '-y', 'chromium'])
    found = findChromium()
  }
  if (!found) {
    console.error(
      'ownlist: the end-to-end tests need Chromium: install it (Debian/Ubuntu: `sudo apt-get install chromium`) or set OWNLIST_CHROMIUM to its path.',
    )
    process.exit(1)
  }
}
