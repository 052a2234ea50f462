// Renders resources/icon.svg (the one source image) to resources/icon.png at 1024×1024 with
// Debian's Chromium; electron-builder derives every size and format the targets need from it.
import fs from 'node:fs'
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS } from './chromium-flags.mjs'
import { findChromium } from './ensure-chromium.mjs'

const svg = fs.readFileSync(new URL('../resources/icon.svg', import.meta.url), 'utf8')
const browser = await chromium.launch({
  executablePath: findChromium(),
  args: CHROMIUM_ARGS,
})
const page = await browser.newPage({ viewport: { width: 1024, height: 1024 } })
await page.setContent(
  `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', '<svg width="1024" height="1024" ')}</body></html>`,
)
await page.screenshot({ path: new URL('../resources/icon.png', import.meta.url).pathname, omitBackground: true })
await browser.close()
