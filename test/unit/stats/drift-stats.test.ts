import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  binShares,
  energyDistance,
  fillEmpty,
  hellinger,
  histogramShares,
  jensenShannon,
  klDivergence,
  lInfinity,
  meanStd,
  psi,
  quantileEdges,
  sturgesEdges,
  wasserstein,
} from '../../../packages/core/src/stats/binned.ts'
import { chiSquareHomogeneity, zTwoProportions, benjaminiHochberg, bonferroni } from '../../../packages/core/src/stats/contingency.ts'
import { cramerVonMises } from '../../../packages/core/src/stats/cvm.ts'

const REF = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/reference/drift.json'), 'utf8'))
const sorted = (x: number[]) => Float64Array.from(x).sort()
const close = (got: number, want: number, rel = 1e-9) => expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want)))

describe('binned distances against numpy/scipy (Sturges bins over both sides; empty bins floored for PSI and KL only)', () => {
  it.each(REF.binned.map((c: { name: string }) => [c.name, c]) as [string, any][])('%s', (_n, c: Record<string, any>) => {
    const r = sorted(c.reference)
    const cur = sorted(c.current)
    const edges = sturgesEdges(Math.min(r[0], cur[0]), Math.max(r[r.length - 1], cur[cur.length - 1]), r.length + cur.length, false)
    const rp = histogramShares(r, edges)
    const cp = histogramShares(cur, edges)
    close(psi(fillEmpty(rp), fillEmpty(cp)), c.psi)
    close(klDivergence(fillEmpty(rp), fillEmpty(cp)), c.kl)
    close(jensenShannon(rp, cp), c.js)
    close(hellinger(rp, cp), c.hellinger)
    // the report's histogram: the reference's deciles
    const deciles = quantileEdges(r)
    expect([...binShares(r, deciles)]).toEqual(c.decileReference)
    expect([...binShares(cur, deciles)]).toEqual(c.decileCurrent)
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
    close(jensenShannon(rp, cp), c.js)
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

describe("Evidently's floor for empty bins (PSI and KL)", () => {
  it('0.0001, or a millionth of the smallest filled share when that is 0.0001 or less', () => {
    expect([...fillEmpty(Float64Array.from([0.5, 0.5, 0]))]).toEqual([0.5, 0.5, 1e-4])
    expect([...fillEmpty(Float64Array.from([0.9999, 0.0001, 0]))]).toEqual([0.9999, 0.0001, 0.0001 / 10 ** 6])
    expect([...fillEmpty(Float64Array.from([0.99995, 0.00005, 0]))]).toEqual([0.99995, 0.00005, 0.00005 / 10 ** 6])
  })
})
