// The renderer in Debian's Chromium (through the e2e harness: the real built renderer against
// the real AppService), on one profile holding a list of 10,000 to-dos (the first list) and one
// of 100,000: time to the first painted row at launch, time from a click on a list's name to
// its first painted row, and frame times while the 100,000 list is scrolled at a steady speed,
// from the top and after a jump to row 80,000. There is no raw equivalent.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { chromiumPath, launch, ROOT } from '../../e2e/harness'
import type { WritableDb } from '../../main/engine/connection'
import { Engine } from '../../main/engine/engine'
import { createList } from '../../main/engine/queries/lists'
import { spreadOf, type BenchContext, type Row, type ScenarioOutput } from '../lib/scenario'
import { median, quantile, round } from '../lib/stats'
import { PAGE_SCRIPTS, type BenchWindow, type FirstPaint, type OpenTimes, type ScrollStats } from './renderer-page'

/** Fixed row height of the windowed list (renderer/src/components/todos/TodoList.svelte). */
const ROW_HEIGHT = 52
/** The profile's lists: the first (shown at launch) and a second one; `id` is set by prepare. */
const LISTS = [
  { name: 'Inbox', todos: 10_000, prefix: 'Ten thousand', id: 1, targetMs: 100 },
  { name: 'Archive', todos: 100_000, prefix: 'Hundred thousand', id: 0, targetMs: 150 },
]

/** One profile: the Inbox (list 1, first) holds 10,000 to-dos, a second list 100,000. */
function prepare(dataDir: string): void {
  const engine = new Engine({ dataDir })
  const entry = engine.createProfile('Big')
  // A raw connection (no WAL), the bench's own: the query functions take it as writable.
  const db = new Database(entry.file) as WritableDb
  LISTS[1]!.id = createList(db, { name: LISTS[1]!.name, now: new Date('2026-01-01T00:00:00.000Z') }).id
  const insert = db.prepare(
    "INSERT INTO todos(list_id, title, position, created_at, updated_at) VALUES (?, ?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
  )
  db.transaction(() => {
    for (const list of LISTS) for (let i = 0; i < list.todos; i++) insert.run(list.id, `${list.prefix} ${i + 1}`, i)
  })()
  db.close()
  engine.close()
}

const frameStats = (intervals: number[]) => ({
  median: median(intervals),
  p95: quantile(intervals, 0.95),
  p99: quantile(intervals, 0.99),
  max: Math.max(...intervals),
  over50: intervals.filter((x) => x > 50).length,
  count: intervals.length,
})
const rounded = (o: object) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? round(v, 1) : v]))

