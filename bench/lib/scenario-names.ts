/** Every scenario of `npm run bench`, in the order it runs them (the fleet migration last: it fills the time left). */
export const SCENARIO_NAMES = [
  'create',
  'switch',
  'todos',
  'dispatch',
  'backup',
  'report',
  'scaling',
  'renderer',
  'fleet',
  'replication',
] as const
export type ScenarioName = (typeof SCENARIO_NAMES)[number]
