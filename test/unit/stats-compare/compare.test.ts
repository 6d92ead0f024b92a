import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { delong, mcnemar, pairedBootstrap } from '../../../packages/core/src/stats/compare/index.ts'
import { computeMetric } from '../../../packages/core/src/gate/metrics.ts'
import type { Classification } from '../../../packages/core/src/gate/metrics.ts'

const REF = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/reference/gate.json'), 'utf8'))
const close = (got: number | undefined, want: number) => expect(Math.abs(got! - want)).toBeLessThanOrEqual(1e-9)

describe('paired comparisons', () => {
  it.each(REF.binary.map((c: { name: string }) => [c.name, c]) as [string, any][])('McNemar and DeLong as statsmodels / the DeLong definition: %s', (_n, c) => {
    const mc = mcnemar(c.mcnemar.b, c.mcnemar.c)
    expect(mc.exact).toBe(c.mcnemar.exact)
    close(mc.statistic, c.mcnemar.statistic)
    close(mc.pValue, c.mcnemar.pvalue)
    const d = delong(Uint8Array.from(c.y_true), Float64Array.from(c.y_score), Float64Array.from(c.y_score_b))
    close(d.aucA, c.delong.aucA)
    close(d.aucB, c.delong.aucB)
    close(d.z, c.delong.z)
    close(d.pValue, c.delong.pvalue)
  })

  it('the bootstrap is seeded, brackets the observed difference and narrows with more rows', () => {
    const c = REF.binary[0]
    const cand: Classification = { kind: 'binary', classes: ['0', '1'], yTrue: Int32Array.from(c.y_true), yPred: Int32Array.from(c.y_pred), score: Float64Array.from(c.y_score) }
    const base: Classification = { ...cand, yPred: Int32Array.from(c.y_pred_b), score: Float64Array.from(c.y_score_b) }
    const delta = (w: Float64Array | undefined) => computeMetric('accuracy', cand, w)! - computeMetric('accuracy', base, w)!
    const a = pairedBootstrap(cand.yTrue.length, delta, { resamples: 500, confidence: 0.95, seed: 1 })
    const b = pairedBootstrap(cand.yTrue.length, delta, { resamples: 500, confidence: 0.95, seed: 1 })
    expect(a).toEqual(b)
    expect(a.ci[0]).toBeLessThan(a.delta)
    expect(a.ci[1]).toBeGreaterThan(a.delta)
    close(a.delta, c.expected.accuracy - c.y_pred_b.filter((p: number, i: number) => p === c.y_true[i]).length / c.y_true.length)
  })
})

describe('McNemar edges', () => {
  it('no discordant pairs: p = 1; 25 or more: χ² with continuity correction', () => {
    expect(mcnemar(0, 0)).toEqual({ statistic: 0, pValue: 1, exact: true })
    const big = mcnemar(20, 5)
    expect(big.exact).toBe(false)
    expect(big.statistic).toBeCloseTo((15 - 1) ** 2 / 25, 12)
  })
})
