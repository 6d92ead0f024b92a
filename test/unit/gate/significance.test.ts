import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Classification } from '../../../packages/core/src/gate/metrics.ts'
import { computeMetric } from '../../../packages/core/src/gate/metrics.ts'
import { checkSameRows, intervalFor } from '../../../packages/core/src/gate/significance.ts'
import { sliceRows, subset } from '../../../packages/core/src/gate/slices.ts'
import { pairedBootstrap } from '../../../packages/core/src/stats/compare/index.ts'
import type { Table } from '../../../packages/core/src/table/types.ts'

const REF = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/reference/gate.json'), 'utf8'))
const c0 = REF.binary[0]
const cand: Classification = { kind: 'binary', classes: ['0', '1'], yTrue: Int32Array.from(c0.y_true), yPred: Int32Array.from(c0.y_pred), score: Float64Array.from(c0.y_score) }
const base: Classification = { ...cand, yPred: Int32Array.from(c0.y_pred_b), score: Float64Array.from(c0.y_score_b) }
const o = { confidence: 0.9, resamples: 300, seed: 11 }

/** The plain row bootstrap every fast path must agree with. */
function rowBootstrap(metric: string) {
  return pairedBootstrap(cand.yTrue.length, (w) => computeMetric(metric, cand, w)! - computeMetric(metric, base, w)!, o).ci
}

describe('intervals of candidate − baseline', () => {
  it.each(['roc_auc', 'f1', 'balanced_accuracy', 'f1_weighted', 'log_loss'])('the %s bootstrap equals resampling rows with the same seed', (metric) => {
    const got = intervalFor(metric, cand, base, 'bootstrap', o)!
    const want = rowBootstrap(metric)
    expect(got.ci[0]).toBeCloseTo(want[0], 12)
    expect(got.ci[1]).toBeCloseTo(want[1], 12)
    expect(got.test).toBe('paired bootstrap (300 resamples, seed 11)')
  })

  it('McNemar gives a p-value and an interval around the accuracy difference; DeLong for AUC', () => {
    const m = intervalFor('accuracy', cand, base, 'mcnemar', o)!
    const d = computeMetric('accuracy', cand)! - computeMetric('accuracy', base)!
    expect(m.ci[0]).toBeLessThan(d)
    expect(m.ci[1]).toBeGreaterThan(d)
    expect(m.pValue).toBeCloseTo(c0.mcnemar.pvalue, 12)
    const dl = intervalFor('roc_auc', cand, base, 'delong', o)!
    expect(dl.pValue).toBeCloseTo(c0.delong.pvalue, 12)
    expect(dl.test).toBe('DeLong')
    // McNemar on anything but accuracy falls back to the bootstrap
    expect(intervalFor('f1', cand, base, 'mcnemar', o)!.test).toMatch(/^paired bootstrap/)
  })

  it('refuses predictions on different rows', () => {
    expect(() => checkSameRows(cand, subset(base, Int32Array.from([0, 1, 2])))).toThrow('must cover the same evaluation rows: 400 vs 3 rows.')
    const shuffled = { ...base, yTrue: Int32Array.from(base.yTrue).reverse() }
    expect(() => checkSameRows(cand, shuffled)).toThrow(/differ in y_true at row \d+/)
  })
})

describe('slices', () => {
  it('groups rows by the slice column, missing values in their own slice', () => {
    const t: Table = { rowCount: 5, files: [], columns: [{ type: 'categorical', name: 'segment', codes: Int32Array.from([0, 1, 0, -1, 1]), dictionary: ['retail', 'business'] }] } as unknown as Table
    const groups = sliceRows(t, 'segment')
    expect(Object.fromEntries([...groups].map(([k, v]) => [k, [...v]]))).toEqual({ retail: [0, 2], business: [1, 4], '(missing)': [3] })
    expect(() => sliceRows(t, 'segmnt')).toThrow("Input 'slice-column': 'segmnt' is not a column of the predictions; columns are segment.")
    const part = subset(cand, Int32Array.from([0, 2])) as Classification
    expect([...part.yTrue]).toEqual([cand.yTrue[0], cand.yTrue[2]])
    expect([...part.score!]).toEqual([cand.score![0], cand.score![2]])
  })
})
