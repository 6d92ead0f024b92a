import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CategoryCounter, distinctValues, mergeCategories } from '../../../packages/core/src/profile/categories.ts'

// Categories: exact counts of the `cap` values of smallest hash, whatever the order; flat memory; a
// K-minimum-values estimate of the rest.

function count(values: (string | number)[], cap: number) {
  const c = new CategoryCounter(cap)
  for (const v of values) {
    if (typeof v === 'number') c.addNumber(v)
    else c.addText(v)
  }
  return c
}

describe('category counts', () => {
  it('the same result for any order and any split into parts, merged in any order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 60 }), fc.constantFrom('a', 'b', 'c', 'x y', '')), { maxLength: 400 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 7 }),
        (values, cap, parts) => {
          const whole = count(values, cap).result()
          const shuffled = [...values].reverse()
          expect(count(shuffled, cap).result()).toEqual(whole)
          const split = Array.from({ length: parts }, (_, i) =>
            count(
              values.filter((_, j) => j % parts === i),
              cap,
            ).result(),
          )
          expect(mergeCategories(split)).toEqual(whole)
          expect(mergeCategories([...split].reverse())).toEqual(whole)
          const total = Object.values(whole.counts).reduce((a, b) => a + b, 0) + whole.other
          expect(total).toBe(values.length)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('holds at most twice its cap while counting a column of unique values', () => {
    const c = new CategoryCounter(100)
    for (let i = 0; i < 100_000; i++) {
      c.addNumber(i * 1.5)
      c.addText(`id-${i}`)
    }
    const held = c as unknown as { texts: Map<string, number>; numbers: Map<number, number> }
    expect(held.texts.size + held.numbers.size).toBeLessThanOrEqual(200)
    expect(Object.keys(c.result().counts)).toHaveLength(100)
  })

  it('estimates the distinct values past the cap within a few percent (K-minimum values, k = 1000)', () => {
    for (const [n, make] of [
      [20_000, (i: number) => `a "q"\nline ${i}`],
      [50_000, (i: number) => i / 7],
      [200_000, (i: number) => `user-${i.toString(36)}`],
    ] as const) {
      const c = new CategoryCounter(1000)
      for (let i = 0; i < n; i++) {
        const v = make(i)
        if (typeof v === 'number') c.addNumber(v)
        else c.addText(v)
      }
      const d = distinctValues(c.result())
      expect(d.exact).toBe(false)
      // relative standard error 1/√(k − 2) ≈ 3.2 %: 4 standard errors
      expect(Math.abs(d.value / n - 1)).toBeLessThan(0.13)
    }
  })
})