export async function rendererScenario(ctx: BenchContext): Promise<ScenarioOutput> {
  const launches = ctx.runs ?? (ctx.quick ? 3 : 7)
  const opens = ctx.runs ?? (ctx.quick ? 5 : 11)
  const scrollRuns = ctx.quick ? 1 : 2
  const scrollMs = ctx.quick ? 2000 : 4000
  const speed = 8000 // px per second: a fast, steady fling (about 150 rows a second)
  const big = LISTS[1]!
  const jumpTo = 80_000 // the row a scrollbar drag lands on before the second kind of fling
  if (!fs.existsSync(path.join(ROOT, 'out', 'renderer', 'index.html'))) {
    ctx.log('renderer: out/renderer is missing; running npx electron-vite build')
    execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' })
  }
  const h = await launch({ prepare })
  try {
    const browserVersion = h.browser.version()
    await h.page.getByTestId('todo-row').first().waitFor({ timeout: 30_000 })
    await h.page.context().addInitScript(PAGE_SCRIPTS)
    const paints: FirstPaint[] = []
    ctx.log(
      `renderer: Chromium ${browserVersion}; ${launches} launches on a profile whose first list holds ${LISTS[0]!.todos} to-dos, ` +
        `${opens} opens of each list (${LISTS.map((l) => l.todos).join(' / ')}), ${scrollRuns} scroll runs of ${scrollMs} ms at ${speed} px/s from the top and from row ${jumpTo} of ${big.todos}`,
    )
    // The first launch (above) was the warm-up; each of these is a new server, engine and page.
    for (let i = 0; i < launches; i++) {
      // Close the page first and let the server see its event stream end: the web server's
      // close() ends the streams still open and then emits profileClosed into them (write after end).
      await h.page.close()
      await new Promise((r) => setTimeout(r, 100))
      const page = await h.relaunch()
      await page.waitForFunction(
        () => (globalThis as unknown as BenchWindow).__bench.firstRowPainted !== null,
        undefined,
        { timeout: 30_000 },
      )
      // Element timing, if any, is reported a little after the paint.
      await page.waitForTimeout(100)
      paints.push(await page.evaluate(() => (globalThis as unknown as BenchWindow).__bench))
    }
    // Opening a list: a click on its name, as a user switches lists, alternating the two
    // (the first of each is a warm-up). Each waits until the last one has settled (its counts).
    const page = h.page
    const opened = new Map<number, OpenTimes[]>(LISTS.map((l) => [l.todos, []]))
    for (let i = 0; i <= opens; i++) {
      for (const list of [...LISTS].reverse()) {
        await page.waitForTimeout(400)
        const times = await page.evaluate(
          ([id, prefix]) => (globalThis as unknown as BenchWindow).__benchOpen(id, prefix),
          [list.id, list.prefix] as const,
        )
        if (i > 0) opened.get(list.todos)!.push(times)
      }
    }
    // Scrolling the 100,000 list: from the top, and from a jump to row 80,000 (read by OFFSET,
    // then by keyset from the rows it brought).
    await page.evaluate(([id, prefix]) => (globalThis as unknown as BenchWindow).__benchOpen(id, prefix), [
      big.id,
      big.prefix,
    ] as const)
    // The same frames with the list standing still: what the machine alone costs a frame.
    await page.waitForTimeout(300)
    const idle = await page.evaluate(([d]) => (globalThis as unknown as BenchWindow).__benchScroll(d, 0, 0), [
      scrollMs,
    ] as const)
    const scrolls: ScrollStats[] = []
    for (let i = 0; i < scrollRuns; i++) {
      for (const fromPx of [0, jumpTo * ROW_HEIGHT]) {
        await page.waitForTimeout(300)
        scrolls.push(
          await page.evaluate(([d, v, from]) => (globalThis as unknown as BenchWindow).__benchScroll(d, v, from), [
            scrollMs,
            speed,
            fromPx,
          ] as const),
        )
      }
    }
    // Element Timing's renderTime is when the frame holding the row was presented; where
    // Chromium gives none, the end of the frame the row first appeared in.
    const useElementTiming = paints.every((p) => p.elementTiming !== null)
    const painted = paints.map((p) => (useElementTiming ? p.elementTiming! : p.firstRowPainted))
    const frames = frameStats(scrolls.flatMap((s) => s.intervals))
    const idleFrames = frameStats(idle.intervals)
    // Each row's spread is the figure computed per launch, per open or per scroll run.
    const figure = (what: string, value: number, perRun: number[], target = '—', met: boolean | null = null): Row => ({
      scenario: 'renderer',
      what,
      raw: null,
      engine: round(value, 1),
      unit: 'ms',
      measure: 'figure',
      value: null,
      target,
      met,
      runs: perRun.length,
      spread: spreadOf(perRun, 1),
    })
    const openTimes = (todos: number) => opened.get(todos)!.map((t) => t.painted)
    const perScroll = (f: (xs: number[]) => number) => scrolls.map((s) => f(s.intervals))
    const over50 = (xs: number[]) => xs.filter((x) => x > 50).length
    const scrollNote = `${scrolls.length} scrolls`
    const rows: Row[] = [
      {
        ...figure(
          `renderer: first to-do row painted at launch (${LISTS[0]!.todos / 1000}k list, from navigation start)`,
          median(painted),
          painted,
        ),
        runsNote: `${painted.length} launches`,
      },
      ...LISTS.map((l) => ({
        ...figure(
          `renderer: open a list of ${l.todos.toLocaleString('en')} to-dos, first row painted`,
          median(openTimes(l.todos)),
          openTimes(l.todos),
          `≤ ${l.targetMs} ms`,
          median(openTimes(l.todos)) <= l.targetMs,
        ),
        runsNote: `${openTimes(l.todos).length} opens`,
      })),
      {
        ...figure(`renderer: scroll frame time, median (${big.todos / 1000}k list)`, frames.median, perScroll(median)),
        runsNote: scrollNote,
      },
      {
        ...figure(
          'renderer: scroll frame time, p95',
          frames.p95,
          perScroll((xs) => quantile(xs, 0.95)),
        ),
        runsNote: scrollNote,
      },
      {
        ...figure(
          'renderer: scroll frame time, p99',
          frames.p99,
          perScroll((xs) => quantile(xs, 0.99)),
        ),
        runsNote: scrollNote,
      },
      {
        ...figure('renderer: scroll frames > 50 ms', frames.over50, perScroll(over50)),
        engine: null,
        value: frames.over50,
        outOf: `of ${frames.count} frames`,
        target: '0',
        met: frames.over50 === 0,
        runsNote: scrollNote,
      },
      {
        ...figure('renderer: frames > 50 ms with the list standing still (the machine)', idleFrames.over50, [
          idleFrames.over50,
        ]),
        engine: null,
        value: idleFrames.over50,
        outOf: `of ${idleFrames.count} frames`,
      },
    ]
    return {
      name: 'renderer',
      rows,
      detail: {
        setup: {
          lists: LISTS,
          launches,
          opens,
          scrollRuns,
          scrollMs,
          pxPerSecond: speed,
          jumpTo,
          chromium: chromiumPath(),
          browserVersion,
          viewport: '1200x800',
        },
        firstPaint:
          'from navigation start (performance.timeOrigin) of a fresh launch (new server, Engine and AppService, new page): firstRowDom = a visible [data-testid="todo-row"] is in the DOM (MutationObserver); firstRowFrame = the next animation frame; firstRowPainted = a message posted from that frame, handled after it is painted; elementTiming = Element Timing renderTime of its title (the figure in the table when every launch has it, else firstRowPainted)',
        firstPaintFigure: useElementTiming ? 'elementTiming' : 'firstRowPainted',
        open: "from just before a click on the list's name in the sidebar (the other list shown, settled) until row 0 of the list, with its title, is in the DOM and visible (dom), the next animation frame (frame), and a message posted from that frame, handled after it is painted (painted, the figure in the table)",
        scroll:
          'the [data-testid="todo-scroll"] element scrolled by setting scrollTop in requestAnimationFrame at a steady speed, from the top and from row jumpTo; frame time = interval between animation frames; idleFrames: the same loop at 0 px/s (the list standing still), the frame times the machine gives an idle page',
        medianMs: {
          launch: rounded({
            firstRowDom: median(paints.map((p) => p.firstRowDom)),
            firstRowFrame: median(paints.map((p) => p.firstRowFrame)),
            firstRowPainted: median(painted),
            elementTiming: useElementTiming ? median(paints.map((p) => p.elementTiming!)) : null,
            firstContentfulPaint: paints.every((p) => p.fcp) ? median(paints.map((p) => p.fcp!)) : null,
          }),
          open: Object.fromEntries(
            LISTS.map((l) => [
              l.todos,
              rounded({
                dom: median(opened.get(l.todos)!.map((t) => t.dom)),
                frame: median(opened.get(l.todos)!.map((t) => t.frame)),
                painted: median(openTimes(l.todos)),
              }),
            ]),
          ),
        },
        launches: paints.map(rounded),
        opens: Object.fromEntries(LISTS.map((l) => [l.todos, opened.get(l.todos)!.map(rounded)])),
        frames: Object.fromEntries(Object.entries(frames).map(([k, v]) => [k, round(v, 2)])),
        idleFrames: Object.fromEntries(Object.entries(idleFrames).map(([k, v]) => [k, round(v, 2)])),
        scrolls: scrolls.map((s) => ({
          fromRow: s.fromPx / ROW_HEIGHT,
          frames: s.intervals.length,
          scrolledPx: Math.round(s.scrolledPx),
          placeholderFrames: s.placeholderFrames,
          maxRowsInDom: s.maxRowsInDom,
          ...rounded({ p95: quantile(s.intervals, 0.95), max: Math.max(...s.intervals) }),
        })),
      },
    }
  } finally {
    await h.close()
  }
}
