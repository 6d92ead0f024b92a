import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ksTwoSample } from '../../../packages/core/src/stats/ks.ts'

const REF = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/reference/drift.json'), 'utf8'))
const sorted = (x: number[]) => Float64Array.from(x).sort()

describe('ksTwoSample against scipy.stats.ks_2samp(method="auto")', () => {
  it.each(REF.ks.map((c: { name: string }) => [c.name, c]) as [string, any][])('%s', (_n, c: { a: number[]; b: number[]; statistic: number; pvalue: number }) => {
    const r = ksTwoSample(sorted(c.a), sorted(c.b))
    expect(r.statistic).toBeCloseTo(c.statistic, 12)
    if (r.method === 'exact') expect(Math.abs(r.pValue - c.pvalue)).toBeLessThanOrEqual(1e-10 * Math.max(1, c.pvalue) + 1e-14)
    else expect(Math.abs(r.pValue - c.pvalue)).toBeLessThanOrEqual(5e-3 * c.pvalue + 1e-6)
  })
})
