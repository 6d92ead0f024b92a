import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Predictions } from '../../../packages/core/src/gate/metrics.ts'
import { measurePerformance } from '../../../packages/core/src/monitor/performance.ts'
import { defaultPolicy } from '../../../packages/core/src/monitor/policy.ts'
import { olsTrend } from '../../../packages/core/src/monitor/trend.ts'
import { studentTwoSided } from '../../../packages/core/src/stats/special.ts'

// scripts/reference/monitor_reference.py (numpy, scipy); it draws the bootstrap's rows with ResampleCounter's generator.
// accuracy takes few values, so its interval hardly moves with the draw; log_loss and rmse are continuous and would
// show any row drawn differently
const REF = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/reference/monitor.json'), 'utf8'))

interface BootstrapCase {
  name: string
  seed: number
  resamples: number
  confidence: number
  yTrue: number[]
  yPred: number[]
  yScore?: number[]
  value: number
  ci: [number, number]
}

function predictionsOf(c: BootstrapCase): Predictions {
  if (c.name === 'rmse') return { kind: 'regression', yTrue: Float64Array.from(c.yTrue), yPred: Float64Array.from(c.yPred) }
  return { kind: 'binary', classes: ['0', '1'], yTrue: Int32Array.from(c.yTrue), yPred: Int32Array.from(c.yPred), score: c.yScore && Float64Array.from(c.yScore) }
}

describe('the degradation rule against numpy', () => {
  it.each(REF.bootstrap as BootstrapCase[])('$name: value and percentile bootstrap interval from the same seed', (c) => {
    const policy = { ...defaultPolicy().performance, seed: c.seed, resamples: c.resamples, confidence: c.confidence }
    const { metrics } = measurePerformance(predictionsOf(c), new Map([[c.name, c.value]]), policy)
    expect(metrics[0].value).toBeCloseTo(c.value, 12)
    expect(metrics[0].ci[0]).toBeCloseTo(c.ci[0], 10)
    expect(metrics[0].ci[1]).toBeCloseTo(c.ci[1], 10)
  })

  it('several metrics on the same resamples get the interval each gets alone', () => {
    const c = (REF.bootstrap as BootstrapCase[]).find((x) => x.name === 'log_loss')!
    const policy = { ...defaultPolicy().performance, seed: c.seed, resamples: c.resamples, confidence: c.confidence }
    const { metrics } = measurePerformance(
      predictionsOf(c),
      new Map([
        ['accuracy', 0.8],
        ['log_loss', c.value],
        ['roc_auc', 0.8],
      ]),
      policy,
    )
    expect(metrics.map((m) => m.name)).toEqual(['accuracy', 'log_loss', 'roc_auc'])
    expect(metrics[1].ci[0]).toBeCloseTo(c.ci[0], 10)
    expect(metrics[1].ci[1]).toBeCloseTo(c.ci[1], 10)
  })

  it('a window below expected − margin with its interval clear of it is degraded; an interval that reaches the limit is only below', () => {
    const c = (REF.bootstrap as BootstrapCase[])[0]
    const policy = { ...defaultPolicy().performance, seed: c.seed, resamples: c.resamples, confidence: c.confidence, margin: 0.02 }
    // accuracy 0.8125 [0.775, 0.8525]: limit 0.88 is clear above the interval; limit 0.83 lies inside it
    expect(measurePerformance(predictionsOf(c), new Map([['accuracy', 0.9]]), policy).metrics[0].status).toBe('degraded')
    expect(measurePerformance(predictionsOf(c), new Map([['accuracy', 0.85]]), policy).metrics[0].status).toBe('below')
    expect(measurePerformance(predictionsOf(c), new Map([['accuracy', 0.8]]), policy).metrics[0].status).toBe('ok')
    // rmse: lower is better, so the limit is expected + margin
    const r = (REF.bootstrap as BootstrapCase[]).find((x) => x.name === 'rmse')!
    const rp = { ...policy, seed: r.seed, resamples: r.resamples, confidence: r.confidence, margin: 0.05 }
    expect(measurePerformance(predictionsOf(r), new Map([['rmse', 0.6]]), rp).metrics[0].status).toBe('degraded')
    expect(measurePerformance(predictionsOf(r), new Map([['rmse', 0.75]]), rp).metrics[0].status).toBe('ok')
  })
})

describe('the trend test against scipy.stats.linregress', () => {
  it.each(REF.trend as { name: string; y: number[]; slope: number; intercept: number; pValue: number }[])('$name', (s) => {
    const t = olsTrend(
      s.y.map((_, i) => i),
      s.y,
    )!
    expect(t.slope).toBeCloseTo(s.slope, 12)
    expect(t.intercept).toBeCloseTo(s.intercept, 12)
    expect(t.pValue).toBeCloseTo(s.pValue, 10)
  })

  it("Student's t two-sided p-values", () => {
    for (const r of REF.t as { t: number; df: number; twoSided: number }[]) expect(studentTwoSided(r.t, r.df)).toBeCloseTo(r.twoSided, 12)
  })

  it('fewer than three windows have no trend; a flat series has p = 1', () => {
    expect(olsTrend([0, 1], [1, 2])).toBeUndefined()
    expect(olsTrend([0, 1, 2], [3, 3, 3])).toMatchObject({ slope: 0, pValue: 1 })
  })
})
