import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BUNDLED_DEV_DEPENDENCIES, findCycles, isTestFile, readImportGraph } from './import-graph'

const root = path.resolve(import.meta.dirname, '..')
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}

describe('import rules of the product', () => {
  const graph = readImportGraph(root)
  const product = (f: string) => !isTestFile(f)

  it('has no import cycles', () => {
    expect(findCycles(graph, product)).toEqual([])
  })

  it('never imports test code', () => {
    const offenders = [...graph.files]
      .filter(([f]) => product(f))
      .flatMap(([f, targets]) => targets.filter(isTestFile).map((t) => `${f} → ${t}`))
    expect(offenders).toEqual([])
  })

  it('shares code through common/ only: the renderer and the preload never reach into main/, common/ imports no side', () => {
    const offenders = [...graph.files].flatMap(([f, targets]) => {
      const banned = /^(renderer|preload)\//.test(f)
        ? /^main\//
        : f.startsWith('common/')
          ? /^(main|preload|renderer)\//
          : null
      return banned && product(f) ? targets.filter((t) => banned.test(t)).map((t) => `${f} → ${t}`) : []
    })
    expect(offenders).toEqual([])
  })

  it('imports only runtime dependencies (or dev dependencies that are bundled into the app)', () => {
    const offenders = [...graph.packages]
      .filter(([f]) => product(f))
      .flatMap(([f, names]) =>
        names.filter((n) => !(n in pkg.dependencies) && !BUNDLED_DEV_DEPENDENCIES.has(n)).map((n) => `${f} → ${n}`),
      )
    expect(offenders).toEqual([])
  })
})

describe('the checker itself', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
  })

  function tree(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownlist-imports-'))
    dirs.push(dir)
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
      fs.writeFileSync(path.join(dir, rel), text)
    }
    return dir
  }

  it('finds a cycle through a Svelte component and a type-only import', () => {
    const dir = tree({
      'main/a.ts': "import { b } from './b'\n",
      'main/b.ts': "import type { C } from '../renderer/src/c.svelte'\nexport const b = 1\n",
      'renderer/src/c.svelte': '<script lang="ts">\nimport \'../../main/a\'\n</script>\n',
      'main/d.ts': "import { b } from './b'\n",
    })
    const graph = readImportGraph(dir)
    expect(findCycles(graph, () => true)).toEqual([['main/a.ts', 'main/b.ts', 'renderer/src/c.svelte']])
  })

  it('sees product code importing a test helper and a package', () => {
    const dir = tree({
      'main/x.ts': "import { h } from '../test/support/h'\nimport pw from 'playwright-core/lib'\n",
      'test/support/h.ts': '',
    })
    const graph = readImportGraph(dir, ['main', 'test'])
    expect(graph.files.get('main/x.ts')).toEqual(['test/support/h.ts'])
    expect(graph.packages.get('main/x.ts')).toEqual(['playwright-core'])
    expect(isTestFile('test/support/h.ts')).toBe(true)
  })
})
