// N opens of one profile (open, read its name, close), raw or through the engine, for
// bench/syscalls/count.sh to count the system calls of under strace.
import path from 'node:path'
import { Engine } from '../../main/engine/engine'
import { NOW, tempRoot } from '../lib/data'
import { engineOpenReadClose, rawOpenReadClose } from '../lib/open-once'

const [mode, countArg] = process.argv.slice(2)
const count = Number(countArg ?? 200)

async function main(): Promise<void> {
  const tmp = tempRoot('syscalls')
  const engine = new Engine({ dataDir: path.join(tmp.root, 'data'), now: () => NOW })
  try {
    const { id, file } = engine.createProfile('Counted')
    // Once first, so what the N opens add is the steady state (statements, idle lock, check cache):
    // the "none" run, subtracted by count.sh, makes this open too.
    ;(await engine.openProfile(id)).close()
    for (let i = 0; i < count; i++) {
      if (mode === 'raw') rawOpenReadClose(file)
      else if (mode === 'engine') await engineOpenReadClose(engine, id)
      else if (mode !== 'none') throw new Error(`mode: raw, engine or none, not ${mode}`)
    }
  } finally {
    engine.close()
    tmp.done()
  }
}
void main()
