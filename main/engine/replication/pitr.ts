import type { ReplicaItem } from './litestream'

/** Where a point-in-time restore looks: a generation, an optional timestamp, and the time of the last change included. */
export interface RestorePlan {
  generation: string
  timestamp: Date | null
  asOf: Date
  /** The generation's last item is at or before T (to the second): its whole content may be meant. */
  endsBefore: boolean
}

/**
 * The generations that may hold the state as of `at` (null: the latest), best first.
 * Litestream 0.3.13 only matches a generation whose span contains T, so the choice is made here:
 * the newest generation whose first snapshot is at or before T holds the last change before T
 * (one machine writes at a time, so generations follow one another). Created times are whole
 * seconds: a generation whose snapshot falls in T's own second is tried first and, when
 * Litestream finds nothing in it before T, the next older one. Litestream also refuses a T after a
 * generation's end ("no matching backups"), which it measures exactly: then the whole generation
 * is before T and is restored without a timestamp.
 */
export function restorePlans(items: ReplicaItem[], at: Date | null): RestorePlan[] {
  const byGen = new Map<string, ReplicaItem[]>()
  for (const it of items) byGen.set(it.generation, [...(byGen.get(it.generation) ?? []), it])
  const gens = [...byGen.entries()]
    .map(([generation, its]) => {
      const snaps = its.filter((i) => i.kind === 'snapshot').map((i) => i.created.getTime())
      return {
        generation,
        its,
        start: snaps.length ? Math.min(...snaps) : Number.NaN,
        end: Math.max(...its.map((i) => i.created.getTime())),
      }
    })
    .filter((g) => !Number.isNaN(g.start))
    // Newest first; equal starts by their end.
    .sort((a, b) => b.start - a.start || b.end - a.end)
  const plans: RestorePlan[] = []
  for (const g of gens) {
    if (at === null) {
      plans.push({ generation: g.generation, timestamp: null, asOf: new Date(g.end), endsBefore: true })
      continue
    }
    if (g.start > at.getTime()) continue
    const included = g.its.filter((i) => i.created.getTime() <= at.getTime()).map((i) => i.created.getTime())
    plans.push({
      generation: g.generation,
      timestamp: at,
      asOf: new Date(Math.max(...included)),
      endsBefore: g.end <= at.getTime(),
    })
  }
  return plans
}
