// Model metrics with scikit-learn 1.2 semantics, on optional integer weights (bootstrap resamples are weights).

const EPS = 2.220446049250313e-16

export interface Classification {
  kind: 'binary' | 'multiclass'
  classes: string[]
  /** Class index of the true label per row. */
  yTrue: Int32Array
  /** Predicted class index per row (−1 when unknown). */
  yPred?: Int32Array
  /** Binary: score of the positive class (classes[1]) per row. */
  score?: Float64Array
  /** Multiclass: probability per class, row-major (n × k). */
  proba?: Float64Array
}

export interface Regression {
  kind: 'regression'
  yTrue: Float64Array
  yPred: Float64Array
}

export type Predictions = Classification | Regression

type W = Float64Array | undefined
const wt = (w: W, i: number) => (w ? w[i] : 1)

function total(n: number, w: W): number {
  if (!w) return n
  let s = 0
  for (let i = 0; i < n; i++) s += w[i]
  return s
}

export function accuracy(p: Classification, w?: W): number {
  const t = p.yTrue
  const q = p.yPred!
  let ok = 0
  for (let i = 0; i < t.length; i++) if (t[i] === q[i]) ok += wt(w, i)
  return ok / total(t.length, w)
}

/** Per-class true positives, predicted counts and true counts. */
function confusion(p: Classification, w?: W) {
  const k = p.classes.length
  const tp = new Float64Array(k)
  const pred = new Float64Array(k)
  const actual = new Float64Array(k)
  const t = p.yTrue
  const q = p.yPred!
  for (let i = 0; i < t.length; i++) {
    const x = wt(w, i)
    actual[t[i]] += x
    if (q[i] >= 0) pred[q[i]] += x
    if (t[i] === q[i]) tp[t[i]] += x
  }
  return { tp, pred, actual }
}

const div = (a: number, b: number) => (b === 0 ? 0 : a / b)

export type Average = 'binary' | 'macro' | 'micro' | 'weighted'
export type PrfName = 'precision' | 'recall' | 'f1'

/** precision, recall or F1 with sklearn's averaging (zero_division = 0). */
function prf(name: PrfName, average: Average, p: Classification, w?: W): number {
  const { tp, pred, actual } = confusion(p, w)
  const score = (t: number, pr: number, ac: number) => {
    const precision = div(t, pr)
    const recall = div(t, ac)
    if (name === 'precision') return precision
    if (name === 'recall') return recall
    return div(2 * t, pr + ac)
  }
  if (average === 'binary') return score(tp[1], pred[1], actual[1])
  if (average === 'micro') {
    let t = 0
    let pr = 0
    let ac = 0
    for (let c = 0; c < tp.length; c++) [t, pr, ac] = [t + tp[c], pr + pred[c], ac + actual[c]]
    return score(t, pr, ac)
  }
  // labels = classes present in y_true or y_pred
  let sum = 0
  let count = 0
  let support = 0
  for (let c = 0; c < tp.length; c++) {
    if (pred[c] === 0 && actual[c] === 0) continue
    const s = score(tp[c], pred[c], actual[c])
    sum += average === 'weighted' ? s * actual[c] : s
    support += actual[c]
    count++
  }
  return average === 'weighted' ? div(sum, support) : div(sum, count)
}

function balancedAccuracy(p: Classification, w?: W): number {
  const { tp, actual } = confusion(p, w)
  let s = 0
  let n = 0
  for (let c = 0; c < tp.length; c++)
    if (actual[c] > 0) {
      s += tp[c] / actual[c]
      n++
    }
  return s / n
}

