import { describe, expect, it } from 'vitest'
import type { ColumnSummary } from '../../../packages/core/src/table/summary.ts'
import { asNumbers, distinctOverBoth, numberOfWord, numberShare, profileColumn } from '../../../packages/core/src/drift/profile.ts'
import { rng } from '../../helpers/rng.ts'

const profile = (values: number[]): ColumnSummary => ({ name: 'x', rows: values.length, missing: 0, sorted: Float64Array.from(values).sort(), integer: false, source: 'number' })

it('counts distinct values over both sorted sides, jumping over runs, up to just past the cap', () => {
  const r = rng(17)
  const cases: [number[], number[]][] = [
    [Array.from({ length: 50_000 }, () => Math.floor(r() * 60)), Array.from({ length: 40_000 }, () => 30 + Math.floor(r() * 60))],
    [Array.from({ length: 5_000 }, () => r()), Array.from({ length: 3_000 }, () => r())],
    [
      [0, -0, 1, 1, 1],
      [1, 2, 2],
    ],
    [[], [3, 3, 4]],
    [[5], []],
  ]
  for (const [a, b] of cases) {
    const truth = new Set([...a, ...b]).size
    expect(distinctOverBoth(profile(a), profile(b), 1_000_000)).toBe(truth)
    // past the cap it stops at cap + 1
    expect(distinctOverBoth(profile(a), profile(b), 10)).toBe(Math.min(truth, 11))
  }
})

const counted = (counts: Record<string, number>, missing = 0): ColumnSummary => {
  const map = new Map(Object.entries(counts))
  let rows = missing
  for (const n of map.values()) rows += n
  return { name: 'x', rows, missing, counts: map, integer: false, source: 'string' }
}

describe('text read as numbers', () => {
  it('sorts the finite numbers, counts ±Infinity and the words apart, and keeps the missing cells missing', () => {
    const p = asNumbers(counted({ '3': 2, '1.5': 1, unknown: 4, inf: 1, '-inf': 2, Infinity: 1 }, 5))
    expect([...p.sorted!]).toEqual([1.5, 3, 3])
    expect(p.nonNumeric).toBe(4)
    expect(p.infinite).toBe(4)
    expect(p.missing).toBe(5)
    expect(p.integer).toBe(false)
  })

  it('a numeric column counts its infinities apart from its missing values', () => {
    const p = profileColumn({ type: 'numeric', name: 'x', values: Float64Array.from([1, NaN, Infinity, -Infinity, 2]), integer: true })
    expect(p.missing).toBe(1)
    expect(p.infinite).toBe(2)
    expect([...p.sorted!]).toEqual([1, 2])
  })

  it('numberShare: the share of counted cells that are numbers, and leading zeros', () => {
    expect(numberShare(counted({ '12': 3, x: 1 }))).toEqual({ share: 0.75, leadingZero: false })
    expect(numberShare(counted({ '01001': 3, '10001': 1 })).leadingZero).toBe(true)
    expect(numberShare(counted({ '0.5': 3, '0': 1 })).leadingZero).toBe(false)
    expect(numberOfWord('user-1')).toBeUndefined()
    expect(numberOfWord(' -7.5 ')).toBe(-7.5)
    expect(numberOfWord('-inf')).toBe(-Infinity)
    expect(numberOfWord('NaN')).toBeUndefined()
  })
})

it('boolean words of any case are one category each: True (CSV) and true (JSON)', () => {
  const csvSide = profileColumn({ type: 'categorical', name: 'b', codes: Int32Array.from([0, 1, 0, -1]), dictionary: ['True', 'False'], source: 'boolean' })
  const upper = profileColumn({ type: 'categorical', name: 'b', codes: Int32Array.from([0, 1]), dictionary: ['TRUE', 'FALSE'], source: 'string' })
  expect(csvSide.counts).toEqual(
    new Map([
      ['true', 2],
      ['false', 1],
    ]),
  )
  expect(upper.source).toBe('boolean')
  expect([...upper.counts!.keys()]).toEqual(['true', 'false'])
})

it('words of mixed case are not boolean words (inference and Table Schema default true/false values do not take them either)', () => {
  const mixed = profileColumn({ type: 'categorical', name: 'b', codes: Int32Array.from([0, 1, 2]), dictionary: ['tRuE', 'fALSE', 'true'], source: 'string' })
  expect(mixed.source).toBe('string')
  expect([...mixed.counts!.keys()]).toEqual(['tRuE', 'fALSE', 'true'])
})
