import { expect, it } from 'vitest'
import type { ColumnProfile } from '../../../packages/core/src/drift/profile.ts'
import { distinctOverBoth } from '../../../packages/core/src/drift/profile.ts'
import { rng } from '../../helpers/rng.ts'

const profile = (values: number[]): ColumnProfile => ({ name: 'x', rows: values.length, missing: 0, sorted: Float64Array.from(values).sort(), integer: false, source: 'number' })

it('counts distinct values over both sorted sides, jumping over runs, up to just past the cap', () => {
  const r = rng(17)
  const cases: [number[], number[]][] = [
    [Array.from({ length: 50_000 }, () => Math.floor(r() * 60)), Array.from({ length: 40_000 }, () => 30 + Math.floor(r() * 60))],
    [Array.from({ length: 5_000 }, () => r()), Array.from({ length: 3_000 }, () => r())],
    [[0, -0, 1, 1, 1], [1, 2, 2]],
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
