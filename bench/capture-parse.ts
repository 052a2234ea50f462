// How long the add field takes to read dates in a title (issue 15: under 5 ms per phrase).
// Not part of `npm run bench` (a renderer-side, pure function): `npx tsx bench/capture-parse.ts`.
// Prints, per phrase, the median and the slowest of 200 warm parses, and the first (cold)
// parse of the run, which compiles chrono's patterns (the app does that while idle at start).

// Loaded by URL: the renderer's sources are not part of the node project tsc checks here.
interface CaptureModule {
  parseCapture: (text: string, now: Date) => unknown
  warmCapture: () => void
}
const { parseCapture, warmCapture } = (await import(
  new URL('../renderer/src/lib/capture.ts', import.meta.url).href
)) as CaptureModule

const PHRASES = [
  'Call the bank tomorrow 3pm',
  'Buy milk fri',
  'Plan the trip next week',
  'pay rent every month on the 1st',
  'Dentist on 12 march',
  'Read 3 books',
  'water plants every monday',
  'Send the report in 2 days',
  'A longer title with no date in it at all, typed while thinking about the week',
]
const RUNS = 200

const t0 = performance.now()
warmCapture()
const cold = performance.now() - t0
console.log(`first parse (compiles chrono's patterns): ${cold.toFixed(1)} ms`)
const now = new Date()
const rows: string[][] = [['phrase', 'median ms', 'p95 ms', 'max ms']]
let worstMedian = 0
for (const phrase of PHRASES) {
  // Each phrase once, as typing repeats prefixes of it: the first of its own kind can be slower.
  for (let i = 1; i <= phrase.length; i++) parseCapture(phrase.slice(0, i), now)
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now()
    parseCapture(phrase, now)
    times.push(performance.now() - s)
  }
  times.sort((a, b) => a - b)
  const median = times[Math.floor(RUNS / 2)]!
  worstMedian = Math.max(worstMedian, median)
  rows.push([phrase, median.toFixed(3), times[Math.floor(RUNS * 0.95)]!.toFixed(3), times[RUNS - 1]!.toFixed(3)])
}
const width = rows.map((r) => r[0]!.length).reduce((a, b) => Math.max(a, b))
for (const r of rows)
  console.log(
    `${r[0]!.padEnd(width)}  ${r
      .slice(1)
      .map((c) => c.padStart(9))
      .join('  ')}`,
  )
console.log(`slowest median: ${worstMedian.toFixed(3)} ms (budget 5 ms)`)
process.exitCode = worstMedian < 5 ? 0 : 1
