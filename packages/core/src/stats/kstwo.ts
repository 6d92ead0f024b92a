// Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n, P(D_n ≥ x), as
// scipy.stats.kstwo.sf computes it (Simard & L'Ecuyer 2011): Ruben–Gambino at the edges, twice the
// exact one-sided Smirnov tail for large deviations, the Durbin matrix (Marsaglia–Tsang–Wang) where
// it is cheap, and the Pelz–Good expansion for large n. scipy's two-sample KS uses it with
// n = round(n₁n₂ / (n₁ + n₂)) above 10 000 values.
import { logGamma } from './special.ts'

const SQRT_2PI = Math.sqrt(2 * Math.PI)
const PI2 = Math.PI * Math.PI
const PI4 = PI2 * PI2
const PI6 = PI4 * PI2

/** numpy's round: half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x)
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r
}

/** log(n! / nⁿ). */
function logFactorialOverPower(n: number): number {
  return logGamma(n + 1) - n * Math.log(n)
}

/** P(D⁺_n ≥ d), the exact one-sided tail (Birnbaum–Tingey), summed in logs. */
function smirnovSf(n: number, d: number): number {
  if (d <= 0) return 1
  if (d >= 1) return 0
  const last = Math.floor(n * (1 - d))
  let sum = 0
  let peak = -Infinity
  // log C(n, j), updated term by term
  let logBinom = 0
  for (let j = 0; j <= last; j++) {
    if (j > 0) logBinom += Math.log((n - j + 1) / j)
    const a = 1 - d - j / n
    const b = d + j / n
    if (a <= 0) break
    const logTerm = logBinom + (n - j) * Math.log(a) + (j - 1) * Math.log(b)
    if (logTerm > peak) peak = logTerm
    const t = Math.exp(logTerm)
    sum += t
    // the terms rise to one peak and fall; stop once they no longer count
    if (logTerm < peak - 50) break
  }
  return Math.min(1, Math.max(0, d * sum))
}

/** Product of square matrices of order m (row-major). */
function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const c = new Float64Array(m * m)
  for (let i = 0; i < m; i++)
    for (let k = 0; k < m; k++) {
      const x = a[i * m + k]
      if (x === 0) continue
      for (let j = 0; j < m; j++) c[i * m + j] += x * b[k * m + j]
    }
  return c
}

/** P(D_n < d) by the Durbin matrix, powered with decimal exponent bookkeeping (Marsaglia, Tsang & Wang 2003). */
function durbinCdf(n: number, d: number): number {
  const k = Math.floor(n * d) + 1
  const m = 2 * k - 1
  const h = k - n * d
  const H = new Float64Array(m * m)
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) H[i * m + j] = i - j + 1 >= 0 ? 1 : 0
  for (let i = 0; i < m; i++) {
    H[i * m] -= h ** (i + 1)
    H[(m - 1) * m + i] -= h ** (m - i)
  }
  if (2 * h - 1 > 0) H[(m - 1) * m] += (2 * h - 1) ** m
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++)
      if (i - j + 1 > 0) {
        let f = 1
        for (let g = 2; g <= i - j + 1; g++) f *= g
        H[i * m + j] /= f
      }
  // H^n by squaring; keep entries near 1 by moving powers of ten into an exponent
  let result: Float64Array | undefined
  let resultExp = 0
  let base: Float64Array = H
  let baseExp = 0
  for (let e = n; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) {
      if (!result) {
        result = base
        resultExp = baseExp
      } else {
        result = multiply(result, base, m)
        resultExp += baseExp
      }
      const centre = result[(k - 1) * m + (k - 1)]
      if (centre > 1e140) {
        for (let i = 0; i < result.length; i++) result[i] *= 1e-140
        resultExp += 140
      }
    }
    if (e > 1) {
      base = multiply(base, base, m)
      baseExp *= 2
      const centre = base[(k - 1) * m + (k - 1)]
      if (centre > 1e140) {
        for (let i = 0; i < base.length; i++) base[i] *= 1e-140
        baseExp += 140
      }
    }
  }
  let s = result![(k - 1) * m + (k - 1)]
  let exp = resultExp
  for (let i = 1; i <= n; i++) {
    s = (s * i) / n
    if (s < 1e-140) {
      s *= 1e140
      exp -= 140
    }
  }
  return s * 10 ** exp
}

/** P(D_n ≤ x) by the Pelz–Good expansion K₀ + K₁/√n + K₂/n + K₃/n^{3/2} in z = x√n. */
function pelzGoodCdf(n: number, x: number): number {
  const z = Math.sqrt(n) * x
  const z2 = z * z
  const z4 = z2 * z2
  const z6 = z4 * z2
  const logQ = -PI2 / 8 / z2
  if (logQ < -708) return 0
  const q = Math.exp(logQ)
  const terms = Math.ceil((16 * z) / Math.PI)
  // sums over odd m = 2k − 1 of polynomials in m² times q^(m²)
  const k = [0, 0, 0, 0]
  for (let i = 1; i <= terms; i++) {
    const m2 = (2 * i - 1) ** 2
    const w = q ** m2
    k[0] += w
    k[1] += (-z2 + (PI2 / 4) * m2) * w
    k[2] += (6 * z6 + 2 * z4 + ((2 * z4 - 5 * z2) * PI2 * m2) / 4 + (PI4 * (1 - 2 * z2) * m2 * m2) / 16) * w
    k[3] += (-30 * z6 - 90 * z6 * z2 + (PI2 * (135 * z4 - 96 * z6) * m2) / 4 + (PI4 * (-60 * z2 + 212 * z4) * m2 * m2) / 16 + (PI6 * (5 - 30 * z2) * m2 * m2 * m2) / 64) * w
  }
  k[0] *= SQRT_2PI / z
  k[1] *= SQRT_2PI / (6 * z4)
  k[2] *= SQRT_2PI / (72 * z6 * z)
  k[3] *= SQRT_2PI / (6480 * z6 * z4)
  // sums over all integers k of k² and (3z² − π²k²)k² times r^(k²)
  const r = Math.exp(-PI2 / 2 / z2)
  let s2 = 0
  let s3 = 0
  for (let i = 1; i <= terms; i++) {
    const w = i * i * r ** (i * i)
    s2 += w
    s3 += (3 * z2 - PI2 * i * i) * w
  }
  k[2] -= (PI2 * SQRT_2PI * s2) / (36 * z2 * z)
  k[3] += (PI2 * SQRT_2PI * s3) / (216 * z6)
  return k[0] + k[1] / Math.sqrt(n) + k[2] / n + k[3] / (n * Math.sqrt(n))
}

const clip = (p: number) => Math.min(1, Math.max(0, p))

/** P(D_n ≥ x) for the two-sided one-sample statistic (scipy.stats.kstwo.sf). */
export function kstwoSf(n: number, x: number): number {
  if (x >= 1) return 0
  if (x <= 0) return 1
  const t = n * x
  if (t <= 1) {
    if (t <= 0.5) return 1
    return clip(1 - Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1)))
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n)
  if (x >= 0.5) return clip(2 * smirnovSf(n, x))
  const nx2 = t * x
  if (n <= 140) {
    if (nx2 <= 4) return clip(1 - durbinCdf(n, x))
    return clip(2 * smirnovSf(n, x))
  }
  if (nx2 >= 370) return 0
  if (nx2 >= 2.2) return clip(2 * smirnovSf(n, x))
  const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? durbinCdf(n, x) : pelzGoodCdf(n, x)
  return clip(1 - cdf)
}
