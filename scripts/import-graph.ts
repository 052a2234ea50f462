/**
 * The product's import graph, read with TypeScript's own pre-processor (no type-check, no bundler):
 * used by `import-rules.test.ts` to fail on import cycles and on product code that imports test
 * code or a development-only package.
 */
import fs from 'node:fs'
import path from 'node:path'
import { builtinModules } from 'node:module'
import ts from 'typescript'

/** Folders whose files ship in the app or the CLI. */
export const PRODUCT_ROOTS = ['common', 'main', 'preload', 'renderer/src']

/** Test-only or development-only files, wherever they sit. */
export function isTestFile(rel: string): boolean {
  return /\.test\.ts$|\.faults\.test\.ts$/.test(rel) || /^(test|e2e|dev|bench|scripts)\//.test(rel)
}

/**
 * Development dependencies that are part of the product all the same: electron-vite bundles
 * these into `out/` (svelte, zod, chrono-node) or the runtime provides them (electron).
 */
export const BUNDLED_DEV_DEPENDENCIES = new Set(['electron', 'svelte', 'zod', 'chrono-node'])

const EXTENSIONS = ['.ts', '.svelte.ts', '.svelte', '/index.ts']

export interface ImportGraph {
  /** Relative file → relative files it imports (product and test files alike). */
  files: Map<string, string[]>
  /** Relative file → bare package names it imports. */
  packages: Map<string, string[]>
}

function listFiles(root: string, dir: string): string[] {
  const abs = path.join(root, dir)
  if (!fs.existsSync(abs)) return []
  return fs.readdirSync(abs, { withFileTypes: true, recursive: true }).flatMap((e) => {
    if (!e.isFile() || !/\.(ts|svelte)$/.test(e.name) || e.name.endsWith('.d.ts')) return []
    return [path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/')]
  })
}

function scriptOf(file: string, text: string): string {
  if (!file.endsWith('.svelte')) return text
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n')
}

function resolveRelative(root: string, from: string, spec: string): string | null {
  const base = path.join(path.dirname(path.join(root, from)), spec)
  for (const candidate of [base, ...EXTENSIONS.map((ext) => base.replace(/\.js$/, '') + ext)]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
      return path.relative(root, candidate).split(path.sep).join('/')
    }
  }
  return null
}

export function packageName(spec: string): string {
  const parts = spec.split('/')
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
}

export function readImportGraph(root: string, roots = PRODUCT_ROOTS): ImportGraph {
  const files = new Map<string, string[]>()
  const packages = new Map<string, string[]>()
  for (const rel of roots.flatMap((r) => listFiles(root, r))) {
    const text = scriptOf(rel, fs.readFileSync(path.join(root, rel), 'utf8'))
    // Type-only imports vanish at build time but still tie modules together for a reader: counted too.
    const info = ts.preProcessFile(text, true, true)
    const local: string[] = []
    const bare: string[] = []
    for (const { fileName: spec } of info.importedFiles) {
      if (spec.startsWith('.')) {
        const target = resolveRelative(root, rel, spec)
        if (target) local.push(target)
      } else if (!spec.startsWith('node:') && !builtinModules.includes(spec) && !spec.startsWith('virtual:')) {
        bare.push(packageName(spec))
      }
    }
    files.set(rel, local)
    packages.set(rel, bare)
  }
  return { files, packages }
}

/** Every cycle among product files (strongly connected components of more than one file, or a self-import). */
export function findCycles(graph: ImportGraph, include: (f: string) => boolean): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  let next = 0
  const visit = (v: string): void => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    onStack.add(v)
    for (const w of (graph.files.get(v) ?? []).filter(include)) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!))
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || (graph.files.get(v) ?? []).includes(v)) cycles.push(component.sort())
    }
  }
  for (const f of [...graph.files.keys()].filter(include)) if (!index.has(f)) visit(f)
  return cycles
}
