// A packaging LAYOUT check, not a packaged-app test: no Electron binary exists on this
// machine (it is downloaded from GitHub), so electron-builder's unpacked (--dir) build runs
// against a stand-in Electron distribution, and Node's better-sqlite3 build stands in for the
// Electron one unless scripts/native.mjs made that (see NATIVE). It proves what goes into the package and where; launching the
// real packaged app is e2e/electron.test.ts's job on machines that have Electron.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import { createRequire } from 'node:module'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from './harness'
import { addonAbi, electronBindingPath, electronInfo, isUsableBinding } from '../scripts/native.mjs'
import { LITESTREAM_PLATFORMS, litestreamSource, targetPlatform } from '../scripts/litestream-resource.mjs'
import { findLitestream, packagedLitestream } from '../main/engine/replication/binary'

const UNPACKED = path.join(ROOT, 'dist', 'linux-unpacked')
const RESOURCES = path.join(UNPACKED, 'resources')
let stand: string
let asarFiles: string[] = []

// The better-sqlite3 build that gets packaged: Electron's where `npm start` or `npm run dist`
// made it (.native/), else Node's as a stand-in (here: Electron's headers and prebuilt binaries
// cannot be downloaded). Either way the test says which and checks its ABI marker.
const electron = electronInfo(ROOT)
const electronBuild = electronBindingPath(electron.version, ROOT)
const NATIVE = isUsableBinding(electronBuild, electron.abi)
  ? { runtime: `Electron ${electron.version}'s`, abi: electron.abi, file: electronBuild }
  : {
      runtime: `Node ${process.version}'s, a stand-in for Electron's`,
      abi: Number(process.versions.modules),
      file: path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
    }

// electron-builder's unpacked Linux build against the stand-in Electron, with the chosen better-sqlite3 build.
function distDir(...extra: string[]) {
  return spawnSync(
    process.execPath,
    [
      'scripts/dist.mjs',
      '--skip-build',
      '--linux',
      'dir',
      ...extra,
      `--config.electronDist=${stand}`,
      '--config.electronVersion=45.5.0',
    ],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true', OWNLIST_NATIVE_BINDING: NATIVE.file } },
  )
}

beforeAll(() => {
  stand = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-electron-dist-'))
  fs.writeFileSync(path.join(stand, 'electron'), standInElectronBinary(), { mode: 0o755 })
  for (const f of ['LICENSE', 'LICENSES.chromium.html']) fs.writeFileSync(path.join(stand, f), '')
  fs.writeFileSync(path.join(stand, 'version'), '45.5.0')
  fs.rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true })
  const res = distDir()
  if (res.status !== 0) throw new Error(`electron-builder failed:\n${res.stdout}\n${res.stderr}`)
  const list = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/@electron/asar/bin/asar.js'), 'list', path.join(RESOURCES, 'app.asar')],
    {
      encoding: 'utf8',
    },
  )
  asarFiles = list.stdout.split('\n').filter(Boolean)
}, 120_000)

afterAll(() => {
  fs.rmSync(stand, { recursive: true, force: true })
})

