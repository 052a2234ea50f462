#!/usr/bin/env node
// The `ownlist` command: the bundled CLI (out/cli/ownlist.mjs, made by `npm run build`).
import { existsSync } from 'node:fs'

const bundle = new URL('../out/cli/ownlist.mjs', import.meta.url)
if (!existsSync(bundle)) {
  console.error('ownlist: the CLI is not built yet; run `npm run build` (or use `npm run -s cli -- …` from a clone).')
  process.exit(1)
}
const { runCli } = await import(bundle.href)
const result = await runCli(process.argv.slice(2))
process.stdout.write(result.stdout)
process.stderr.write(result.stderr)
process.exitCode = result.exitCode
