import { describe, expect, it } from 'vitest'
import { describeProblem } from './check'

describe('describeProblem', () => {
  it('names the part of the database each kind of problem concerns', () => {
    expect(
      describeProblem('integrity: *** in database main *** Page 5: btreeInitPage() returns error code 11'),
    ).toEqual({
      area: 'Database structure',
      detail: '*** in database main *** Page 5: btreeInitPage() returns error code 11',
    })
    expect(describeProblem('foreign key: todos row 12 refers to a missing row of lists')).toEqual({
      area: 'Links between rows',
      detail: 'Todos row 12 refers to a missing row of lists',
    })
    expect(describeProblem('full-text index: database disk image is malformed')).toEqual({
      area: 'Search index',
      detail: 'Database disk image is malformed',
    })
  })
  it('keeps anything else as it is', () => {
    expect(describeProblem('something odd')).toEqual({ area: 'Other', detail: 'Something odd' })
    expect(describeProblem('weird: thing')).toEqual({ area: 'Other', detail: 'Weird: thing' })
    expect(describeProblem('integrity:')).toEqual({ area: 'Database structure', detail: 'Reported without details' })
    expect(describeProblem('')).toEqual({ area: 'Other', detail: 'Reported without details' })
  })
})
