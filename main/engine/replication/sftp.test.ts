import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { TempDirs } from '../../../test/support/helpers'
import { LEASE_FILE } from './lease'
import { failsIn, okIn, titlesOf, waitFor } from '../../../test/support/replication'

// A real SFTP server on 127.0.0.1: Debian's rclone (`rclone serve sftp`), which CI installs.
const HAVE_RCLONE = spawnSync('rclone', ['version']).status === 0
if (!HAVE_RCLONE)
  console.warn('sftp.test.ts: skipped because rclone is not installed (apt-get install rclone); CI installs it')

const temps = new TempDirs()
let server: ChildProcess | null = null
let port = 0
let root = ''
let clientKey = ''
const USER = 'ann'
const PASS = 'pa$$ "word"'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port
      s.close(() => resolve(p))
    })
  })
}

function canConnect(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(p, '127.0.0.1')
    c.once('connect', () => {
      c.destroy()
      resolve(true)
    })
    c.once('error', () => resolve(false))
  })
}

/** An ed25519 key as PKCS#8 PEM (what Go's ssh package reads) and its authorized_keys line. */
function ed25519Key(): { pem: string; authorized: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519')
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url')
  const str = (b: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b])
  const blob = Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)])
  return {
    pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    authorized: `ssh-ed25519 ${blob.toString('base64')} test\n`,
  }
}

beforeAll(async () => {
  if (!HAVE_RCLONE) return
  const dir = temps.make('ownlist-sftp-')
  root = path.join(dir, 'root')
  fs.mkdirSync(root)
  const host = ed25519Key()
  const client = ed25519Key()
  fs.writeFileSync(path.join(dir, 'host_key'), host.pem, { mode: 0o600 })
  clientKey = path.join(dir, 'client_key')
  fs.writeFileSync(clientKey, client.pem, { mode: 0o600 })
  fs.writeFileSync(path.join(dir, 'authorized_keys'), client.authorized)
  port = await freePort()
  server = spawn(
    'rclone',
    [
      'serve',
      'sftp',
      root,
      '--addr',
      `127.0.0.1:${port}`,
      '--user',
      USER,
      '--pass',
      PASS,
      '--key',
      path.join(dir, 'host_key'),
      '--authorized-keys',
      path.join(dir, 'authorized_keys'),
      '--config',
      path.join(dir, 'rclone.conf'),
    ],
    { stdio: 'ignore' },
  )
  await waitFor('the SFTP server', () => canConnect(port), 20_000)
})

afterAll(() => {
  server?.kill('SIGTERM')
  temps.cleanup()
})

const dataDirs = new TempDirs()
afterEach(() => {
  delete process.env.OWNLIST_SFTP_PASSWORD
  dataDirs.cleanup()
})

