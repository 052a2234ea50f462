import * as lib from 'rrule'

// rrule's package.json points Node at a UMD build (no named ES exports, so `import { RRule }`
// fails under plain Node and tsx); bundlers take its ES build. Either way, one RRule.
const mod = ((lib as unknown as { default?: typeof lib }).default ?? lib) as typeof lib
export const RRule = mod.RRule
export type RRule = InstanceType<typeof mod.RRule>
export type Options = lib.Options
