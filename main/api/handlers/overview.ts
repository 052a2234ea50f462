import type { HandlerContext, SomeHandlers } from './context'

/** Figures across every profile of the data folder. */
export function overviewHandlers({ engine, now }: HandlerContext) {
  return {
    'report.overview': () => engine.report(now()),
  } satisfies SomeHandlers
}
