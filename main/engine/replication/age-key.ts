import crypto from 'node:crypto'

/**
 * age X25519 keys made in-process (no age-keygen needed on the user's machine): the
 * identity is `AGE-SECRET-KEY-1…` and the recipient `age1…`, both Bech32 (BIP 173) as age writes them.
 */
export interface AgeKey {
  identity: string
  recipient: string
}

export function generateAgeKey(): AgeKey {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('x25519')
  const d = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url')
  const x = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url')
  return { identity: bech32Encode('age-secret-key-', d).toUpperCase(), recipient: bech32Encode('age', x) }
}

/** The recipient of an identity, or null when it is not an age X25519 identity. */
export function recipientOf(identity: string): string | null {
  const data = bech32Decode(identity.trim().toLowerCase(), 'age-secret-key-')
  if (!data || data.length !== 32) return null
  // PKCS#8 for X25519: a fixed 16-byte prefix, then the 32-byte scalar.
  const der = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), data])
  const pub = crypto.createPublicKey(crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }))
  return bech32Encode('age', Buffer.from(pub.export({ format: 'jwk' }).x!, 'base64url'))
}

/** The age identity lines in a key file's text (comments and other lines skipped). */
export function identitiesIn(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => /^AGE-SECRET-KEY-1[0-9A-Z]+$/.test(l) && recipientOf(l) !== null)
}

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'
const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]

function polymod(values: number[]): number {
  let chk = 1
  for (const v of values) {
    const top = chk >>> 25
    chk = ((chk & 0x1ffffff) << 5) ^ v
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i]!
  }
  return chk >>> 0
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = []
  for (const c of hrp) out.push(c.charCodeAt(0) >> 5)
  out.push(0)
  for (const c of hrp) out.push(c.charCodeAt(0) & 31)
  return out
}

function convertBits(data: Uint8Array | number[], from: number, to: number, pad: boolean): number[] | null {
  let acc = 0
  let bits = 0
  const out: number[] = []
  const max = (1 << to) - 1
  for (const v of data) {
    acc = (acc << from) | v
    bits += from
    while (bits >= to) {
      bits -= to
      out.push((acc >> bits) & max)
    }
  }
  if (pad) {
    if (bits > 0) out.push((acc << (to - bits)) & max)
  } else if (bits >= from || ((acc << (to - bits)) & max) !== 0) return null
  return out
}

function bech32Encode(hrp: string, bytes: Uint8Array): string {
  const data = convertBits(bytes, 8, 5, true)!
  const mod = polymod([...hrpExpand(hrp), ...data, 0, 0, 0, 0, 0, 0]) ^ 1
  const checksum = Array.from({ length: 6 }, (_, i) => (mod >> (5 * (5 - i))) & 31)
  return `${hrp}1${[...data, ...checksum].map((d) => CHARSET[d]).join('')}`
}

function bech32Decode(s: string, hrp: string): Buffer | null {
  if (!s.startsWith(`${hrp}1`)) return null
  const data: number[] = []
  for (const c of s.slice(hrp.length + 1)) {
    const d = CHARSET.indexOf(c)
    if (d < 0) return null
    data.push(d)
  }
  if (data.length < 6 || polymod([...hrpExpand(hrp), ...data]) !== 1) return null
  const bytes = convertBits(data.slice(0, -6), 5, 8, false)
  return bytes ? Buffer.from(bytes) : null
}
