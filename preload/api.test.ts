import { describe, expect, it } from 'vitest'
import { API_CALL_NAMES, API_SHAPE, CALL_NAMES, describeApi } from '../test/support/api-shape'
import { createApi } from './api'

describe('createApi', () => {
  it('builds exactly the contract: every group and function, nothing else', () => {
    const api = createApi(
      async () => ({ ok: true, value: null }),
      () => () => {},
    )
    expect(describeApi(api)).toEqual(API_SHAPE)
  })

  it('routes each function to its own call name, and main validates exactly those names', async () => {
    const seen: string[] = []
    const api = createApi(
      async (name) => {
        seen.push(name)
        return { ok: true, value: null }
      },
      () => () => {},
    )
    for (const [group, fns] of Object.entries(api)) {
      if (group === 'on') continue
      for (const fn of Object.values(fns as Record<string, () => Promise<unknown>>)) await fn()
    }
    expect(seen.sort()).toEqual([...API_CALL_NAMES].sort())
    expect([...CALL_NAMES].sort()).toEqual([...API_CALL_NAMES].sort())
  })

  it('describes a drifted object differently (the comparison can fail)', () => {
    const api = createApi(
      async () => ({ ok: true, value: null }),
      () => () => {},
    ) as unknown as Record<string, Record<string, unknown>>
    const extra = { ...api, debug: { eval: () => {} } }
    const missing = { ...api, app: { start: api.app!.start, state: api.app!.state } }
    const notFn = { ...api, report: { overview: 'x' } }
    for (const bad of [extra, missing, notFn]) expect(describeApi(bad)).not.toEqual(API_SHAPE)
  })
})
