import { describe, expect, it } from 'vitest'
import { markOf } from './replication-mark'

describe('the replication mark beside the profile name', () => {
  it('is absent without replicas', () => {
    expect(markOf([])).toBe('none')
  })
  it('is ok when every replica is up to date or idle', () => {
    expect(markOf([{ status: 'ok' }, { status: 'idle' }])).toBe('ok')
  })
  it('shows syncing while one ships', () => {
    expect(markOf([{ status: 'ok' }, { status: 'syncing' }])).toBe('syncing')
  })
  it.each(['unreachable', 'taken-over', 'unavailable'] as const)(
    'is failing when one replica is %s, whatever the others',
    (status) => {
      expect(markOf([{ status: 'ok' }, { status: 'syncing' }, { status }])).toBe('failing')
    },
  )
})
