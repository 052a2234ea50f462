// The README's generated blocks, `<!-- name:start: … -->` to `<!-- name:end -->`: each is made
// by a script from saved results and replaced whole, never edited by hand.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const README = fileURLToPath(new URL('../README.md', import.meta.url))

export const blockEnd = (name: string): string => `<!-- ${name}:end -->`

/**
 * `readme` with its block `name` replaced by `block`; it must hold exactly one pair of the
 * block's markers (`startMarker` is the opening one, as the error names it).
 */
export function replaceBlock(readme: string, name: string, block: string, startMarker: string): string {
  const open = `<!-- ${name}:start`
  const end = blockEnd(name)
  const a = readme.indexOf(open)
  const b = readme.indexOf(end)
  if (a < 0 || b < a || readme.indexOf(open, a + 1) >= 0)
    throw new Error(`README.md needs one ${startMarker} … ${end} block`)
  return readme.slice(0, a) + block + readme.slice(b + end.length)
}

/** The block `name` as `readme` has it now, markers included. */
export function currentBlock(readme: string, name: string): string {
  return readme.slice(readme.indexOf(`<!-- ${name}:start`), readme.indexOf(blockEnd(name)) + blockEnd(name).length)
}

/**
 * When the module at `moduleUrl` is the script being run: rewrites README.md with `update` and
 * says `done`, or says what went wrong, in words, and exits 1.
 */
export function runAsReadmeScript(moduleUrl: string, update: (readme: string) => string, done: string): void {
  if (!process.argv[1] || fileURLToPath(moduleUrl) !== path.resolve(process.argv[1])) return
  try {
    fs.writeFileSync(README, update(fs.readFileSync(README, 'utf8')))
    console.log(done)
  } catch (e) {
    console.error(`ownlist: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  }
}
