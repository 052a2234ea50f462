import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { isOwnlistError } from '../errors'
import { TempDirs } from '../../../test/support/helpers'
import { generateAgeKey, identitiesIn, recipientOf } from './age-key'
import { findLitestream } from './binary'
import { litestreamConfig } from './config'
import { parseListing, parseLogLine } from './litestream'
import { restorePlans } from './pitr'
import { parseReplicaUrl } from './url'

const temps = new TempDirs()
afterEach(() => temps.cleanup())

describe('replica URLs', () => {
  it('reads file, sftp and s3 addresses', () => {
    expect(parseReplicaUrl('file:///srv/rep/work')).toMatchObject({
      type: 'file',
      path: '/srv/rep/work',
      url: 'file:///srv/rep/work',
    })
    expect(parseReplicaUrl('sftp://ann@example.org:2222/home/ann/rep')).toMatchObject({
      type: 'sftp',
      host: 'example.org',
      port: 2222,
      user: 'ann',
      path: '/home/ann/rep',
    })
    expect(parseReplicaUrl('sftp://ann@example.org/rep')).toMatchObject({ port: 22 })
    expect(
      parseReplicaUrl('s3://bucket/some/path?endpoint=https://minio.local:9000&region=eu-1&force-path-style=true'),
    ).toMatchObject({
      type: 's3',
      bucket: 'bucket',
      path: 'some/path',
      endpoint: 'https://minio.local:9000',
      region: 'eu-1',
      forcePathStyle: true,
    })
  })
  it.each([
    '',
    'not a url',
    'ftp://host/x',
    'file://host/x',
    'file:///',
    'sftp://host/path',
    'sftp://u@host/',
    's3://bucket',
    's3://bucket/p?acl=x',
    'http://x/y',
    'file:///a\nb',
  ])('refuses %j', (raw) => {
    let err: unknown
    try {
      parseReplicaUrl(raw)
    } catch (e) {
      err = e
    }
    expect(isOwnlistError(err, 'INVALID_ARGUMENT')).toBe(true)
  })
})

describe('Litestream config', () => {
  it('writes file, sftp and s3 replicas with a sync interval of at most 1 s, every value quoted', () => {
    const text = litestreamConfig(
      [
        {
          path: '/data/profiles/a.sqlite',
          metaPath: '/data/replication/meta/a',
          replicas: [
            { name: 'r0', target: parseReplicaUrl('file:///rep/a') },
            {
              name: 'r1',
              target: parseReplicaUrl('sftp://ann@127.0.0.1:2022/rep'),
              password: 'p"w$HOME',
              identities: ['AGE-SECRET-KEY-1X'],
              recipients: ['age1x'],
            },
            {
              name: 'r2',
              target: parseReplicaUrl(
                's3://bkt/rep/a?endpoint=http://127.0.0.1:9000&region=us-east-1&force-path-style=true',
              ),
            },
          ],
        },
      ],
      { syncIntervalMs: 5000 },
    )
    expect(text).toBe(
      [
        'dbs:',
        '  - path: "/data/profiles/a.sqlite"',
        '    meta-path: "/data/replication/meta/a"',
        '    replicas:',
        '      - name: "r0"',
        '        type: file',
        '        path: "/rep/a"',
        '        sync-interval: 1000ms',
        '        retention: 168h',
        '      - name: "r1"',
        '        type: sftp',
        '        host: "127.0.0.1:2022"',
        '        user: "ann"',
        '        password: "p\\"w$HOME"',
        '        path: "/rep"',
        '        sync-interval: 1000ms',
        '        retention: 168h',
        '        age:',
        '          identities: ["AGE-SECRET-KEY-1X"]',
        '          recipients: ["age1x"]',
        '      - name: "r2"',
        '        type: s3',
        '        bucket: "bkt"',
        '        endpoint: "http://127.0.0.1:9000"',
        '        region: "us-east-1"',
        '        force-path-style: true',
        '        path: "rep/a"',
        '        sync-interval: 1000ms',
        '        retention: 168h',
        '',
      ].join('\n'),
    )
  })
})

describe('age keys', () => {
  it('makes X25519 identities whose recipient age-keygen derives the same way, and that age can use', () => {
    const k = generateAgeKey()
    expect(k.identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/)
    expect(k.recipient).toMatch(/^age1[0-9a-z]{58}$/)
    expect(recipientOf(k.identity)).toBe(k.recipient)
    expect(identitiesIn(`# created\n${k.identity}\n`)).toEqual([k.identity])
    expect(identitiesIn('AGE-SECRET-KEY-1QQQQ')).toEqual([])
    const hasAge = spawnSync('age-keygen', ['--version']).status === 0
    if (!hasAge) return // age is only a cross-check of the encoding; Litestream does its own encryption
    const dir = temps.make()
    fs.writeFileSync(path.join(dir, 'id'), `${k.identity}\n`)
    expect(spawnSync('age-keygen', ['-y', path.join(dir, 'id')], { encoding: 'utf8' }).stdout.trim()).toBe(k.recipient)
    const enc = spawnSync('age', ['-r', k.recipient], { input: 'secret' })
    expect(spawnSync('age', ['-d', '-i', path.join(dir, 'id')], { input: enc.stdout, encoding: 'utf8' }).stdout).toBe(
      'secret',
    )
  })
})

