import { describe, expect, it } from 'vitest'

// Every renderer source file as text, keyed by its path in renderer/src ("lib/api.ts", "App.svelte").
const globbed = import.meta.glob<string>(['../**/*.ts', '../**/*.svelte', '!../**/*.test.ts'], { query: '?raw', import: 'default', eager: true })
const sources: Record<string, string> = Object.fromEntries(
  Object.entries(globbed).map(([key, text]) => [key.startsWith('../') ? key.slice(3) : `lib/${key.slice(2)}`, text]),
)

/** The relative imports of a file, `import type` included: a cycle of types is still a cycle. */
function importsOf(text: string): string[] {
  const specs: string[] = []
  for (const m of text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g)) specs.push(m[1]!)
  for (const m of text.matchAll(/(?:^|[\s;])import\s*['"](\.{1,2}\/[^'"]+)['"]/g)) specs.push(m[1]!)
  return specs
}

function join(from: string, spec: string): string {
  const parts = from.split('/').slice(0, -1)
  for (const p of spec.split('/')) {
    if (p === '.') continue
    if (p === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop()
    else parts.push(p)
  }
  return parts.join('/')
}

function resolve(from: string, spec: string): string | null {
  const base = join(from, spec)
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) if (candidate in sources) return candidate
  return null
}

function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>()
  for (const [file, text] of Object.entries(sources)) {
    g.set(file, importsOf(text).flatMap((spec) => resolve(file, spec) ?? []))
  }
  return g
}

/** Each cycle once, as the files along it. */
function cycles(g: Map<string, string[]>): string[][] {
  const found: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (file: string) => {
    state.set(file, 'open')
    stack.push(file)
    for (const next of g.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(file, 'done')
  }
  for (const file of g.keys()) if (!state.has(file)) visit(file)
  return found
}

describe('renderer imports', () => {
  it('reads the sources and follows their imports', () => {
    const g = graph()
    expect(g.size).toBeGreaterThan(50)
    expect(g.get('App.svelte')).toContain('lib/commands/menu.ts')
    expect(g.get('lib/context.ts')).toContain('lib/commands/ctx.ts')
    expect(g.get('components/todos/TodoList.svelte')).toContain('components/todos/TodoRow.svelte')
  })

  it('resolves every import inside the renderer (so none is left out of the graph)', () => {
    const unresolved = Object.entries(sources).flatMap(([file, text]) =>
      importsOf(text).filter((spec) => !join(file, spec).startsWith('..') && !resolve(file, spec) && !spec.endsWith('.css')),
    )
    expect(unresolved).toEqual([])
  })

  it('finds a cycle when there is one', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ])
    expect(cycles(g)).toEqual([['a', 'b', 'c', 'a']])
  })

  it('has no import cycles', () => {
    expect(cycles(graph())).toEqual([])
  })
})
