// Paired comparisons of a candidate and a baseline model on the same evaluation rows.
import { chiSquareSf, normalSf } from './special.ts'

/** Seeded PRNG (mulberry32): the same seed gives the same resamples on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface BootstrapResult {
  delta: number
  ci: [number, number]
  resamples: number
}

/**
 * Paired bootstrap of a metric difference: each resample draws n rows with replacement (as integer
 * weights) and evaluates candidate − baseline on the same rows; percentile confidence interval.
 */
export function pairedBootstrap(n: number, metricDelta: (w: Float64Array | undefined) => number, o: { resamples: number; confidence: number; seed: number }): BootstrapResult {
  // xorshift32 seeded from the seed: drawing n indexes is most of the cost of a resample
  let x = (Math.floor(seededRandom(o.seed)() * 0xffffffff) | 1) >>> 0
  const scale = n / 4294967296
  const w = new Float64Array(n)
  const deltas = new Float64Array(o.resamples)
  let used = 0
  for (let r = 0; r < o.resamples; r++) {
    w.fill(0)
    for (let i = 0; i < n; i++) {
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
      w[((x >>> 0) * scale) | 0]++
    }
    const d = metricDelta(w)
    if (Number.isFinite(d)) deltas[used++] = d
  }
  const sorted = deltas.subarray(0, used).sort()
  const alpha = (1 - o.confidence) / 2
  const at = (p: number) => {
    const idx = p * (used - 1)
    const lo = Math.floor(idx)
    const hi = Math.min(lo + 1, used - 1)
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (idx - lo)
  }
  return { delta: metricDelta(undefined), ci: used ? [at(alpha), at(1 - alpha)] : [NaN, NaN], resamples: used }
}

/** ln C(n, k) */
function logChoose(n: number, k: number): number {
  let s = 0
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i)
  return s
}

/**
 * McNemar's test on the discordant pairs b (only the candidate right) and c (only the baseline right):
 * exact two-sided binomial when b + c < 25, else χ² with continuity correction (statsmodels' conventions).
 */
export function mcnemar(b: number, c: number): { statistic: number; pValue: number; exact: boolean } {
  const n = b + c
  if (n < 25) {
    const k = Math.min(b, c)
    let cdf = 0
    for (let i = 0; i <= k; i++) cdf += Math.exp(logChoose(n, i) - n * Math.LN2)
    return { statistic: k, pValue: Math.min(1, 2 * cdf), exact: true }
  }
  const stat = (Math.abs(b - c) - 1) ** 2 / n
  return { statistic: stat, pValue: chiSquareSf(stat, 1), exact: false }
}

/** DeLong's test for the difference of two correlated ROC AUCs on the same rows (binary labels). */
export function delong(yPositive: Uint8Array, a: Float64Array, b: Float64Array): { aucA: number; aucB: number; delta: number; se: number; z: number; pValue: number } {
  const pos: number[] = []
  const neg: number[] = []
  yPositive.forEach((v, i) => (v ? pos : neg).push(i))
  const m = pos.length
  const n = neg.length
  const place = (s: Float64Array) => {
    // placement values via sorting: V10(x) = share of negatives below x (+½ ties); V01(y) = share of positives above y (+½ ties)
    const negScores = Float64Array.from(neg, (i) => s[i]).sort()
    const posScores = Float64Array.from(pos, (i) => s[i]).sort()
    const below = (arr: Float64Array, x: number) => {
      let lo = 0
      let hi = arr.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (arr[mid] < x) lo = mid + 1
        else hi = mid
      }
      let eq = lo
      while (eq < arr.length && arr[eq] === x) eq++
      return { less: lo, ties: eq - lo }
    }
    const v10 = Float64Array.from(pos, (i) => {
      const r = below(negScores, s[i])
      return (r.less + r.ties / 2) / n
    })
    const v01 = Float64Array.from(neg, (i) => {
      const r = below(posScores, s[i])
      return (m - r.less - r.ties + r.ties / 2) / m
    })
    let auc = 0
    for (const v of v10) auc += v
    return { v10, v01, auc: auc / m }
  }
  const A = place(a)
  const B = place(b)
  const cov = (x: Float64Array, y: Float64Array) => {
    const len = x.length
    let mx = 0
    let my = 0
    for (let i = 0; i < len; i++) [mx, my] = [mx + x[i] / len, my + y[i] / len]
    let s = 0
    for (let i = 0; i < len; i++) s += (x[i] - mx) * (y[i] - my)
    return s / (len - 1)
  }
  const s10 = cov(A.v10, A.v10) + cov(B.v10, B.v10) - 2 * cov(A.v10, B.v10)
  const s01 = cov(A.v01, A.v01) + cov(B.v01, B.v01) - 2 * cov(A.v01, B.v01)
  const se = Math.sqrt(s10 / m + s01 / n)
  const delta = A.auc - B.auc
  const z = se === 0 ? 0 : delta / se
  return { aucA: A.auc, aucB: B.auc, delta, se, z, pValue: se === 0 ? 1 : Math.min(1, 2 * normalSf(Math.abs(z))) }
}
