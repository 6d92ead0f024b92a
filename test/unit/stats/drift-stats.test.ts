import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { binShares, energyDistance, fillEmpty, hellinger, jensenShannon, klDivergence, lInfinity, meanStd, psi, quantileEdges, wasserstein } from '../../../packages/core/src/stats/binned.ts'
import { chiSquareHomogeneity, zTwoProportions, benjaminiHochberg, bonferroni } from '../../../packages/core/src/stats/contingency.ts'
import { cramerVonMises } from '../../../packages/core/src/stats/cvm.ts'

const REF = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/reference/drift.json'), 'utf8'))
const sorted = (x: number[]) => Float64Array.from(x).sort()
const close = (got: number, want: number, rel = 1e-9) => expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want)))

describe('binned distances against numpy/scipy (10 reference-decile bins, empty bins 1e-4)', () => {
  it.each(REF.binned.map((c: { name: string }) => [c.name, c]) as [string, any][])('%s', (_n, c: Record<string, any>) => {
    const r = sorted(c.reference)
    const cur = sorted(c.current)
    const edges = quantileEdges(r)
    const rp = fillEmpty(binShares(r, edges))
    const cp = fillEmpty(binShares(cur, edges))
    close(psi(rp, cp), c.psi)
    close(klDivergence(rp, cp), c.kl)
    close(jensenShannon(rp, cp), c.js)
    close(hellinger(rp, cp), c.hellinger)
    close(wasserstein(r, cur), c.wasserstein)
    close(wasserstein(r, cur) / Math.max(meanStd(r).std, 0.001), c.wassersteinNormed)
    close(energyDistance(r, cur), c.energy)
    const cvm = cramerVonMises(r, cur)
    close(cvm.statistic, c.cvmStatistic)
    close(cvm.pValue, c.cvmPvalue, 1e-6)
  })
})

describe('category tests against scipy', () => {
  it.each(REF.chi2.map((c: { name: string }) => [c.name, c]) as [string, any][])('χ² homogeneity over the union of categories: %s', (_n, c: Record<string, any>) => {
    const cats = [...new Set([...c.reference, ...c.current])].sort()
    const count = (xs: string[]) => cats.map((k) => xs.filter((x) => x === k).length)
    const rc = count(c.reference)
    const cc = count(c.current)
    const chi = chiSquareHomogeneity(rc, cc)
    close(chi.statistic, c.chi2)
    close(chi.pValue, c.pvalue, 1e-8)
    expect(chi.dof).toBe(c.dof)
    const rp = Float64Array.from(rc, (v) => v / c.reference.length)
    const cp = Float64Array.from(cc, (v) => v / c.current.length)
    const linf = lInfinity(rp, cp)
    close(linf.distance, c.linf)
    expect(cats[linf.index]).toBe(c.linfValue)
    close(psi(fillEmpty(rp), fillEmpty(cp)), c.psi)
    close(jensenShannon(fillEmpty(rp), fillEmpty(cp)), c.js)
  })

  it.each(REF.z.map((c: { name: string }) => [c.name, c]) as [string, any][])('pooled two-proportion z: %s', (_n, c: Record<string, any>) => {
    const z = zTwoProportions(c.x1, c.n1, c.x2, c.n2)
    close(z.statistic, c.z)
    close(z.pValue, c.pvalue, 1e-9)
  })

  it('multiple-testing corrections', () => {
    expect(bonferroni([0.01, 0.04, 0.5])).toEqual([0.03, 0.12, 1])
    const bh = benjaminiHochberg([0.01, 0.04, 0.03, 0.2])
    expect(bh.map((v) => Number(v.toFixed(6)))).toEqual([0.04, 0.053333, 0.053333, 0.2])
  })
})

describe('cramerVonMises with scipy.stats.cramervonmises_2samp(method="auto") on small samples (exact p-values)', () => {
  it.each(REF.cvmSmall.map((c: { name: string }) => [c.name, c]) as [string, { a: number[]; b: number[]; statistic: number; pvalue: number }][])('%s', (_n, c) => {
    const r = cramerVonMises(sorted(c.a), sorted(c.b))
    close(r.statistic, c.statistic, 1e-12)
    close(r.pValue, c.pvalue, 1e-10)
  })
})