describe('packaging layout (electron-builder --dir against a stand-in Electron)', () => {
  it('packs the main, preload and renderer bundles into the asar', () => {
    for (const f of ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']) {
      expect(asarFiles).toContain(f)
    }
  })

  it('ships the migrations and the template as resources the engine finds at run time', () => {
    const migrations = fs.readdirSync(path.join(RESOURCES, 'migrations')).sort()
    const shipped = fs
      .readdirSync(path.join(ROOT, 'migrations'))
      .filter((f) => f.endsWith('.sql') || f === 'checksums.json')
      .sort()
    expect(migrations).toEqual(shipped)
    expect(fs.readFileSync(path.join(RESOURCES, 'template.sqlite'))).toEqual(
      fs.readFileSync(path.join(ROOT, 'resources/template.sqlite')),
    )
  })

  it(`ships one build of the native module, outside the asar: ${NATIVE.runtime} (ABI ${NATIVE.abi})`, () => {
    const packaged = path.join(RESOURCES, 'native', 'better_sqlite3.node')
    expect(fs.readFileSync(packaged).equals(fs.readFileSync(NATIVE.file))).toBe(true)
    // The ABI marker (node_register_module_v<ABI>, read as scripts/native.mjs does) is the
    // runtime's it was built for; only an Electron build loads in the packaged app.
    expect(addonAbi(packaged)).toBe(NATIVE.abi)
    expect(addonAbi(packaged) === electron.abi).toBe(NATIVE.file === electronBuild)
    const nodeFiles = (fs.readdirSync(UNPACKED, { recursive: true }) as string[]).filter((f) => f.endsWith('.node'))
    expect(nodeFiles).toEqual([path.join('resources', 'native', 'better_sqlite3.node')])
    expect(asarFiles.filter((f) => f.endsWith('.node'))).toEqual([])
    expect(
      asarFiles.some(
        (f) => f.startsWith('/node_modules/better-sqlite3/build') || f.startsWith('/node_modules/better-sqlite3/deps'),
      ),
    ).toBe(false)
    expect(asarFiles).toContain('/node_modules/better-sqlite3/lib/index.js')
  })

  it('contains no sources, tests or development dependencies', () => {
    const forbidden = [
      /^\/main\//,
      /^\/renderer\//,
      /^\/preload\//,
      /^\/e2e\//,
      /^\/bench\//,
      /\.test\.[jt]s$/,
      /\.ts$/,
      /^\/node_modules\/(svelte|vite|vitest|electron|electron-builder|typescript|playwright-core|tsx|esbuild)\//,
    ]
    const bad = asarFiles.filter((f) => forbidden.some((re) => re.test(f)) && !f.endsWith('.d.ts'))
    expect(bad).toEqual([])
  })

  it('stays small', () => {
    const bytes = fs.statSync(path.join(RESOURCES, 'app.asar')).size
    console.log(`app.asar: ${(bytes / 1024 / 1024).toFixed(2)} MiB`)
    expect(bytes).toBeLessThan(5 * 1024 * 1024)
  })
})

// Litestream ships outside the asar, one binary for the platform and architecture packaged.
// Only linux-x64's npm package installs here, so only the build made here (linux, this machine's
// architecture) is checked with a real binary; the others are checked for what can be checked
// offline: which platforms would get one, and that a build without one leaves the folder empty.
const BUILT = `linux-${process.arch}`
const LITESTREAM = litestreamSource(ROOT, 'linux', process.arch)
const checked = LITESTREAM_PLATFORMS.filter((k) => litestreamSource(ROOT, ...(k.split('-') as [string, string])).file)
const unchecked = LITESTREAM_PLATFORMS.filter((k) => !checked.includes(k))

