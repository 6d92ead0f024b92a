import { describe, expect, it } from 'vitest'
import { mergeSummaries, summariesEqual, summaryFromJSON, summaryToJSON } from '../../../packages/core/src/table/summary.ts'
import { FieldProfile } from '../../../packages/core/src/validate/stats.ts'

const VALUES = [-1.8772374537890516e270, -1.2423415888805363e93, -109, 5, 53730502.323354632, 1.2587832226485593e61]

describe('a field profile of values near the double range', () => {
  it('row by row or taken over from the scan, the standard deviation is infinite (not NaN in one engine and ∞ in the other)', () => {
    const rows = new FieldProfile({ name: 'x', quality: { stdev: {} } })
    for (const v of VALUES) rows.add(v, v)
    expect(rows.stdev).toBe(Infinity)
    // the scan merges chunk moments in another order: its squared deviations can come out as ∞ − ∞
    for (const m2 of [NaN, Infinity]) {
      const scanned = new FieldProfile({ name: 'x', quality: { stdev: {} } })
      scanned.absorb({ ...rows.summary, numbers: { count: 6, mean: rows.mean, m2, min: Math.min(...VALUES), max: Math.max(...VALUES) } })
      expect(scanned.stdev).toBe(Infinity)
    }
  })

  it('ordinary values keep their sample standard deviation', () => {
    const p = new FieldProfile({ name: 'y' })
    for (const v of [1, 2, 3]) p.add(v, v)
    expect(p.stdev).toBe(1)
  })
})

describe('a field profile is a column summary', () => {
  const field = { name: 'n', type: 'number' as const, quality: { distinct: {}, median: {} } }
  const profile = (values: (number | undefined)[]) => {
    const p = new FieldProfile(field)
    for (const v of values)
      if (v === undefined) p.addMissing()
      else p.add(v, v)
    return p
  }

  it('holds cells, moments, sorted kept values and keys, read back through JSON as they were', () => {
    const p = profile([3, undefined, 1, 2, 2])
    const s = p.summary
    expect(s).toMatchObject({ name: 'n', source: 'number', rows: 5, missing: 1, integer: false })
    expect(Array.from(s.sorted!)).toEqual([1, 2, 2, 3])
    expect([...s.distinct!]).toEqual([3, 1, 2])
    expect(p.quantile(0.5)).toBe(2)
    expect(summariesEqual(summaryFromJSON(JSON.parse(JSON.stringify(summaryToJSON(s)))), s)).toBe(true)
  })

  it('takes over a merged summary of shards with the figures of one pass over all the cells (moments to rounding)', () => {
    const [a, b] = [profile([3, undefined, 1]), profile([2, 2, undefined, 10])]
    const whole = profile([3, undefined, 1, 2, 2, undefined, 10])
    const merged = new FieldProfile(field)
    merged.absorb(mergeSummaries(a.summary, b.summary))
    expect([merged.present, merged.missing, merged.numeric, merged.min, merged.max, merged.nullShare]).toEqual([whole.present, whole.missing, whole.numeric, whole.min, whole.max, whole.nullShare])
    expect(merged.mean).toBeCloseTo(whole.mean, 12)
    expect(merged.stdev).toBeCloseTo(whole.stdev, 12)
    expect([0.1, 0.5, 0.9].map((q) => merged.quantile(q))).toEqual([0.1, 0.5, 0.9].map((q) => whole.quantile(q)))
    expect(merged.distinct).toEqual(whole.distinct)
  })
})
