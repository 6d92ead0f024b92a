import { delong, mcnemar, pairedBootstrap, percentileInterval, ResampleCounter } from '../stats/compare/index.ts'
import { normalSf } from '../stats/special.ts'
import { ConfigurationError } from '../errors.ts'
import { aucBootstrap } from './auc-bootstrap.ts'
import type { Classification, Predictions } from './metrics.ts'
import { computeMetric, ScoreOrders } from './metrics.ts'

export type Significance = 'none' | 'bootstrap' | 'mcnemar' | 'delong'

export interface Interval {
  ci: [number, number]
  pValue?: number
  test: string
}

function zFor(confidence: number): number {
  // inverse normal by bisection on the survival function
  let lo = 0
  let hi = 10
  const target = (1 - confidence) / 2
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2
    const sf = normalSf(mid)
    if (sf > target) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

export function checkSameRows(a: Predictions, b: Predictions): void {
  if (a.yTrue.length !== b.yTrue.length) throw new ConfigurationError(`predictions and baseline-predictions must cover the same evaluation rows: ${a.yTrue.length} vs ${b.yTrue.length} rows.`)
  for (let i = 0; i < a.yTrue.length; i++)
    if (a.yTrue[i] !== b.yTrue[i]) throw new ConfigurationError(`predictions and baseline-predictions differ in y_true at row ${i + 1}: they must be the same evaluation rows in the same order.`)
}

/** Confidence interval of candidate − baseline for one metric, by the chosen method. */
export function intervalFor(metric: string, cand: Predictions, base: Predictions, method: Significance, o: { confidence: number; resamples: number; seed: number }): Interval | undefined {
  if (computeMetric(metric, cand) === undefined || computeMetric(metric, base) === undefined) return undefined
  if (method === 'mcnemar') {
    if (cand.kind === 'regression' || base.kind === 'regression' || metric !== 'accuracy') return intervalFor(metric, cand, base, 'bootstrap', o)
    let b = 0
    let c = 0
    for (let i = 0; i < cand.yTrue.length; i++) {
      const ca = cand.yPred![i] === cand.yTrue[i]
      const ba = base.yPred![i] === base.yTrue[i]
      if (ca && !ba) b++
      else if (!ca && ba) c++
    }
    const n = cand.yTrue.length
    const d = (b - c) / n
    const se = Math.sqrt(Math.max(0, b + c - (b - c) ** 2 / n)) / n
    const z = zFor(o.confidence)
    return { ci: [d - z * se, d + z * se], pValue: mcnemar(b, c).pValue, test: `McNemar (b=${b}, c=${c})` }
  }
  if (method === 'delong') {
    if (cand.kind !== 'binary' || base.kind !== 'binary' || metric !== 'roc_auc' || !cand.score || !base.score) return intervalFor(metric, cand, base, 'bootstrap', o)
    const r = delong(Uint8Array.from(cand.yTrue), cand.score, base.score)
    const z = zFor(o.confidence)
    return { ci: [r.delta - z * r.se, r.delta + z * r.se], pValue: r.pValue, test: 'DeLong' }
  }
  if (metric === 'roc_auc' && cand.kind === 'binary' && base.kind === 'binary' && cand.score && base.score) {
    const r = aucBootstrap(cand, base, o)
    return { ci: r.ci, test: `paired bootstrap (${r.resamples} resamples, seed ${o.seed})` }
  }
  if (CONFUSION.test(metric) && cand.kind !== 'regression' && base.kind !== 'regression' && cand.yPred && base.yPred) return cellBootstrap(metric, cand, base, o)
  const ordersA = cand.kind === 'regression' ? undefined : new ScoreOrders(cand)
  const ordersB = base.kind === 'regression' ? undefined : new ScoreOrders(base)
  const r = pairedBootstrap(cand.yTrue.length, (w) => computeMetric(metric, cand, w, ordersA)! - computeMetric(metric, base, w, ordersB)!, o)
  return { ci: r.ci, test: `paired bootstrap (${r.resamples} resamples, seed ${o.seed})` }
}

/** Metrics that depend only on (true label, predicted label) counts. */
const CONFUSION = /^(accuracy|balanced_accuracy|(precision|recall|f1)(_(macro|micro|weighted))?)$/

/**
 * The same paired bootstrap for confusion-based metrics, computed on cells: every row falls in a cell
 * (true label, candidate label, baseline label); a resample draws n rows and counts them per cell,
 * and the metric is evaluated on the cells weighted by those counts. Identical in distribution to
 * resampling rows, and far cheaper per resample.
 */
function cellBootstrap(metric: string, cand: Classification, base: Classification, o: { confidence: number; resamples: number; seed: number }): Interval {
  const k = cand.classes.length
  const n = cand.yTrue.length
  const cellOf = new Int32Array(n)
  const index = new Map<number, number>()
  const yT: number[] = []
  const yC: number[] = []
  const yB: number[] = []
  for (let i = 0; i < n; i++) {
    const key = (cand.yTrue[i] * (k + 1) + (cand.yPred![i] + 1)) * (k + 1) + (base.yPred![i] + 1)
    let c = index.get(key)
    if (c === undefined) {
      c = yT.length
      index.set(key, c)
      yT.push(cand.yTrue[i])
      yC.push(cand.yPred![i])
      yB.push(base.yPred![i])
    }
    cellOf[i] = c
  }
  const cellsC: Classification = { kind: cand.kind, classes: cand.classes, yTrue: Int32Array.from(yT), yPred: Int32Array.from(yC) }
  const cellsB: Classification = { kind: cand.kind, classes: cand.classes, yTrue: Int32Array.from(yT), yPred: Int32Array.from(yB) }
  const delta = (w: Float64Array) => computeMetric(metric, cellsC, w)! - computeMetric(metric, cellsB, w)!
  const draws = new ResampleCounter(o.seed, n)
  const deltas = new Float64Array(o.resamples)
  const w = new Float64Array(yT.length)
  let used = 0
  for (let r = 0; r < o.resamples; r++) {
    draws.draw(w, cellOf)
    const d = delta(w)
    if (Number.isFinite(d)) deltas[used++] = d
  }
  return { ci: percentileInterval(deltas.subarray(0, used), o.confidence), test: `paired bootstrap (${used} resamples, seed ${o.seed})` }
}
