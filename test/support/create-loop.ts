// Child process for the "create interrupted" test: creates profiles back to back until it
// is killed. Usage: node --import tsx create-loop.ts <dataDir>
// Loads the engine and prints "ready"; waits for a line on stdin (so the parent can start
// children ahead of time), prints "started", then prints "created <id>" after each create.
import { Engine } from '../../main/engine/engine'

const [dataDir] = process.argv.slice(2)
if (!dataDir) throw new Error('usage: create-loop.ts <dataDir>')

const engine = new Engine({ dataDir })
process.stdin.setEncoding('utf8')
process.stdin.once('data', () => {
  process.stdin.pause()
  // Stdout to a pipe is synchronous on Linux: a "created" line read by the parent means the
  // profile's rename had already happened.
  process.stdout.write('started\n', () => {
    for (let i = 0; ; i++) {
      const p = engine.createProfile(`Profile ${process.pid}-${i}`)
      process.stdout.write(`created ${p.id}\n`)
    }
  })
})
process.stdout.write('ready\n')
