// Child process for the "create interrupted" test: creates profiles back to back until it
// is killed. Usage: node --import tsx create-loop.ts <dataDir>
// Prints "started" once the engine is loaded, then "created <id>" after each create returns.
import { Engine } from '../engine'

const [dataDir] = process.argv.slice(2)
if (!dataDir) throw new Error('usage: create-loop.ts <dataDir>')

const engine = new Engine({ dataDir })
// Stdout to a pipe is synchronous on Linux: a "created" line read by the parent means the
// profile's rename had already happened.
process.stdout.write('started\n', () => {
  for (let i = 0; ; i++) {
    const p = engine.createProfile(`Profile ${process.pid}-${i}`)
    process.stdout.write(`created ${p.id}\n`)
  }
})
