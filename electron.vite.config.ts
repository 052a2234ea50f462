import { resolve } from 'node:path'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'

/** Vite's dev server injects styles as <style> elements; only `npm run dev` needs that allowed. */
const devStyles: Plugin = {
  name: 'ownlist-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
}

export default defineConfig({
  main: {
    build: {
      // zod and rrule are bundled (the asar carries only better-sqlite3's JavaScript);
      // better-sqlite3 stays external (native).
      externalizeDeps: { exclude: ['zod', 'rrule'] },
      rolldownOptions: { input: { index: resolve('main/index.ts') } },
    },
  },
  preload: {
    build: {
      // Sandboxed preloads must be CommonJS.
      rolldownOptions: {
        input: { index: resolve('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    build: {
      outDir: resolve('out/renderer'),
      rolldownOptions: { input: resolve('renderer/index.html') },
    },
    plugins: [svelte({ configFile: resolve('svelte.config.js') }), devStyles],
  },
})
