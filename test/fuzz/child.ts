// The model-based run in a child process of its own (see guard.ts): it writes a line before
// every call, so a call that never returns (even a synchronous loop) is seen and named, and
// the report as its last line.
import { runModelTest } from './run'

const opts = JSON.parse(process.argv[2]!) as { steps: number; seed: number; root: string; maxCommands?: number }
const out = (line: string) => process.stdout.write(`${line.replace(/\n/g, ' ')}\n`)
const report = await runModelTest({ ...opts, onStep: (label) => out(`step ${label.slice(0, 300)}`) })
out(`report ${JSON.stringify(report)}`)
