// The hang guard: the model-based run goes to a child process (bundled with esbuild, so it
// starts in a tenth of a second); a call that gives no sign of life within `stallMs`, or a run
// past `deadlineMs`, gets the child killed and the test failed with the call that hung. A
// deadline inside the same process would never fire on a synchronous loop.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { bundleScript } from '../support/faults'
import type { RunReport } from './run'

export interface GuardedRun {
  report: RunReport | null
  /** Why there is no report: a hang (with the last call started), a crash, a non-zero exit. */
  problem: string | null
}

/** A folder for the runs' data: tmpfs where there is one (fsync is not what this tests), else the temp folder. */
export function fuzzRoot(): string {
  const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir()
  return fs.mkdtempSync(path.join(base, 'ownlist-fuzz-'))
}

export async function bundleChild(outDir: string): Promise<string> {
  return bundleScript(
    `import ${JSON.stringify(fileURLToPath(new URL('./child.ts', import.meta.url)))}`,
    outDir,
    'fuzz-child.mjs',
  )
}

export function runGuarded(
  script: string,
  opts: { steps: number; seed: number; root: string; maxCommands?: number },
  limits: { stallMs: number; deadlineMs: number },
): Promise<GuardedRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, JSON.stringify(opts)], { stdio: ['ignore', 'pipe', 'pipe'] })
    let last = '(none yet)'
    let report: RunReport | null = null
    let stderr = ''
    let problem: string | null = null
    const kill = (why: string) => {
      problem ??= why
      child.kill('SIGKILL')
    }
    let stall = setTimeout(
      () => kill(`no answer within ${limits.stallMs} ms; the call that hung: ${last}`),
      limits.stallMs,
    )
    const deadline = setTimeout(
      () => kill(`the run passed its deadline of ${limits.deadlineMs} ms; last call: ${last}`),
      limits.deadlineMs,
    )
    child.stderr.on('data', (d) => (stderr = (stderr + String(d)).slice(-4000)))
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      clearTimeout(stall)
      stall = setTimeout(
        () => kill(`no answer within ${limits.stallMs} ms; the call that hung: ${last}`),
        limits.stallMs,
      )
      if (line.startsWith('step ')) last = line.slice(5)
      else if (line.startsWith('report ')) report = JSON.parse(line.slice(7)) as RunReport
    })
    child.on('close', (code, signal) => {
      clearTimeout(stall)
      clearTimeout(deadline)
      if (!problem && !report)
        problem = `the child ended (${code ?? signal}) without a report; last call: ${last}; stderr: ${stderr}`
      resolve({ report, problem })
    })
  })
}