/** Binary ROC AUC (Mann–Whitney with ties averaged) for labels `pos` vs rest given scores. */
function binaryAuc(isPos: (i: number) => boolean, score: (i: number) => number, n: number, w?: W, order?: Int32Array): number {
  const idx = order ?? sortByScore(score, n)
  let pos = 0
  let neg = 0
  let area = 0
  // walk scores ascending in tie groups: each positive scores the negatives below it, half of the tied ones
  let negBelow = 0
  for (let a = 0; a < n;) {
    let b = a
    let gp = 0
    let gn = 0
    const s = score(idx[a])
    while (b < n && score(idx[b]) === s) {
      const i = idx[b]
      if (isPos(i)) gp += wt(w, i)
      else gn += wt(w, i)
      b++
    }
    area += gp * (negBelow + gn / 2)
    negBelow += gn
    pos += gp
    neg += gn
    a = b
  }
  return pos === 0 || neg === 0 ? NaN : area / (pos * neg)
}

export function sortByScore(score: (i: number) => number, n: number): Int32Array {
  const idx = Int32Array.from({ length: n }, (_, i) => i)
  return idx.sort((a, b) => score(a) - score(b))
}

/** The rows of one set of predictions in ascending score order, sorted on first use: a bootstrap's resamples share them instead of sorting again. */
export class ScoreOrders {
  private score: Int32Array | undefined
  private readonly proba: Int32Array[] = []

  constructor(private readonly p: Classification) {}

  /** By the score of the positive class (binary). */
  byScore(): Int32Array {
    const score = this.p.score!
    return (this.score ??= sortByScore((i) => score[i], score.length))
  }

  /** By the probability of class `c` (multiclass: column c of the row-major matrix). */
  byClass(c: number): Int32Array {
    const proba = this.p.proba!
    const k = this.p.classes.length
    return (this.proba[c] ??= sortByScore((i) => proba[i * k + c], proba.length / k))
  }
}

/** Binary AUC over a precomputed ascending score order, weights optional (the bootstrap's hot loop). */
function binaryAucOrdered(y: Int32Array, score: Float64Array, idx: Int32Array, w: W): number {
  const n = idx.length
  let pos = 0
  let neg = 0
  let area = 0
  let negBelow = 0
  for (let a = 0; a < n;) {
    const s = score[idx[a]]
    let gp = 0
    let gn = 0
    let b = a
    for (; b < n && score[idx[b]] === s; b++) {
      const i = idx[b]
      const x = w ? w[i] : 1
      if (y[i] === 1) gp += x
      else gn += x
    }
    area += gp * (negBelow + gn / 2)
    negBelow += gn
    pos += gp
    neg += gn
    a = b
  }
  return pos === 0 || neg === 0 ? NaN : area / (pos * neg)
}

function rocAuc(p: Classification, w?: W, orders = new ScoreOrders(p)): number {
  if (p.kind === 'binary') return binaryAucOrdered(p.yTrue, p.score!, orders.byScore(), w)
  const k = p.classes.length
  let s = 0
  for (let c = 0; c < k; c++)
    s += binaryAuc(
      (i) => p.yTrue[i] === c,
      (i) => p.proba![i * k + c],
      p.yTrue.length,
      w,
      orders.byClass(c),
    )
  return s / k
}

/** Average precision: Σ (Rₙ − Rₙ₋₁)·Pₙ over descending score thresholds. */
function averagePrecision(p: Classification, w?: W, orders = new ScoreOrders(p)): number {
  const n = p.yTrue.length
  const ascending = orders.byScore()
  let positives = 0
  for (let i = 0; i < n; i++) if (p.yTrue[i] === 1) positives += wt(w, i)
  let tp = 0
  let fp = 0
  let ap = 0
  let prevRecall = 0
  const idx = (j: number) => ascending[n - 1 - j]
  for (let a = 0; a < n;) {
    let b = a
    const s = p.score![idx(a)]
    while (b < n && p.score![idx(b)] === s) {
      const i = idx(b)
      if (p.yTrue[i] === 1) tp += wt(w, i)
      else fp += wt(w, i)
      b++
    }
    const recall = positives === 0 ? 0 : tp / positives
    ap += (recall - prevRecall) * (tp + fp === 0 ? 0 : tp / (tp + fp))
    prevRecall = recall
    a = b
  }
  return ap
}

