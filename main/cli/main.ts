#!/usr/bin/env node
// The Ownlist command line: the same engine as the app, headless.
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { Engine } from '../engine/engine'
import { toErrorValue, type ErrorValue } from '../engine/errors'
import { resolveDataDir } from '../engine/paths'
import { packageVersion } from '../engine/resources'
import { findCommand } from './commands'
import { toHuman } from './human'
import { ExitWith } from './replication-commands'
import { USAGE, UsageError } from './usage'

export interface CliResult {
  exitCode: number
  stdout: string
  stderr: string
}

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  const json = argv.includes('--json')
  const fail = (exitCode: number, error: ErrorValue): CliResult =>
    json
      ? { exitCode, stdout: `${JSON.stringify({ error })}\n`, stderr: '' }
      : {
          exitCode,
          stdout: '',
          stderr: `ownlist: ${error.message} (${error.code})\n${exitCode === 2 ? `\n${USAGE}\n` : ''}`,
        }
  let engine: Engine | undefined
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
        list: { type: 'string' },
        due: { type: 'string' },
        notes: { type: 'string' },
        search: { type: 'string' },
        open: { type: 'boolean' },
        done: { type: 'boolean' },
        all: { type: 'boolean' },
        force: { type: 'boolean' },
        name: { type: 'string' },
        repeat: { type: 'string' },
        'repeat-from': { type: 'string' },
        remind: { type: 'string' },
        until: { type: 'string' },
        'key-file': { type: 'string' },
        'no-encrypt': { type: 'boolean' },
        'take-over': { type: 'boolean' },
        at: { type: 'string' },
        replica: { type: 'string' },
        once: { type: 'boolean' },
        off: { type: 'boolean' },
      },
    })
    if (values.help) return { exitCode: 0, stdout: `${USAGE}\n`, stderr: '' }
    if (values.version) return { exitCode: 0, stdout: `${packageVersion()}\n`, stderr: '' }
    const { command, rest } = findCommand(positionals)
    engine = new Engine({ dataDir: resolveDataDir(values['data-dir'], env) })
    const returned = await command(engine, { positionals: rest, flags: values })
    const result = returned instanceof ExitWith ? returned.value : returned
    const exitCode = returned instanceof ExitWith ? returned.exitCode : 0
    return { exitCode, stdout: `${json ? JSON.stringify(result) : toHuman(result)}\n`, stderr: '' }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      return fail(2, { code: 'INVALID_ARGUMENT', message: (e as Error).message })
    }
    const value = toErrorValue(e)
    const result = fail(1, value)
    // An unexplained INTERNAL is a bug to find: OWNLIST_DEBUG=1 adds what was thrown (stderr only,
    // so the JSON on stdout keeps its shape).
    if (value.code === 'INTERNAL' && env.OWNLIST_DEBUG) result.stderr += `${(e as Error)?.stack ?? String(e)}\n`
    return result
  } finally {
    engine?.close()
  }
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (isEntry) {
  const result = await runCli(process.argv.slice(2))
  process.stdout.write(result.stdout)
  process.stderr.write(result.stderr)
  process.exitCode = result.exitCode
}
