import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareColumn } from '../../../packages/core/src/drift/detect.ts'
import type { DriftOptions } from '../../../packages/core/src/drift/detect.ts'
import { profileColumn } from '../../../packages/core/src/drift/profile.ts'
import { meanStd } from '../../../packages/core/src/stats/binned.ts'
import type { ColumnSummary } from '../../../packages/core/src/table/summary.ts'
import { addNumber, emptyNumberStats, mergeSummaries, summariesEqual, summaryFromJSON, summaryToJSON } from '../../../packages/core/src/table/summary.ts'
import type { Column } from '../../../packages/core/src/table/types.ts'
import { categorical, numeric, rng } from './helpers.ts'

const options: DriftOptions = { kinds: new Map(), method: 'auto', methods: new Map(), correction: 'none', missingDrift: true, minSample: 30 }

/** A column cut into shards at the given points. */
function shards(c: Column, cuts: number[]): Column[] {
  const bounds = [0, ...cuts, c.type === 'numeric' ? c.values.length : c.codes.length]
  return bounds.slice(1).map((end, i) => (c.type === 'numeric' ? { ...c, values: c.values.slice(bounds[i], end) } : { ...c, codes: c.codes.slice(bounds[i], end) }))
}

/** The summaries of the shards, merged in the given order. */
function merged(parts: Column[], order: number[]): ColumnSummary {
  return order.map((i) => profileColumn(parts[i])).reduce((a, b) => mergeSummaries(a, b))
}

const cutsOf = (n: number) => fc.uniqueArray(fc.integer({ min: 1, max: n - 1 }), { maxLength: 6 }).map((c) => c.sort((a, b) => a - b))

describe('drift on merged column summaries', () => {
  const r = rng(7)
  const n = 400
  const ref = numeric(
    'x',
    Array.from({ length: n }, (_, i) => (i % 37 === 0 ? NaN : i % 91 === 0 ? Infinity : 0.1 * Math.round(100 * r.normal()) + 1e6)),
  )
  const cur = numeric(
    'x',
    Array.from({ length: n }, () => 0.1 * Math.round(100 * r.normal() + 20) + 1e6),
  )
  const cats = (shift: number) =>
    categorical(
      'c',
      Array.from({ length: n }, () => (r.next() < 0.05 ? null : r.pick(['a', 'b', 'c', 'd', 'e'], [5, 4, 3, 2 + shift, 1]))),
    )
  const [refCats, curCats] = [cats(0), cats(3)]

  it('compares a numeric column exactly as the whole columns do, whatever the shards and their order', () => {
    const whole = compareColumn(profileColumn(ref), profileColumn(cur), options)
    fc.assert(
      fc.property(cutsOf(n), cutsOf(n), fc.infiniteStream(fc.nat()), (rc, cc, keys) => {
        const [rp, cp] = [shards(ref, rc), shards(cur, cc)]
        const order = (k: number) => [...Array(k).keys()].sort((a, b) => (keys.next().value % 3) - 1 || a - b)
        expect(compareColumn(merged(rp, order(rp.length)), merged(cp, order(cp.length)), options)).toEqual(whole)
      }),
      { numRuns: 40 },
    )
  })

  it('compares a categorical column exactly as the whole columns do', () => {
    const whole = compareColumn(profileColumn(refCats), profileColumn(curCats), options)
    fc.assert(
      fc.property(cutsOf(n), cutsOf(n), (rc, cc) => {
        const [rp, cp] = [shards(refCats, rc), shards(curCats, cc)]
        expect(compareColumn(merged(rp, [...rp.keys()].reverse()), merged(cp, [...cp.keys()]), options)).toEqual(whole)
      }),
      { numRuns: 40 },
    )
  })

  it('reports the two-pass moments of the sorted values, not the merged running moments (which differ in the last bits)', () => {
    // running moments of each shard, merged by Chan's formula, beside the sorted values
    const withNumbers = (c: Column & { type: 'numeric' }): ColumnSummary => {
      const numbers = emptyNumberStats()
      for (const v of c.values) if (Number.isFinite(v)) addNumber(numbers, v)
      return { ...profileColumn(c), numbers }
    }
    const parts = shards(ref, [50, 130, 260]) as (Column & { type: 'numeric' })[]
    const m = parts.map(withNumbers).reduce((a, b) => mergeSummaries(a, b))
    const exact = meanStd(profileColumn(ref).sorted!)
    expect(m.numbers!.mean).not.toBe(exact.mean)
    expect(Math.sqrt(m.numbers!.m2 / m.numbers!.count)).not.toBe(exact.std)
    const drift = compareColumn(m, profileColumn(cur), options)
    expect(drift.moments!.reference).toEqual(exact)
    expect(drift).toEqual(compareColumn(profileColumn(ref), profileColumn(cur), options))
  })

  it('keeps the moments measured with the sort, and a merge measures them again', () => {
    const p = { ...profileColumn(ref), moments: { mean: 1, std: 2 } }
    expect(compareColumn(p, profileColumn(cur), options).moments!.reference).toEqual({ mean: 1, std: 2 })
    expect(mergeSummaries(p, profileColumn(numeric('x', []))).moments).toBeUndefined()
  })

  it('a drift summary reads back from its JSON form equal, and compares the same', () => {
    for (const c of [ref, refCats]) {
      const s = profileColumn(c)
      const back = summaryFromJSON(JSON.parse(JSON.stringify(summaryToJSON(s))))
      expect(summariesEqual(back, s)).toBe(true)
    }
    expect(compareColumn(summaryFromJSON(JSON.parse(JSON.stringify(summaryToJSON(profileColumn(ref))))), profileColumn(cur), options)).toEqual(
      compareColumn(profileColumn(ref), profileColumn(cur), options),
    )
  })
})