function logLoss(p: Classification, w?: W): number {
  const n = p.yTrue.length
  let s = 0
  if (p.kind === 'binary') {
    for (let i = 0; i < n; i++) {
      const q = Math.min(Math.max(p.score![i], EPS), 1 - EPS)
      s -= wt(w, i) * (p.yTrue[i] === 1 ? Math.log(q) : Math.log(1 - q))
    }
  } else {
    const k = p.classes.length
    for (let i = 0; i < n; i++) {
      let rowSum = 0
      for (let c = 0; c < k; c++) rowSum += Math.min(Math.max(p.proba![i * k + c], EPS), 1 - EPS)
      const q = Math.min(Math.max(p.proba![i * k + p.yTrue[i]], EPS), 1 - EPS) / rowSum
      s -= wt(w, i) * Math.log(q)
    }
  }
  return s / total(n, w)
}

export function brier(p: Classification, w?: W): number {
  let s = 0
  for (let i = 0; i < p.yTrue.length; i++) s += wt(w, i) * ((p.yTrue[i] === 1 ? 1 : 0) - p.score![i]) ** 2
  return s / total(p.yTrue.length, w)
}

function regressionMetric(name: 'mae' | 'mse' | 'rmse' | 'r2' | 'mape', p: Regression, w?: W): number {
  const { yTrue: t, yPred: q } = p
  const n = total(t.length, w)
  let s = 0
  if (name === 'r2') {
    let mean = 0
    for (let i = 0; i < t.length; i++) mean += wt(w, i) * t[i]
    mean /= n
    let ss = 0
    for (let i = 0; i < t.length; i++) {
      s += wt(w, i) * (t[i] - q[i]) ** 2
      ss += wt(w, i) * (t[i] - mean) ** 2
    }
    return ss === 0 ? (s === 0 ? 1 : 0) : 1 - s / ss
  }
  for (let i = 0; i < t.length; i++) {
    const e = t[i] - q[i]
    s += wt(w, i) * (name === 'mae' ? Math.abs(e) : name === 'mape' ? Math.abs(e) / Math.max(Math.abs(t[i]), EPS) : e * e)
  }
  return name === 'rmse' ? Math.sqrt(s / n) : s / n
}

/** Every metric name mlgate computes, by task kind. */
export const CLASSIFICATION_METRICS = [
  'accuracy',
  'balanced_accuracy',
  'precision',
  'recall',
  'f1',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'precision_micro',
  'recall_micro',
  'f1_micro',
  'precision_weighted',
  'recall_weighted',
  'f1_weighted',
  'roc_auc',
  'average_precision',
  'log_loss',
  'brier',
] as const
export const REGRESSION_METRICS = ['mae', 'mse', 'rmse', 'r2', 'mape'] as const

/** Computes a named metric; undefined when it does not apply (e.g. roc_auc without scores). `orders` are the classification's, reused across calls. */
export function computeMetric(name: string, p: Predictions, w?: W, orders?: ScoreOrders): number | undefined {
  if (p.kind === 'regression') return (REGRESSION_METRICS as readonly string[]).includes(name) ? regressionMetric(name as 'mae', p, w) : undefined
  const hasPred = p.yPred !== undefined
  const hasScore = p.kind === 'binary' ? p.score !== undefined : p.proba !== undefined
  const m = /^(precision|recall|f1)(?:_(macro|micro|weighted))?$/.exec(name)
  if (m) return hasPred ? prf(m[1] as PrfName, (m[2] ?? (p.kind === 'binary' ? 'binary' : 'macro')) as Average, p, w) : undefined
  switch (name) {
    case 'accuracy':
      return hasPred ? accuracy(p, w) : undefined
    case 'balanced_accuracy':
      return hasPred ? balancedAccuracy(p, w) : undefined
    case 'roc_auc':
      return hasScore ? rocAuc(p, w, orders) : undefined
    case 'average_precision':
      return p.kind === 'binary' && hasScore ? averagePrecision(p, w, orders) : undefined
    case 'log_loss':
      return hasScore ? logLoss(p, w) : undefined
    case 'brier':
      return p.kind === 'binary' && hasScore ? brier(p, w) : undefined
  }
  return undefined
}
