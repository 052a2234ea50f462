import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { afterEach, describe, expect, it } from 'vitest'
import {
  addonAbi,
  cleanBuildEnv,
  electronBindingPath,
  electronInfo,
  ensureElectronBinding,
  isUsableBinding,
} from './native.mjs'

const require = createRequire(import.meta.url)
const nodeBuild = path.join(
  path.dirname(require.resolve('better-sqlite3/package.json')),
  'build',
  'Release',
  'better_sqlite3.node',
)
const temps: string[] = []
afterEach(() => {
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

/** A project folder with an electron package of the given version/ABI and nothing else. */
function fakeProject(version: string, abi: number): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-native-'))
  temps.push(root)
  const dir = path.join(root, 'node_modules', 'electron')
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ version }))
  fs.writeFileSync(path.join(dir, 'abi_version'), `${abi}\n`)
  return root
}

describe('the Electron build of better-sqlite3', () => {
  it('reads the ABI a build was made for from its registration symbol', () => {
    expect(addonAbi(nodeBuild)).toBe(Number(process.versions.modules))
  })

  it('reads Electron’s version and ABI from the installed package', () => {
    const info = electronInfo()
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(info.abi).toBeGreaterThan(Number(process.versions.modules))
  })

  it('removes npm’s settings (nodedir included) from the build environment', () => {
    const env = cleanBuildEnv({ PATH: '/bin', npm_config_nodedir: '/usr', NPM_CONFIG_TARGET: '20.0.0', HOME: '/root' })
    expect(env).toEqual({ PATH: '/bin', HOME: '/root' })
  })

  it('reuses a build made for Electron’s ABI without rebuilding', () => {
    const root = fakeProject('45.5.0', 140)
    const target = electronBindingPath('45.5.0', root)
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.writeFileSync(target, 'fake addon exporting node_register_module_v140')
    expect(ensureElectronBinding(root, () => {})).toBe(target)
  })

  it('never takes a build made for Node (what a nodedir in ~/.npmrc silently produces) as Electron’s', () => {
    const root = fakeProject('45.5.0', 140)
    const target = electronBindingPath('45.5.0', root)
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.copyFileSync(nodeBuild, target)
    expect(isUsableBinding(target, 140)).toBe(false)
    expect(isUsableBinding(nodeBuild, Number(process.versions.modules))).toBe(true)
  })
})
