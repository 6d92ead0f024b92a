import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { computeMetric } from '../../../packages/core/src/gate/metrics.ts'
import type { Classification, Regression } from '../../../packages/core/src/gate/metrics.ts'

const REF = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/reference/gate.json'), 'utf8'))
const close = (got: number | undefined, want: number) => expect(Math.abs(got! - want)).toBeLessThanOrEqual(1e-9)

describe('metrics equal scikit-learn 1.2 to 1e-9', () => {
  it.each(REF.binary.map((c: { name: string }) => [c.name, c]) as [string, any][])('%s', (_n, c) => {
    const p: Classification = { kind: 'binary', classes: ['0', '1'], yTrue: Int32Array.from(c.y_true), yPred: Int32Array.from(c.y_pred), score: Float64Array.from(c.y_score) }
    for (const [name, want] of Object.entries(c.expected as Record<string, number>)) close(computeMetric(name, p), want)
  })

  it.each(REF.multiclass.map((c: { name: string }) => [c.name, c]) as [string, any][])('%s', (_n, c) => {
    const k = c.proba[0].length
    const p: Classification = {
      kind: 'multiclass',
      classes: Array.from({ length: k }, (_, i) => String(i)),
      yTrue: Int32Array.from(c.y_true),
      yPred: Int32Array.from(c.y_pred),
      proba: Float64Array.from(c.proba.flat()),
    }
    for (const [name, want] of Object.entries(c.expected as Record<string, number>)) close(computeMetric(name, p), want)
  })

  it.each(REF.regression.map((c: { name: string }) => [c.name, c]) as [string, any][])('%s', (_n, c) => {
    const p: Regression = { kind: 'regression', yTrue: Float64Array.from(c.y_true), yPred: Float64Array.from(c.y_pred) }
    for (const [name, want] of Object.entries(c.expected as Record<string, number>)) close(computeMetric(name, p), want)
  })
})