describe('the Litestream binary', () => {
  it('is unavailable on Windows and where none is installed', () => {
    for (const [platform, arch] of [
      ['win32', 'x64'],
      ['linux', 'ia32'],
      ['freebsd', 'x64'],
    ] as const) {
      let err: unknown
      try {
        findLitestream({ platform, arch })
      } catch (e) {
        err = e
      }
      expect(isOwnlistError(err, 'REPLICATION_UNAVAILABLE'), `${platform} ${arch}`).toBe(true)
    }
    let err: unknown
    try {
      findLitestream({ platform: 'linux', arch: 'x64', binary: '/nonexistent/litestream' })
    } catch (e) {
      err = e
    }
    expect(isOwnlistError(err, 'REPLICATION_UNAVAILABLE')).toBe(true)
  })
  it('in a packaged app, only in its resources folder (litestream/<platform>-<arch>/litestream)', () => {
    const saved = process.env.OWNLIST_LITESTREAM
    delete process.env.OWNLIST_LITESTREAM
    try {
      const resources = temps.make('ownlist-resources-')
      const unavailable = (opts: Parameters<typeof findLitestream>[0]) => {
        try {
          findLitestream(opts)
          return null
        } catch (e) {
          return isOwnlistError(e, 'REPLICATION_UNAVAILABLE')
        }
      }
      // Not there: unavailable, even though the npm package is installed here.
      expect(unavailable({ platform: 'linux', arch: 'x64', resourcesPath: resources })).toBe(true)
      const bin = path.join(resources, 'litestream', 'darwin-arm64', 'litestream')
      fs.mkdirSync(path.dirname(bin), { recursive: true })
      fs.writeFileSync(bin, '#!/bin/sh\n', { mode: 0o644 })
      expect(unavailable({ platform: 'darwin', arch: 'arm64', resourcesPath: resources })).toBe(true) // not executable
      fs.chmodSync(bin, 0o755)
      expect(findLitestream({ platform: 'darwin', arch: 'arm64', resourcesPath: resources })).toBe(bin)
      expect(unavailable({ platform: 'darwin', arch: 'x64', resourcesPath: resources })).toBe(true)
    } finally {
      if (saved !== undefined) process.env.OWNLIST_LITESTREAM = saved
    }
  })
  it('is found for this platform (the optional dependency is installed here)', () => {
    expect(fs.existsSync(findLitestream())).toBe(true)
  })
})

describe('point-in-time plans', () => {
  const at = (s: string): Date => new Date(`2026-01-01T00:00:${s}Z`)
  const items = [
    ...parseListing(
      [
        'replica generation index size created',
        'r g1 0 10 2026-01-01T00:00:10Z',
        'r g2 0 10 2026-01-01T00:00:30Z',
      ].join('\n'),
      'snapshot',
    ),
    ...parseListing(
      [
        'replica generation index offset size created',
        'r g1 0 0 5 2026-01-01T00:00:10Z',
        'r g1 0 5 5 2026-01-01T00:00:15Z',
        'r g2 0 0 5 2026-01-01T00:00:30Z',
        'r g2 0 5 5 2026-01-01T00:00:40Z',
      ].join('\n'),
      'wal',
    ),
  ]
  it('picks the newest generation started at or before T, whatever generation holds it', () => {
    expect(restorePlans(items, null)[0]).toMatchObject({ generation: 'g2', timestamp: null, asOf: at('40') })
    expect(restorePlans(items, at('35'))[0]).toMatchObject({ generation: 'g2', asOf: at('30'), endsBefore: false })
    // Between the generations: the last change of the first one.
    expect(restorePlans(items, at('20'))).toEqual([
      { generation: 'g1', timestamp: at('20'), asOf: at('15'), endsBefore: true },
    ])
    expect(restorePlans(items, at('12'))[0]).toMatchObject({ generation: 'g1', asOf: at('10') })
    expect(restorePlans(items, at('09'))).toEqual([])
    // T after everything: each generation in turn, newest first.
    expect(restorePlans(items, at('59')).map((p) => p.generation)).toEqual(['g2', 'g1'])
  })
  it('parses Litestream log lines', () => {
    expect(
      parseLogLine(
        'time=2026-11-30T07:38:44.479Z level=INFO msg="snapshot written" db=/tmp/a b.sqlite replica=r0 elapsed=40ms',
      ),
    ).toMatchObject({
      time: '2026-11-30T07:38:44.479Z',
      msg: 'snapshot written',
      replica: 'r0',
    })
    expect(parseLogLine('no structure here')).toBeNull()
  })
})
