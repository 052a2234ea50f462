// What one system call of the kinds an open makes costs on this machine (µs, medians of blocks):
// the unit count.sh's counts are multiplied by when the README speaks of a floor.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { median, now, since } from '../lib/stats'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-syscalls-'))
try {
  const file = path.join(dir, 'file')
  fs.writeFileSync(file, Buffer.alloc(64 * 1024))
  const fd = fs.openSync(file, 'r')
  const buf = Buffer.alloc(100)
  const cases: [string, () => void][] = [
    ['stat', () => void fs.statSync(file)],
    ['fstat', () => void fs.fstatSync(fd)],
    ['pread of 100 bytes', () => void fs.readSync(fd, buf, 0, 100, 0)],
    ['open + close', () => fs.closeSync(fs.openSync(file, 'r'))],
  ]
  for (const [what, fn] of cases) {
    const blocks: number[] = []
    for (let b = 0; b < 21; b++) {
      const t0 = now()
      for (let i = 0; i < 2000; i++) fn()
      if (b > 0) blocks.push((since(t0) / 2000) * 1000)
    }
    console.log(`${what.padEnd(20)} ${median(blocks).toFixed(2)} µs`)
  }
  fs.closeSync(fd)
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
