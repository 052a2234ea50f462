import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from './engine'
import { SupportChild, TempDirs, UUID_FILE_RE } from '../../test/support/helpers'

const temps = new TempDirs()
const children: SupportChild[] = []
afterEach(async () => {
  for (const c of children.splice(0)) await c.kill9()
  temps.cleanup()
})

interface Outcome {
  ok: boolean
  id?: string
  code?: string
}

describe('two processes creating the same name at the same moment', () => {
  // Five rounds of two child processes each: about 10 s idle, several times that on a loaded machine.
  it('lets exactly one win; the other gets NAME_TAKEN; one profile file (5 rounds)', async () => {
    for (let round = 0; round < 5; round++) {
      const dataDir = temps.make()
      const name = round % 2 === 0 ? 'Same' : 'Même ✓'
      const pair = [0, 1].map(() => new SupportChild('create-same-name.ts', [dataDir, name]))
      children.push(...pair)
      for (const c of pair) expect(await c.nextLine()).toBe('ready')
      // Both children spin until the same instant, then call createProfile.
      const startAt = String(Date.now() + 100)
      for (const c of pair) c.proc.stdin.write(`${startAt}\n`)
      const outcomes = (await Promise.all(pair.map((c) => c.nextLine()))).map((l) => JSON.parse(l) as Outcome)
      for (const c of pair) expect(await c.exited).toEqual({ code: 0, signal: null })

      const winners = outcomes.filter((o) => o.ok)
      const losers = outcomes.filter((o) => !o.ok)
      expect(winners, JSON.stringify(outcomes)).toHaveLength(1)
      expect(losers.map((o) => o.code)).toEqual(['NAME_TAKEN'])

      const files = fs.readdirSync(`${dataDir}/profiles`)
      expect(files).toEqual([`${winners[0]!.id}.sqlite`])
      expect(files[0]).toMatch(UUID_FILE_RE)
      const listing = new Engine({ dataDir }).listProfiles()
      expect(listing.ignored).toEqual([])
      expect(listing.profiles.map((p) => [p.id, p.name])).toEqual([[winners[0]!.id, name]])
    }
  }, 120_000)
})
