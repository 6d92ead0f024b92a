// Two-sample Kolmogorov–Smirnov test with scipy.stats.ks_2samp(method='auto') semantics.
import { kstwoSf, roundHalfEven } from './kstwo.ts'

/** Largest |F₁ − F₂| between the empirical CDFs of two sorted samples. */
function ksStatistic(a: Float64Array, b: Float64Array): number {
  const n = a.length
  const m = b.length
  let i = 0
  let j = 0
  let d = 0
  while (i < n && j < m) {
    const x = a[i] <= b[j] ? a[i] : b[j]
    while (i < n && a[i] <= x) i++
    while (j < m && b[j] <= x) j++
    const diff = Math.abs(i / n - j / m)
    if (diff > d) d = diff
  }
  return d
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b]
  return a
}

/** P(D ≥ h/n) for two samples of equal size n (exact). */
function probOutsideSquare(n: number, h: number): number {
  let p = 0
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1)
    p = p1 * (1 - p)
  }
  return 2 * p
}

/** Share of lattice paths from (0,0) to (m,n) leaving the band |nx/g − my/g| < h (exact, unequal sizes). */
function outerProbInside(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m]
  const mg = m / g
  const ng = n / g
  let minj = 0
  let maxj = Math.min(Math.ceil(h / mg), n + 1)
  let curlen = maxj - minj
  const lenA = Math.min(2 * maxj + 2, n + 1)
  const A = new Float64Array(Math.max(lenA, n + 2)).fill(1)
  for (let k = minj; k < maxj; k++) A[k] = 0
  for (let i = 1; i <= m; i++) {
    const lastminj = minj
    const lastlen = curlen
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n)
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1)
    if (maxj <= minj) return 1
    let val = minj === 0 ? 0 : 1
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j)
      A[jj] = val
    }
    curlen = maxj - minj
    if (lastlen > curlen) for (let k = maxj - minj; k < maxj - minj + (lastlen - curlen); k++) A[k] = 1
  }
  return A[maxj - minj - 1]
}

export interface KsResult {
  statistic: number
  pValue: number
  method: 'exact' | 'asymptotic'
}

/**
 * Two-sided two-sample KS on sorted samples, as scipy's ks_2samp(method='auto'): an exact p-value
 * when both samples have at most 10 000 values; above, the one-sample distribution of D_n at
 * n = round(n₁n₂/(n₁+n₂)) (scipy.stats.kstwo.sf).
 */
export function ksTwoSample(a: Float64Array, b: Float64Array): KsResult {
  return ksPValue(a.length, b.length, ksStatistic(a, b))
}

/**
 * The p-value of a two-sample KS statistic d of samples of n1 and n2 values, as ksTwoSample computes
 * it (scipy's method='auto'); `statistic` is d on the lattice of multiples of 1/lcm(n1, n2) when exact.
 */
export function ksPValue(n1: number, n2: number, d: number): KsResult {
  if (Math.max(n1, n2) <= 10_000) {
    const g = gcd(n1, n2)
    const lcm = (n1 / g) * n2
    const h = Math.round(d * lcm)
    const dd = h / lcm
    if (h === 0) return { statistic: dd, pValue: 1, method: 'exact' }
    const p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h)
    if (p >= 0 && p <= 1) return { statistic: dd, pValue: p, method: 'exact' }
  }
  const en = roundHalfEven((n1 * n2) / (n1 + n2))
  return { statistic: d, pValue: kstwoSf(en, d), method: 'asymptotic' }
}