describe.skipIf(!HAVE_RCLONE)(
  HAVE_RCLONE
    ? 'SFTP replicas (rclone serve sftp on 127.0.0.1)'
    : 'SFTP replicas — SKIPPED: rclone is not installed here (apt-get install rclone; CI installs it)',
  () => {
    it('password login: encrypted by default, restorable here, elsewhere only with the key', async () => {
      const dataDir = dataDirs.make()
      const url = `sftp://${USER}@127.0.0.1:${port}/pw/work`
      process.env.OWNLIST_SFTP_PASSWORD = PASS
      const p = await okIn(dataDir, 'profiles', 'create', 'Work')
      expect(await okIn(dataDir, 'replicas', 'add', 'Work', url)).toEqual({
        profile: p.id,
        url,
        type: 'sftp',
        encrypted: true,
      })
      expect(JSON.parse(fs.readFileSync(path.join(root, 'pw', 'work', LEASE_FILE), 'utf8')).profileId).toBe(p.id)
      await okIn(dataDir, 'todos', 'add', 'Work', 'one')
      await okIn(dataDir, 'todos', 'add', 'Work', 'two')
      expect((await okIn(dataDir, 'replicate', 'Work', '--once')).results[0]).toMatchObject({ status: 'synced' })
      // What the server holds is age-encrypted.
      const gen = fs.readdirSync(path.join(root, 'pw', 'work', 'generations'))[0]!
      const snap = path.join(root, 'pw', 'work', 'generations', gen, 'snapshots', '00000000.snapshot.lz4')
      expect(fs.readFileSync(snap).subarray(0, 21).toString()).toBe('age-encryption.org/v1')
      await okIn(dataDir, 'replicas', 'restore', url, '--name', 'Copy')
      expect(await titlesOf(dataDir, 'Copy')).toEqual(['one', 'two'])

      // Another data folder: without the key nothing can be read; with it, everything.
      const other = dataDirs.make()
      const before = fs.readdirSync(other)
      await failsIn(other, 'REPLICA_UNREACHABLE', 'replicas', 'restore', url)
      expect(
        fs
          .readdirSync(other)
          .filter((n) => n !== 'locks' && n !== 'profiles' && n !== 'machine-id' && n !== 'replication'),
      ).toEqual(before)
      const keys = JSON.parse(fs.readFileSync(path.join(dataDir, 'replication', 'keys.json'), 'utf8')) as Record<
        string,
        string
      >
      const keyFile = path.join(other, 'work.agekey')
      fs.writeFileSync(keyFile, `${Object.values(keys)[0]}\n`)
      await okIn(other, 'replicas', 'restore', url, '--key-file', keyFile, '--name', 'Elsewhere')
      expect(await titlesOf(other, 'Elsewhere')).toEqual(['one', 'two'])
      // A wrong password cannot reach it.
      process.env.OWNLIST_SFTP_PASSWORD = 'wrong'
      await failsIn(other, 'REPLICA_UNREACHABLE', 'replicas', 'restore', url, '--key-file', keyFile)
    }, 120_000)

    it('key login, unencrypted on request; leases guard the server path too', async () => {
      const dataDir = dataDirs.make()
      const url = `sftp://${USER}@127.0.0.1:${port}/keyed`
      await okIn(dataDir, 'profiles', 'create', 'Work')
      await okIn(dataDir, 'profiles', 'create', 'Home')
      expect(
        (await okIn(dataDir, 'replicas', 'add', 'Work', url, '--key-file', clientKey, '--no-encrypt')).encrypted,
      ).toBe(false)
      await failsIn(dataDir, 'REPLICA_IN_USE', 'replicas', 'add', 'Home', url, '--key-file', clientKey)
      await okIn(dataDir, 'todos', 'add', 'Work', 'keyed')
      expect((await okIn(dataDir, 'replicate', '--all', '--once')).results).toEqual([
        expect.objectContaining({ url, status: 'synced' }),
      ])
      await okIn(dataDir, 'replicas', 'restore', url, '--key-file', clientKey, '--name', 'Copy')
      expect(await titlesOf(dataDir, 'Copy')).toEqual(['keyed'])
      await okIn(dataDir, 'replicas', 'remove', 'Work', url)
      expect(fs.existsSync(path.join(root, 'keyed', LEASE_FILE))).toBe(false)
      expect(fs.existsSync(path.join(root, 'keyed', 'generations'))).toBe(true)
    }, 120_000)

    it('a server that does not answer is REPLICA_UNREACHABLE', async () => {
      const dataDir = dataDirs.make()
      const dead = await freePort()
      process.env.OWNLIST_SFTP_PASSWORD = PASS
      await okIn(dataDir, 'profiles', 'create', 'Work')
      await failsIn(dataDir, 'REPLICA_UNREACHABLE', 'replicas', 'add', 'Work', `sftp://${USER}@127.0.0.1:${dead}/x`)
      await failsIn(dataDir, 'REPLICA_UNREACHABLE', 'replicas', 'restore', `sftp://${USER}@127.0.0.1:${dead}/x`)
    }, 60_000)
  },
)
