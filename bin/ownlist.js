#!/usr/bin/env node
// The `ownlist` command: the bundled CLI (out/cli/ownlist.mjs). In a clone where it was not
// built yet, it is built first (the build needs the project's dev dependencies).
import { existsSync } from 'node:fs'

const bundle = new URL('../out/cli/ownlist.mjs', import.meta.url)
if (!existsSync(bundle)) {
  try {
    await import(new URL('../scripts/build-cli.mjs', import.meta.url).href)
  } catch {
    console.error('ownlist: the CLI is not built and cannot be built here; run `npm ci && npm run build` first.')
    process.exit(1)
  }
}
const { runCli } = await import(bundle.href)
const result = await runCli(process.argv.slice(2))
process.stdout.write(result.stdout)
process.stderr.write(result.stderr)
process.exitCode = result.exitCode
