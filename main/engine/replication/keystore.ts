import fs from 'node:fs'
import path from 'node:path'
import { writeFileAtomic } from '../fsutil'

/**
 * Where replica encryption keys (age identities) are kept. The CLI keeps them in a 0600 file in
 * the data folder; the app can pass one backed by Electron's safeStorage. A key lost is a replica
 * that can no longer be read: nobody, Ownlist included, can decrypt it without the key.
 */
export interface KeyStore {
  get(keyId: string): string | null
  put(keyId: string, identity: string): void
  /** Every identity held: restoring from an address tries them all (age picks the one that fits). */
  all(): string[]
}

/** Keys in `<data>/replication/keys.json`, mode 0600. */
export class FileKeyStore implements KeyStore {
  constructor(private readonly file: string) {}

  static inDataFolder(dataDir: string): FileKeyStore {
    return new FileKeyStore(path.join(dataDir, 'replication', 'keys.json'))
  }

  get(keyId: string): string | null {
    return this.read()[keyId] ?? null
  }

  put(keyId: string, identity: string): void {
    const keys = this.read()
    keys[keyId] = identity
    writeFileAtomic(this.file, `${JSON.stringify(keys, null, 2)}\n`)
  }

  all(): string[] {
    return [...new Set(Object.values(this.read()))]
  }

  private read(): Record<string, string> {
    let text: string
    try {
      text = fs.readFileSync(this.file, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {}
      throw e
    }
    const parsed = JSON.parse(text) as unknown
    if (!parsed || typeof parsed !== 'object') return {}
    return Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'),
    )
  }
}

/** A key store in memory (tests; an app that has not unlocked its safe storage yet). */
export class MemoryKeyStore implements KeyStore {
  private readonly keys = new Map<string, string>()
  get(keyId: string): string | null {
    return this.keys.get(keyId) ?? null
  }
  put(keyId: string, identity: string): void {
    this.keys.set(keyId, identity)
  }
  all(): string[] {
    return [...new Set(this.keys.values())]
  }
}
