// Bundles the CLI into out/cli/ownlist.mjs for the `ownlist` bin; better-sqlite3 stays external
// (a native module). The bundle sits two folders deep, like the sources, so it finds
// migrations/ and resources/ the same way (main/engine/resources.ts).
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const at = (rel) => fileURLToPath(new URL(`../${rel}`, import.meta.url))

await build({
  entryPoints: [at('main/cli/main.ts')],
  outfile: at('out/cli/ownlist.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3'],
  logLevel: 'warning',
})
