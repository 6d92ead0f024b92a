// Two-sample Cramér–von Mises test as scipy.stats.cramervonmises_2samp (asymptotic p-value).
import { besselK, logGamma } from './special.ts'

/** Limiting CDF of the one-sample Cramér–von Mises statistic (Csörgő & Faraway, eq. 1.3). */
export function cvmLimitCdf(x: number): number {
  let total = 0
  for (let k = 0; k < 200; k++) {
    const u = Math.exp(logGamma(k + 0.5) - logGamma(k + 1)) / (Math.PI ** 1.5 * Math.sqrt(x))
    const y = 4 * k + 1
    const q = (y * y) / (16 * x)
    const term = u * Math.sqrt(y) * Math.exp(-q) * besselK(0.25, q)
    total += term
    if (Math.abs(term) < 1e-7) break
  }
  return total
}

/** Midranks of the pooled sorted samples, returned per sample. */
function ranks(a: Float64Array, b: Float64Array): { ra: Float64Array; rb: Float64Array } {
  const ra = new Float64Array(a.length)
  const rb = new Float64Array(b.length)
  let i = 0
  let j = 0
  let rank = 0
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j]
    let ci = i
    let cj = j
    while (ci < a.length && a[ci] === x) ci++
    while (cj < b.length && b[cj] === x) cj++
    const ties = ci - i + (cj - j)
    const mid = rank + (ties + 1) / 2
    for (let k = i; k < ci; k++) ra[k] = mid
    for (let k = j; k < cj; k++) rb[k] = mid
    rank += ties
    i = ci
    j = cj
  }
  return { ra, rb }
}

export function cramerVonMises(a: Float64Array, b: Float64Array): { statistic: number; pValue: number } {
  const nx = a.length
  const ny = b.length
  const { ra, rb } = ranks(a, b)
  let ux = 0
  for (let i = 0; i < nx; i++) ux += (ra[i] - (i + 1)) ** 2
  let uy = 0
  for (let j = 0; j < ny; j++) uy += (rb[j] - (j + 1)) ** 2
  const u = nx * ux + ny * uy
  const k = nx * ny
  const N = nx + ny
  const t = u / (k * N) - (4 * k - 1) / (6 * N)
  const et = (1 + 1 / N) / 6
  const vt = ((N + 1) * (4 * k * N - 3 * (nx * nx + ny * ny) - 2 * k)) / (45 * N * N * 4 * k)
  const tn = 1 / 6 + (t - et) / Math.sqrt(45 * vt)
  const pValue = tn < 0.003 ? 1 : Math.max(0, 1 - cvmLimitCdf(tn))
  return { statistic: t, pValue }
}
