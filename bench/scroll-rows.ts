// Scrolling the 10,000-row list with rows as people have them (issue 15: no scroll frame over
// 50 ms after the row redesign). `npm run bench`'s renderer scenario scrolls 100,000 rows that
// hold only a title; here every row carries what the redesign added: due dates of every tone,
// repeat and reminder marks, notes. Not part of `npm run bench`: `npx tsx bench/scroll-rows.ts`
// (after `npx electron-vite build`). The list moves 133 px (2.6 rows) a frame for 240 frames:
// 8,000 px/s at 60 frames a second. Prints, per run, the frame intervals (median, p95, max,
// frames over 50 ms), the renderer's main-thread time per frame from Chromium's own counters
// (task, script, style, layout: wall time) and its main thread's CPU time per frame, which a
// busy machine inflates least; then the same loop with the list standing still (what the
// machine alone costs a frame), and the DOM elements a row is made of.
import Database from 'better-sqlite3'
import type { CDPSession, Page } from 'playwright-core'
import { launch } from '../e2e/harness'
import { Engine } from '../main/engine/engine'
import { median, quantile, round } from './lib/stats'

const TODOS = 10_000
const RUNS = 3
const FRAMES = 240 // 4 s at 60 frames a second
const PX_PER_FRAME = 8000 / 60 // the renderer scenario's fling (8,000 px/s) at 60 frames a second

function prepare(dataDir: string): void {
  const engine = new Engine({ dataDir })
  const db = new Database(engine.createProfile('Big').file)
  const insert = db.prepare(
    `INSERT INTO todos(list_id, title, notes, done, due_on, repeat_rule, remind_at, position, created_at, updated_at)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
  )
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)
  db.transaction(() => {
    for (let i = 0; i < TODOS; i++) {
      const due = i % 5 === 4 ? null : day((i % 9) - 3) // overdue, today, soon, later, none
      insert.run(
        `To-do number ${i + 1}${i % 7 === 0 ? ', with a longer title that wraps onto a second line of the row when the window is narrow' : ''}`,
        i % 3 === 0 ? 'A note' : '',
        i % 11 === 0 ? 1 : 0,
        due,
        i % 4 === 0 ? 'RRULE:FREQ=WEEKLY' : null,
        i % 6 === 0 ? `${day(1)}T09:00:00.000Z` : null,
        i,
      )
    }
  })()
  db.close()
  engine.close()
}

// A fixed step per frame (not per millisecond): every run asks the list for the same rows in
// the same number of frames however busy the machine is, so their CPU cost compares.
const SCROLL = `window.__scroll = (frames, pxPerFrame) => new Promise((resolve) => {
  const el = document.querySelector('[data-testid="todo-scroll"]')
  const intervals = []
  let last = null
  const step = (ts) => {
    if (last !== null) intervals.push(ts - last)
    last = ts
    el.scrollTop = intervals.length * pxPerFrame
    if (intervals.length < frames) requestAnimationFrame(step)
    else resolve(intervals)
  }
  requestAnimationFrame(step)
})`

type Counters = Record<
  'ScriptDuration' | 'RecalcStyleDuration' | 'LayoutDuration' | 'TaskDuration' | 'ThreadTime',
  number
>
async function counters(cdp: CDPSession): Promise<Counters> {
  const { metrics } = await cdp.send('Performance.getMetrics')
  const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000
  return {
    ScriptDuration: get('ScriptDuration'),
    RecalcStyleDuration: get('RecalcStyleDuration'),
    LayoutDuration: get('LayoutDuration'),
    TaskDuration: get('TaskDuration'),
    ThreadTime: get('ThreadTime'),
  }
}

async function run(page: Page, cdp: CDPSession, pxPerFrame: number) {
  await page.evaluate('document.querySelector(\'[data-testid="todo-scroll"]\').scrollTop = 0')
  await page.waitForTimeout(500)
  const before = await counters(cdp)
  const intervals = await page.evaluate(
    ([n, v]) => (globalThis as unknown as { __scroll(n: number, v: number): Promise<number[]> }).__scroll(n, v),
    [FRAMES, pxPerFrame] as const,
  )
  const after = await counters(cdp)
  const perFrame = (k: keyof Counters) => round((after[k] - before[k]) / intervals.length, 2)
  return {
    frames: intervals.length,
    median: round(median(intervals), 1),
    p95: round(quantile(intervals, 0.95), 1),
    max: round(Math.max(...intervals), 1),
    over50: intervals.filter((x) => x > 50).length,
    mainThreadPerFrame: perFrame('TaskDuration'),
    scriptPerFrame: perFrame('ScriptDuration'),
    stylePerFrame: perFrame('RecalcStyleDuration'),
    layoutPerFrame: perFrame('LayoutDuration'),
    // CPU time of the renderer's main thread (not wall time): what a frame costs, however busy the machine.
    cpuPerFrame: perFrame('ThreadTime'),
  }
}

const h = await launch({ prepare })
try {
  const { page } = h
  await page.evaluate(SCROLL)
  await page.getByTestId('todo-row').first().waitFor({ timeout: 30_000 })
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  // Warm-up: every page of the list fetched once, as after a first scroll through it.
  await run(page, cdp, PX_PER_FRAME)
  const results = []
  for (let i = 0; i < RUNS; i++) results.push(await run(page, cdp, PX_PER_FRAME))
  const idle = await run(page, cdp, 0)
  const elementsPerRow = await page.evaluate<number>(`(() => {
    const rows = [...document.querySelectorAll('[data-testid="todo-row"]')]
    return rows.reduce((n, r) => n + r.querySelectorAll('*').length + 1, 0) / rows.length
  })()`)
  console.log(`DOM elements per row (average of the rows in the page): ${round(elementsPerRow, 1)}`)
  console.table([...results.map((r, i) => ({ run: `scroll ${i + 1}`, ...r })), { run: 'standing still', ...idle }])
} finally {
  await h.close()
}
