import { describe, expect, it } from 'vitest'
import { FieldProfile } from '../../../packages/core/src/validate/stats.ts'

const VALUES = [-1.8772374537890516e270, -1.2423415888805363e93, -109, 5, 53730502.323354632, 1.2587832226485593e61]

describe('a field profile of values near the double range', () => {
  it('row by row or taken over from the scan, the standard deviation is infinite (not NaN in one engine and ∞ in the other)', () => {
    const rows = new FieldProfile('x', { stdev: {} })
    for (const v of VALUES) rows.add(v, v)
    expect(rows.stdev).toBe(Infinity)
    // the scan merges chunk moments in another order: its squared deviations can come out as ∞ − ∞
    for (const m2 of [NaN, Infinity]) {
      const scanned = new FieldProfile('x', { stdev: {} })
      scanned.absorb({ present: 6, missing: 0, count: 6, mean: rows.mean, m2, min: Math.min(...VALUES), max: Math.max(...VALUES), values: new Float64Array(0) })
      expect(scanned.stdev).toBe(Infinity)
    }
  })

  it('ordinary values keep their sample standard deviation', () => {
    const p = new FieldProfile('y', undefined)
    for (const v of [1, 2, 3]) p.add(v, v)
    expect(p.stdev).toBe(1)
  })
})
