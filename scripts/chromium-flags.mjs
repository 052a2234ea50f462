// How Chromium is started headless wherever we drive it (the e2e harness, the icon render):
// no sandbox (containers, root), no GPU, and none of its background network traffic.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
