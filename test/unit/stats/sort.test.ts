import { expect, it } from 'vitest'
import { Buffer } from 'node:buffer'
import { RADIX_SORT_BASE64 } from '../../../packages/core/src/stats/radix-sort.wasm.ts'
import { makeSorter } from '../../../packages/core/src/stats/sort.ts'
import { sortFloat64 } from '../../../packages/core/src/worker/sorter.ts'

it('radix sort orders doubles exactly like Float64Array.sort (negatives, ties, tiny and huge values)', () => {
  let s = 7
  const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648
  const values = Float64Array.from({ length: 50_000 }, (_, i) => (i % 5 === 0 ? Math.round(r() * 10) : (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20)))
  values[3] = -Infinity
  values[4] = Infinity
  values[5] = -0.000001
  expect(Array.from(sortFloat64(values.slice()))).toEqual(Array.from(values.slice().sort()))
})

it('small-range integers are counted into order; −0, wide ranges and fractions take the radix path', () => {
  let s = 11
  const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648
  for (const make of [() => 18 + Math.floor(r() * 70), () => Math.floor(r() * 3) - 1, () => Math.floor(r() * 2 ** 22), () => Math.floor(r() * 10) / 2]) {
    const values = Float64Array.from({ length: 40_000 }, make)
    expect(Array.from(sortFloat64(values.slice()))).toEqual(Array.from(values.slice().sort()))
  }
  const zeros = Float64Array.from({ length: 30_000 }, (_, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : 1))
  const sorted = sortFloat64(zeros.slice())
  expect(sorted.filter((v) => Object.is(v, -0)).length).toBe(10_000)
  expect(Array.from(sorted.subarray(20_000))).toEqual(new Array(10_000).fill(1))
})

it('decimals with up to 5 places in a narrow range are counted into the very same doubles', () => {
  let s = 5
  const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648
  const makers = [
    () => Math.round((r() - 0.3) * 2_000_000) / 100, // money with cents, negatives included
    () => Math.round(r() * 5_000) / 10,
    () => Math.round(r() * 900_000) / 1000,
    () => Number((r() * 1.05).toFixed(5)), // measurements printed with 5 decimals
    () => Math.round(r() * 1e9) / 100, // cents over too wide a range: radix
    () => 0.1 + Math.round(r() * 1000) * 0.2, // not a decimal of any small scale (0.30000000000000004): radix
  ]
  for (const make of makers) {
    const values = Float64Array.from({ length: 60_000 }, make)
    const got = sortFloat64(values.slice())
    const want = values.slice().sort()
    expect(got.length).toBe(want.length)
    for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) expect([i, got[i]]).toEqual([i, want[i]])
  }
})

it('a sorter made from its source text, as worker threads make it, reuses its memory across sizes and skips shared bytes', () => {
  const make = new Function(`return ${makeSorter.toString()}`)() as typeof makeSorter
  const sort = make(Buffer.from(RADIX_SORT_BASE64, 'base64'))
  let s = 3
  const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648
  const cases = [
    Float64Array.from({ length: 300_000 }, () => (r() - 0.5) * Math.exp(r() * 30)), // every byte varies
    Float64Array.from({ length: 25_000 }, () => 1 + r() / 1024), // high bytes shared: passes skipped
    Float64Array.from({ length: 300_000 }, () => -r()), // negatives only, after a smaller sort
    Float64Array.from({ length: 40_000 }, () => 7.25), // one value
  ]
  for (const values of cases) {
    const want = values.slice().sort()
    const got = sort(values)
    expect(got).toBe(values)
    for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) expect([i, got[i]]).toEqual([i, want[i]])
  }
})