describe(`Litestream in the package (built and checked: ${BUILT}; not installable here, so not checked: ${unchecked.join(', ') || 'none'}; Windows has no build)`, () => {
  it(`${BUILT}: the npm package's binary, byte for byte, at resources/litestream/${BUILT}/litestream, executable, outside the asar`, () => {
    expect(LITESTREAM.file, LITESTREAM.reason ?? '').not.toBeNull()
    const packaged = packagedLitestream(RESOURCES, 'linux', process.arch)
    expect(packaged).toBe(path.join(RESOURCES, 'litestream', BUILT, 'litestream'))
    expect(fs.readFileSync(packaged).equals(fs.readFileSync(LITESTREAM.file!))).toBe(true)
    expect(fs.statSync(packaged).mode & 0o111).toBe(0o111)
    // Nothing else of Litestream anywhere in the package: no other platform's, none in the asar.
    expect(fs.readdirSync(path.join(RESOURCES, 'litestream'))).toEqual([BUILT])
    expect(fs.readdirSync(path.join(RESOURCES, 'litestream', BUILT))).toEqual(['litestream'])
    expect(asarFiles.filter((f) => /litestream|@flydotio/i.test(f))).toEqual([])
  })

  it('the packaged app finds it there (resourcesPath from the Electron wiring), and runs it', () => {
    const saved = process.env.OWNLIST_LITESTREAM
    delete process.env.OWNLIST_LITESTREAM
    try {
      const found = findLitestream({ resourcesPath: RESOURCES })
      expect(found).toBe(packagedLitestream(RESOURCES, 'linux', process.arch))
      expect(spawnSync(found, ['version'], { encoding: 'utf8' }).stdout.trim()).toBe('v0.3.13')
      // A resources folder without it (a platform whose binary was not packaged): unavailable, said plainly.
      expect(() => findLitestream({ resourcesPath: stand })).toThrow(/not installed with this copy/)
      expect(() => findLitestream({ resourcesPath: RESOURCES, platform: 'win32', arch: 'x64' })).toThrow(
        /no build for it/,
      )
    } finally {
      if (saved !== undefined) process.env.OWNLIST_LITESTREAM = saved
    }
  })

  it('linux-arm64, whose binary is not installable here: the build still succeeds and ships no Litestream, so the app says REPLICATION_UNAVAILABLE', () => {
    const res = distDir('--arm64')
    expect(res.status, `${res.stdout}\n${res.stderr}`).toBe(0)
    expect(res.stdout).toMatch(/Litestream not packaged \(@flydotio\/litestream-linux-arm64 is not installed\)/)
    const resources = path.join(ROOT, 'dist', 'linux-arm64-unpacked', 'resources')
    expect(fs.existsSync(path.join(resources, 'template.sqlite'))).toBe(true)
    expect(fs.existsSync(path.join(resources, 'litestream'))).toBe(false)
    expect(() => findLitestream({ resourcesPath: resources, platform: 'linux', arch: 'arm64' })).toThrow(
      /not installed with this copy/,
    )
  }, 120_000)

  it(`which builds would carry it: ${checked.join(', ')} installed here; ${unchecked.join(', ') || 'none'} not (their builds ship an empty folder)`, () => {
    expect(checked).toContain(BUILT)
    for (const key of unchecked)
      expect(litestreamSource(ROOT, ...(key.split('-') as [string, string])).reason).toMatch(/not installed/)
    expect(litestreamSource(ROOT, 'win32', 'x64')).toMatchObject({
      file: null,
      reason: expect.stringMatching(/no build/),
    })
    expect(targetPlatform(['--mac', '--arm64'])).toBe('darwin')
    expect(targetPlatform(['--win'])).toBe('win32')
    expect(targetPlatform(['--linux', 'dir'])).toBe('linux')
  })
})

// The fuses. The stand-in binary carries a fuse wire in Electron's own format (sentinel,
// version, length, one byte per fuse) set to Electron's defaults, so electron-builder's
// flip of the real binary's wire is exercised and read back here.
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
// Electron's defaults, in wire order: runAsNode, cookieEncryption, nodeOptions, nodeCliInspect,
// embeddedAsarIntegrityValidation, onlyLoadAppFromAsar, browserProcessV8Snapshot,
// grantFileProtocolExtraPrivileges. Every fuse the app configures starts opposite to its setting.
const ELECTRON_DEFAULT_WIRE = '10110001'

function standInElectronBinary(): Buffer {
  const script = Buffer.from('#!/bin/sh\necho "stand-in Electron: layout check only" >&2\nexit 1\n')
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]),
    Buffer.from(ELECTRON_DEFAULT_WIRE),
  ])
  return Buffer.concat([script, wire])
}

const EXPECTED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  grantFileProtocolExtraPrivileges: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  enableCookieEncryption: true,
}

describe('Electron fuses', () => {
  it('are configured under names electron-builder accepts (loaded and validated the way it does)', async () => {
    const require = createRequire(path.join(ROOT, 'package.json'))
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config')
    const { DebugLogger } = require('builder-util')
    const config = await getConfig(ROOT, null, null)
    await validateConfiguration(config, new DebugLogger(false)) // the schema refuses unknown keys
    expect(config.electronFuses).toEqual(EXPECTED_FUSES)
  })

  it('are flipped in the packaged binary', async () => {
    const require = createRequire(path.join(ROOT, 'package.json'))
    const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses')
    const wire = await getCurrentFuseWire(path.join(UNPACKED, 'ownlist'))
    const state = (option: number) => String.fromCharCode(wire[option])
    expect(state(FuseV1Options.RunAsNode)).toBe('0')
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0')
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0')
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe('0')
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1')
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1')
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe('1')
    expect(state(FuseV1Options.LoadBrowserProcessSpecificV8Snapshot)).toBe('0') // not configured: Electron's default
    console.warn(
      'e2e/packaging.test.ts: the fuse wire is checked in a stand-in binary; that Electron honours it at run time, ' +
        'and the asar integrity hash electron-builder embeds only in macOS and Windows builds, need a real Electron package.',
    )
  })
})
