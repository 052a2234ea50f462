// `npm run dev:web`: the real renderer in your browser against the real engine, for UI work
// where Electron cannot be installed. Data goes to --data-dir / OWNLIST_DATA_DIR / the app's folder.
import path from 'node:path'
import { parseArgs } from 'node:util'
import { resolveDataDir } from '../main/engine/paths'
import { startWebServer } from '../dev/web-transport/server'

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, port: { type: 'string' } } })
const dataDir = resolveDataDir(values['data-dir'])
const server = await startWebServer({
  dataDir,
  rendererDir: path.resolve('out/renderer'),
  port: values.port ? Number(values.port) : 0,
  reminders: true,
})
console.log(`Ownlist (browser mode) on ${server.url}\nData folder: ${dataDir}\nStop with Ctrl+C.`)
const stop = () => void server.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
