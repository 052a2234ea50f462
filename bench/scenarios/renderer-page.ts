// The scripts the renderer scenario installs in the page (bench/scenarios/renderer.ts). They are
// strings, installed with addInitScript before any script of the page runs: page functions
// compiled by tsx would call helpers the page lacks, and the app's CSP forbids evaluating strings.

/** A row is on screen: laid out, inside the viewport, not hidden. */
const VISIBLE = `const visible = (el) => {
  const r = el.getBoundingClientRect()
  return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && el.checkVisibility({ opacityProperty: true, visibilityProperty: true })
}
/** Calls back after the frame that is being prepared now has been painted. */
const afterPaint = (callback) => requestAnimationFrame(() => {
  const frame = performance.now()
  // A message posted from the frame's callback is handled after that frame is painted.
  const ch = new MessageChannel()
  ch.port1.onmessage = () => callback(frame, performance.now())
  ch.port2.postMessage(0)
})`

/** Records when the first to-do row of a fresh launch is visible and painted. */
const LAUNCH = `(() => {
  const b = (window.__bench = { firstRowDom: null, firstRowFrame: null, firstRowPainted: null, elementTiming: null, fcp: null })
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'first-contentful-paint' && b.fcp === null) b.fcp = e.startTime
    }).observe({ type: 'paint', buffered: true })
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.identifier === 'first-todo' && b.elementTiming === null) b.elementTiming = e.renderTime || e.loadTime
    }).observe({ type: 'element', buffered: true })
  } catch {}
  const check = () => {
    if (b.firstRowDom !== null) return
    const row = document.querySelector('[data-testid="todo-row"]')
    if (!row || !visible(row)) return
    b.firstRowDom = performance.now()
    mo.disconnect()
    row.querySelector('[data-testid="todo-title"]')?.setAttribute('elementtiming', 'first-todo')
    afterPaint((frame, painted) => {
      b.firstRowFrame = frame
      b.firstRowPainted = painted
    })
  }
  const mo = new MutationObserver(check)
  mo.observe(document, { childList: true, subtree: true, attributes: true })
})()`

/**
 * Opens a list as a user does (a click on its name in the sidebar) and resolves with the
 * times from the click until the list's first row (index 0, its title starting with
 * `prefix`) is in the DOM and visible, and until that frame is painted.
 */
const OPEN = `window.__benchOpen = (listId, prefix) => new Promise((resolve, reject) => {
  const button = document.querySelector('[data-list-id="' + listId + '"] [data-testid="list-select"]')
  if (!button) return reject(new Error('no list ' + listId + ' in the sidebar'))
  let dom = null
  const check = () => {
    if (dom !== null) return
    const row = document.querySelector('[data-testid="todo-row"][data-index="0"]')
    const title = row?.querySelector('[data-testid="todo-title"]')?.textContent ?? ''
    if (!row || !title.startsWith(prefix) || !visible(row)) return
    dom = performance.now() - t0
    mo.disconnect()
    clearTimeout(timer)
    afterPaint((frame, painted) => resolve({ dom, frame: frame - t0, painted: painted - t0 }))
  }
  const mo = new MutationObserver(check)
  mo.observe(document, { childList: true, subtree: true, attributes: true, characterData: true })
  const timer = setTimeout(() => { mo.disconnect(); reject(new Error('list ' + listId + ' showed no row in 30 s')) }, 30000)
  const t0 = performance.now()
  button.click()
  check()
})`

/** Scrolls the list from `fromPx` at a steady speed for a while, one step per animation frame. */
const SCROLL = `window.__benchScroll = (durationMs, pxPerSecond, fromPx) => new Promise((resolve) => {
  const el = document.querySelector('[data-testid="todo-scroll"]')
  const intervals = []
  let start = null
  let last = 0
  let placeholderFrames = 0
  let maxRowsInDom = 0
  const step = (ts) => {
    if (start === null) start = ts
    else intervals.push(ts - last)
    last = ts
    maxRowsInDom = Math.max(maxRowsInDom, el.querySelectorAll('[data-testid="todo-row"]').length)
    if (el.querySelector('[data-testid="todo-row-placeholder"]')) placeholderFrames++
    el.scrollTop = fromPx + ((ts - start) / 1000) * pxPerSecond
    if (ts - start < durationMs) requestAnimationFrame(step)
    else resolve({ intervals, fromPx, scrolledPx: el.scrollTop - fromPx, placeholderFrames, maxRowsInDom })
  }
  requestAnimationFrame(step)
})`

export const PAGE_SCRIPTS = `${VISIBLE};\n${LAUNCH};\n${OPEN};\n${SCROLL}`

export interface FirstPaint {
  firstRowDom: number
  firstRowFrame: number
  firstRowPainted: number
  elementTiming: number | null
  fcp: number | null
}

export interface OpenTimes {
  dom: number
  frame: number
  painted: number
}

export interface ScrollStats {
  intervals: number[]
  fromPx: number
  scrolledPx: number
  placeholderFrames: number
  maxRowsInDom: number
}

export interface BenchWindow {
  __bench: FirstPaint
  __benchOpen(listId: number, prefix: string): Promise<OpenTimes>
  __benchScroll(durationMs: number, pxPerSecond: number, fromPx: number): Promise<ScrollStats>
}
