import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ksTwoSample } from '../../../packages/core/src/stats/ks.ts'
import { kstwoSf, roundHalfEven } from '../../../packages/core/src/stats/kstwo.ts'

const REF = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/reference/drift.json'), 'utf8'))
const sorted = (x: number[]) => Float64Array.from(x).sort()

describe('ksTwoSample against scipy.stats.ks_2samp(method="auto")', () => {
  it.each(REF.ks.map((c: { name: string }) => [c.name, c]) as [string, any][])('%s', (_n, c: { a: number[]; b: number[]; statistic: number; pvalue: number }) => {
    const r = ksTwoSample(sorted(c.a), sorted(c.b))
    expect(r.statistic).toBeCloseTo(c.statistic, 12)
    if (r.method === 'exact') expect(Math.abs(r.pValue - c.pvalue)).toBeLessThanOrEqual(1e-10 * Math.max(1, c.pvalue) + 1e-14)
    else expect(Math.abs(r.pValue - c.pvalue)).toBeLessThanOrEqual(1e-8 * c.pvalue + 1e-14)
  })
})

describe('kstwoSf against scipy.stats.kstwo.sf', () => {
  it.each(REF.kstwo.map((c: { n: number; x: number }) => [`n=${c.n} x=${c.x.toPrecision(4)}`, c]) as [string, { n: number; x: number; sf: number }][])('%s', (_n, c) => {
    expect(Math.abs(kstwoSf(c.n, c.x) - c.sf)).toBeLessThanOrEqual(1e-8 * c.sf + 1e-14)
  })

  it('rounds n half to even, as numpy does', () => {
    expect([roundHalfEven(2.5), roundHalfEven(3.5), roundHalfEven(-2.5), roundHalfEven(2.4), roundHalfEven(2.6)]).toEqual([2, 4, -2, 2, 3])
  })
})
