import { expect, it } from 'vitest'
import { sortFloat64 } from '../../../packages/core/src/stats/sort.ts'

it('radix sort orders doubles exactly like Float64Array.sort (negatives, ties, tiny and huge values)', () => {
  let s = 7
  const r = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648)
  const values = Float64Array.from({ length: 50_000 }, (_, i) => (i % 5 === 0 ? Math.round(r() * 10) : (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20)))
  values[3] = -Infinity
  values[4] = Infinity
  values[5] = -0.000001
  expect(Array.from(sortFloat64(values.slice()))).toEqual(Array.from(values.slice().sort()))
})
